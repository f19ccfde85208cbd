"""Removing a report early: the business manager starts it with a reason, each of the three
safeguarding partners agrees (in their own name, or the business manager for them), and only then
is it withdrawn, on the review's timeline."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reviewdesk.accounts.models import PartnerFor
from reviewdesk.audit.models import AuditEvent
from reviewdesk.on_request import actions
from reviewdesk.on_request.selectors import needs
from reviewdesk.publication.models import Publication

LA, HEALTH, POLICE = PartnerFor.LOCAL_AUTHORITY, PartnerFor.HEALTH, PartnerFor.POLICE


def website(review):
    return f"/reviews/{review.uuid}/publication/website/"


def day(name, on):
    return {f"{name}-day": on.day, f"{name}-month": on.month, f"{name}-year": on.year}


def test_withdrawn_only_once_all_three_partners_agreed(published, business_manager, partners):
    today = timezone.localdate()
    actions.start_withdrawal(published, by=business_manager,
                             reason="The family asked; Child K's school is identifiable.")
    with pytest.raises(ValidationError, match="the local authority, health \\(ICB\\) and police "
                                              "safeguarding partners have not agreed"):
        actions.withdraw(published, by=business_manager, withdrawn_on=today)
    actions.agree_withdrawal(published, by=partners[LA], agreed_on=today)
    actions.agree_withdrawal(published, by=business_manager, agreed_on=today, partner_for=POLICE,
                             note="Agreed by phone.")
    with pytest.raises(ValidationError, match="the health \\(ICB\\) safeguarding partner has not "
                                              "agreed"):
        actions.withdraw(published, by=business_manager, withdrawn_on=today)
    published.refresh_from_db()
    assert published.state == Publication.State.PUBLISHED
    actions.agree_withdrawal(published, by=partners[HEALTH], agreed_on=today)
    actions.withdraw(published, by=business_manager, withdrawn_on=today)
    published.refresh_from_db()
    assert published.state == Publication.State.WITHDRAWN
    assert published.withdrawn_on == today
    assert published.withdrawal_reason.startswith("The family asked")
    titles = list(published.review.timeline.values_list("title", flat=True))
    assert "The report was withdrawn from the website early" in titles
    assert "Early withdrawal of the published report proposed" in titles
    assert sum("agreed to withdraw" in t for t in titles) == 3
    on_behalf = published.withdrawal_agreements.get(partner_for=POLICE)
    assert on_behalf.on_behalf_of == partners[POLICE] and on_behalf.recorded_by == business_manager
    event = AuditEvent.objects.get(event_type="on_request.withdrawn")
    assert event.data["effective_on"] == today.isoformat()
    assert AuditEvent.objects.get(event_type="on_request.withdrawal_agreed",
                                  data__partner_for=POLICE).on_behalf_of == partners[POLICE]


def test_a_partner_agrees_once_and_only_for_themselves(published, business_manager, partners):
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="No withdrawal of this report has been started"):
        actions.agree_withdrawal(published, by=partners[LA], agreed_on=today)
    actions.start_withdrawal(published, by=business_manager, reason="The family asked.")
    # A partner's own agreement is theirs, whatever they say it is for.
    agreement = actions.agree_withdrawal(published, by=partners[LA], agreed_on=today,
                                         partner_for=POLICE)
    assert agreement.partner_for == LA
    with pytest.raises(ValidationError, match="already recorded"):
        actions.agree_withdrawal(published, by=business_manager, agreed_on=today,
                                 partner_for=LA)
    with pytest.raises(ValidationError, match="already started"):
        actions.start_withdrawal(published, by=business_manager, reason="Again.")


def test_who_may_do_what(published, business_manager, partners, scrutineer, lead_reviewer):
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        actions.start_withdrawal(published, by=partners[LA], reason="No.")
    actions.start_withdrawal(published, by=business_manager, reason="The family asked.")
    with pytest.raises(PermissionDenied):
        actions.agree_withdrawal(published, by=scrutineer, agreed_on=today)
    for partner_for in PartnerFor.values:
        actions.agree_withdrawal(published, by=business_manager, agreed_on=today,
                                 partner_for=partner_for)
    with pytest.raises(PermissionDenied):
        actions.withdraw(published, by=partners[LA], withdrawn_on=today)


def test_dates_today_or_earlier_and_in_order(published, business_manager, partners):
    today = timezone.localdate()
    actions.start_withdrawal(published, by=business_manager, reason="The family asked.")
    with pytest.raises(ValidationError, match="cannot be in the future"):
        actions.agree_withdrawal(published, by=partners[LA], agreed_on=date(2099, 1, 1))
    with pytest.raises(ValidationError, match="cannot be before 14 September 2026"):
        actions.agree_withdrawal(published, by=partners[LA], agreed_on=date(2026, 9, 1))
    for partner_for in PartnerFor.values:
        actions.agree_withdrawal(published, by=business_manager, agreed_on=today,
                                 partner_for=partner_for)
    with pytest.raises(ValidationError, match="cannot be before"):
        actions.withdraw(published, by=business_manager, withdrawn_on=date(2026, 9, 20))


@pytest.mark.parametrize("state", [Publication.State.SCHEDULED, Publication.State.CANCELLED])
def test_a_report_not_on_the_website_cannot_be_withdrawn(at_publication, business_manager,
                                                         state):
    from reviewdesk.publication.testing import make_publication

    publication = make_publication(at_publication, by=business_manager, state=state)
    with pytest.raises(ValidationError, match="Only a report on the website or available on "
                                              "request"):
        actions.start_withdrawal(publication, by=business_manager, reason="Because.")


def test_the_pages_from_start_to_withdrawn(published, business_manager, partners, client_for):
    review = published.review
    today = timezone.localdate()
    bm = client_for(business_manager)
    page = bm.get(website(review)).content.decode()
    assert "Start an early withdrawal" in page and "14 March 2027" in page
    # The reason is required.
    refused = bm.post(website(review) + "withdrawal/", {"reason": "  "})
    assert "govuk-error-summary" in refused.content.decode()
    assert "Give the reason" in refused.content.decode()
    assert bm.post(website(review) + "withdrawal/", {"reason": "The family asked."}
                   ).status_code == 302
    partner_page = client_for(partners[HEALTH]).get(website(review)).content.decode()
    assert "Agree to withdraw the report" in partner_page
    # Too early: refused on the form, naming who has not agreed.
    refused = bm.post(website(review) + "withdraw/", day("withdrawn_on", today)).content.decode()
    assert "have not agreed" in refused and "govuk-error-summary" in refused
    assert client_for(partners[HEALTH]).post(website(review) + "withdrawal/agree/",
                                             {**day("agreed_on", today), "note": ""}
                                             ).status_code == 302
    missing = bm.post(website(review) + "withdrawal/agree/", {**day("agreed_on", today)})
    assert "Choose whose agreement it is" in missing.content.decode()
    for partner_for in (LA, POLICE):
        assert bm.post(website(review) + "withdrawal/agree/",
                       {**day("agreed_on", today), "partner_for": partner_for}).status_code == 302
    # Recorded for the chair of the partnership, say: the timeline shows both people.
    assert bm.post(website(review) + "withdraw/", {**day("withdrawn_on", today),
                                                   "on_behalf_of": partners[LA].pk}
                   ).status_code == 302
    entry = review.timeline.get(title="The report was withdrawn from the website early")
    assert (entry.recorded_by, entry.on_behalf_of) == (business_manager, partners[LA])
    published.refresh_from_db()
    assert published.state == Publication.State.WITHDRAWN
    assert "has been withdrawn" in bm.get(website(review)).content.decode()


def test_home_items_for_the_partners_and_the_business_manager(published, business_manager,
                                                             partners):
    today = timezone.localdate()
    actions.start_withdrawal(published, by=business_manager, reason="The family asked.")
    assert [n.what for n in needs(partners[LA], today)] == [
        "Agree to withdraw the report from the website early"]
    assert any("waiting for the partners" in n.what for n in needs(business_manager, today))
    for partner_for in PartnerFor.values:
        actions.agree_withdrawal(published, by=business_manager, agreed_on=today,
                                 partner_for=partner_for)
    assert not needs(partners[LA], today)
    assert any("all three partners have agreed" in n.what for n in needs(business_manager, today))
