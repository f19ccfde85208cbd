"""The reminder: once, 2 working days before the round closes, to each commenter who has not
commented, through the notices' templates; the round records when it went."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command

from reviewdesk.accounts.models import User
from reviewdesk.comments import actions
from reviewdesk.comments.notices import ROUND_REMINDER
from reviewdesk.comments.tests.conftest import PARAGRAPHS
from reviewdesk.notices.models import Notice
from reviewdesk.reports.tests.helpers import version_of

pytestmark = pytest.mark.django_db


def test_commenters_who_have_not_commented_are_reminded_once(
        today_is, registered, lead_reviewer: User, business_manager: User, subgroup_member: User,
        partner: User) -> None:
    today_is(date(2026, 12, 22))
    version = version_of(registered, lead_reviewer, *PARAGRAPHS, scan=False)
    # Closes on Monday 4 January 2027, over Christmas and New Year.
    round_ = actions.open_round(registered, by=business_manager, version=version,
                                working_days=6)
    actions.make_comment(round_, by=subgroup_member, text="Done already.")
    today_is(date(2026, 12, 29))  # 3 working days before: not yet
    call_command("send_reminders")
    assert not Notice.objects.filter(purpose=f"reminder:{ROUND_REMINDER}").exists()
    today_is(date(2026, 12, 31))  # Thursday; 1 January is a bank holiday: 2 working days before
    call_command("send_reminders")
    call_command("send_reminders")
    notices = list(Notice.objects.filter(purpose=f"reminder:{ROUND_REMINDER}"))
    assert [n.recipients for n in notices] == [[partner.email]]
    notice = notices[0]
    assert "4 January 2027" in notice.subject
    assert f"/report-comments/{round_.number}/" in notice.body
    assert "Kayden" not in notice.subject + notice.body  # e-mail names the child by pseudonym
    round_.refresh_from_db()
    assert round_.reminded_at is not None
    today_is(date(2027, 1, 4) + timedelta(days=0))
    call_command("send_reminders")
    assert Notice.objects.filter(purpose=f"reminder:{ROUND_REMINDER}").count() == 1
