"""At the end of its time on the website a report becomes available on request, moved by the
daily reminders job on its planned end date (not the day before), once; the business unit is
told a week before and on the day, once each however often the job runs."""

from datetime import date

import pytest
from django.core.management import call_command

from reviewdesk.audit.models import AuditEvent
from reviewdesk.notices.models import Notice
from reviewdesk.on_request import actions
from reviewdesk.on_request.selectors import needs
from reviewdesk.publication.models import Publication
from reviewdesk.publication.testing import make_publication

# Published on Monday 4 January 2027 for 6 months: on the website until Sunday 4 July 2027.
PUBLISHED_ON, ENDS_ON = date(2027, 1, 4), date(2027, 7, 4)
WEEK_BEFORE = date(2027, 6, 27)


@pytest.fixture
def on_website(at_publication, business_manager):
    publication = make_publication(at_publication, by=business_manager, published_on=PUBLISHED_ON,
                                   title="Child K", slug="child-k")
    assert publication.ends_on == ENDS_ON
    return publication


def run_reminders(today_is, day):
    today_is(day)
    call_command("send_reminders", stdout=open("/dev/null", "w"))


def ending_notices(kind):
    return Notice.objects.filter(dedupe_key__startswith="on_request:ending:",
                                 dedupe_key__endswith=f":{kind}")


def test_the_week_before_the_business_unit_is_told_once(on_website, business_manager, today_is):
    run_reminders(today_is, date(2027, 6, 26))
    assert not ending_notices("week").exists()
    for day in (WEEK_BEFORE, WEEK_BEFORE, date(2027, 6, 30)):
        run_reminders(today_is, day)
    notice = ending_notices("week").get()
    assert notice.recipients == [business_manager.email]
    assert "Child K" in notice.subject and "4 July 2027" in notice.subject
    assert notice.review_id == on_website.review_id
    on_website.refresh_from_db()
    assert on_website.state == Publication.State.PUBLISHED


def test_the_business_unit_inbox_is_used_where_there_is_one(on_website, partnership, today_is):
    partnership.business_unit_email = "business.unit@example.test"
    partnership.save()
    run_reminders(today_is, WEEK_BEFORE)
    assert ending_notices("week").get().recipients == ["business.unit@example.test"]


def test_it_becomes_available_on_request_on_the_day_not_before_once(on_website, business_manager,
                                                                    today_is):
    run_reminders(today_is, date(2027, 7, 3))
    on_website.refresh_from_db()
    assert on_website.state == Publication.State.PUBLISHED
    assert not ending_notices("day").exists()
    for _ in range(3):
        run_reminders(today_is, ENDS_ON)
    on_website.refresh_from_db()
    assert on_website.state == Publication.State.ON_REQUEST
    assert on_website.on_request_since == ENDS_ON
    assert ending_notices("day").count() == 1
    event = AuditEvent.objects.get(event_type="on_request.moved_to_on_request")
    assert event.actor is None  # Review Desk itself
    assert event.data["effective_on"] == "2027-07-04"
    entry = on_website.review.timeline.get(title__contains="available on request")
    assert entry.effective_on == ENDS_ON and entry.recorded_by is None  # Review Desk, by itself
    run_reminders(today_is, date(2027, 7, 10))
    assert AuditEvent.objects.filter(event_type="on_request.moved_to_on_request").count() == 1
    assert on_website.review.timeline.filter(title__contains="available on request").count() == 1


def test_a_late_run_moves_it_dated_its_end_date(on_website, today_is):
    run_reminders(today_is, date(2027, 7, 7))
    on_website.refresh_from_db()
    assert on_website.state == Publication.State.ON_REQUEST
    assert on_website.on_request_since == ENDS_ON
    # The week's warning is past: only the day's notice goes.
    assert not ending_notices("week").exists() and ending_notices("day").count() == 1


@pytest.mark.parametrize("state", [Publication.State.SCHEDULED, Publication.State.WITHDRAWN,
                                   Publication.State.ON_REQUEST])
def test_only_a_report_on_the_website_is_moved(at_publication, business_manager, today_is, state):
    publication = make_publication(at_publication, by=business_manager, state=state,
                                   published_on=PUBLISHED_ON)
    today_is(date(2027, 8, 1))
    assert actions.end_website_period(publication, today=date(2027, 8, 1)) is None
    publication.refresh_from_db()
    assert publication.state == state


def test_the_business_manager_sees_it_coming_on_their_home_page(on_website, business_manager,
                                                               partner, today_is):
    today_is(date(2027, 6, 1))
    assert not [n for n in needs(business_manager, date(2027, 6, 1)) if "website" in n.what]
    today_is(WEEK_BEFORE)
    items = [n for n in needs(business_manager, WEEK_BEFORE) if "time on the website" in n.what]
    assert len(items) == 1 and items[0].due_on == ENDS_ON
    assert not needs(partner, WEEK_BEFORE)


def test_the_review_page_shows_review_desk_made_the_move(on_website, today_is, client_for,
                                                         business_manager):
    run_reminders(today_is, ENDS_ON)
    page = client_for(business_manager).get(f"/reviews/{on_website.review.uuid}/")
    assert page.status_code == 200
    text = page.content.decode()
    at = text.index("it is now available on request")
    assert "by Review Desk" in text[at:at + 600]
