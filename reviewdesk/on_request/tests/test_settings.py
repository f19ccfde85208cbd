"""The partnership's website period and request deadline: set on the settings page by the
business manager, audited, and fixed on each report at publication (a change moves no end date
already set)."""

import pytest
from django.core.exceptions import PermissionDenied

from reviewdesk.audit.models import AuditEvent
from reviewdesk.on_request import actions

URL = "/settings/publication/"


def form(partnership, **values):
    return {"website_months": "12", "request_working_days": "15",
            "version": str(partnership.version), **values}


def test_the_page_shows_the_defaults_and_national_guidance_beside_them(
        business_manager, partnership, client_for):
    page = client_for(business_manager).get(URL)
    assert page.status_code == 200
    text = page.content.decode()
    assert 'value="6"' in text and 'value="20"' in text
    assert "at least a year" in text


def test_the_business_manager_changes_them_audited(business_manager, partnership, client_for):
    response = client_for(business_manager).post(URL, form(partnership))
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert (partnership.website_months, partnership.request_working_days) == (12, 15)
    event = AuditEvent.objects.get(event_type="on_request.settings_changed")
    assert event.actor == business_manager
    assert event.data["before"] == {"website_months": 6, "request_working_days": 20}
    assert event.data["after"] == {"website_months": 12, "request_working_days": 15}
    assert "effective_on" in event.data


def test_a_change_does_not_move_a_published_report_s_end_date(business_manager, partnership,
                                                               published, client_for):
    ends_on = published.ends_on
    client_for(business_manager).post(URL, form(partnership, website_months="24"))
    published.refresh_from_db()
    assert published.ends_on == ends_on and published.months_on_website == 6


@pytest.mark.parametrize("values, field, message", [
    ({"website_months": "0"}, "website_months", "from 1 to 60"),
    ({"website_months": "61"}, "website_months", "from 1 to 60"),
    ({"website_months": "six"}, "website_months", "whole number"),
    ({"website_months": ""}, "website_months", "Enter the number of months"),
    ({"request_working_days": "0"}, "request_working_days", "from 1 to 60"),
    ({"request_working_days": ""}, "request_working_days", "Enter the number of working days"),
])
def test_bad_input_says_what_is_wrong_and_changes_nothing(business_manager, partnership,
                                                          client_for, values, field, message):
    page = client_for(business_manager).post(URL, form(partnership, **values))
    assert page.status_code == 200
    text = page.content.decode()
    assert "govuk-error-summary" in text and message in text
    partnership.refresh_from_db()
    assert (partnership.website_months, partnership.request_working_days) == (6, 20)
    assert not AuditEvent.objects.filter(event_type="on_request.settings_changed").exists()


def test_a_save_from_an_older_page_is_refused(business_manager, partnership, client_for):
    old = form(partnership)
    client_for(business_manager).post(URL, form(partnership, website_months="9"))
    page = client_for(business_manager).post(URL, old)
    assert page.status_code == 200
    partnership.refresh_from_db()
    assert partnership.website_months == 9


def test_only_the_business_manager(partner, partnership, client_for):
    assert client_for(partner).get(URL).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.change_publication_settings(partnership, by=partner, website_months=12,
                                            request_working_days=20)
