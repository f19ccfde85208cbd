"""Lost updates (decision 0023): two business managers change one notice template at
once; the second save, made from the page as it was, is refused with the first change shown and
the input kept; saved again, it is accepted."""

import pytest

from reviewdesk.accounts.models import User
from reviewdesk.notices.models import NoticeTemplate
from reviewdesk.testing import ClientFor
from reviewdesk.two_sessions import (
    assert_refused,
    assert_refused_without_version,
    open_in_both,
    posted,
)

pytestmark = pytest.mark.django_db

URL = "/settings/notices/task_reminder/"



def test_the_second_of_two_template_saves_from_one_version_is_refused_and_keeps_its_input(
        business_manager: User, deputy: User, client_for: ClientFor) -> None:
    manager, other = client_for(business_manager), client_for(deputy)
    seen_by_manager, seen_by_deputy = open_in_both(URL, manager, other)
    assert other.post(URL, posted({"subject": "Please act", "body": "From the deputy."},
                                  seen_by_deputy)).status_code == 302
    refused = manager.post(URL, posted({"subject": "Reminder", "body": "From the manager."},
                                       seen_by_manager))
    new_version = assert_refused(refused, who="Dee Deputy", theirs=["From the deputy."],
                                 kept=["From the manager."])
    assert NoticeTemplate.objects.get(key="task_reminder").body == "From the deputy."
    assert manager.post(URL, posted({"subject": "Reminder", "body": "From both."},
                                    new_version)).status_code == 302
    template = NoticeTemplate.objects.get(key="task_reminder")
    assert (template.body, template.updated_by, template.version) == (
        "From both.", business_manager, 3)


def test_a_template_save_without_a_version_is_refused(business_manager: User, client_for: ClientFor) -> None:
    client = client_for(business_manager)
    client.get(URL)
    assert_refused_without_version(client.post(URL, {"subject": "S", "body": "Overwrite?"}))
    assert NoticeTemplate.objects.get(key="task_reminder").body != "Overwrite?"
