"""A review at the chronology stage (partners decided, terms of reference shared) with the
practitioner on its practitioner list, their manager, and their agency's support service."""

import pytest

from reviewdesk.accounts.models import Agency, Partnership, User
from reviewdesk.commissioning.testing import walk
from reviewdesk.informing.tests.helpers import on_the_list
from reviewdesk.reviews.models import Review
from reviewdesk.staff.models import Practitioner, SupportService


@pytest.fixture
def manager(partnership: Partnership, agencies: dict[str, Agency]) -> User:
    return User.objects.create_user("manny.manager@example.test", "x", full_name="Manny Manager",
                                    partnership=partnership, agency=agencies["health"],
                                    job_title="Health visiting team leader")


@pytest.fixture
def at_chronology(review: Review, business_manager: User) -> Review:
    return walk(review, business_manager, "chronology")


@pytest.fixture
def listed(at_chronology: Review, practitioner: User, business_manager: User,
           manager: User, agencies: dict[str, Agency]) -> Practitioner:
    SupportService.objects.create(agency=agencies["health"], name="Health Staff Wellbeing Line",
                                  how_to_reach="Call 0800 000 111, weekdays 8am to 8pm",
                                  changed_by=business_manager)
    return on_the_list(at_chronology, practitioner, by=business_manager, manager=manager)
