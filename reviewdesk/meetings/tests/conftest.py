"""Two practitioners on the review for the meetings' tests: the suite's practitioner and a
colleague from the same agency."""

import pytest

from reviewdesk.accounts.models import Agency, User
from reviewdesk.meetings.tests.helpers import practitioner_on
from reviewdesk.reviews.models import Review
from reviewdesk.staff.models import Practitioner


@pytest.fixture
def colleague(partnership: object, agencies: dict[str, Agency]) -> User:
    return User.objects.create_user("nina.nurse@example.test", "x", full_name="Nina Nurse",
                                    partnership=partnership, agency=agencies["health"],
                                    job_title="School Nurse")


@pytest.fixture
def two(review: Review, business_manager: User, practitioner: User,
        colleague: User) -> list[Practitioner]:
    return [practitioner_on(review, practitioner, business_manager),
            practitioner_on(review, colleague, business_manager, job="School Nurse")]
