"""The findings and recommendations pages: who may use them, what they show (words through the
reader's redactor), the errors a bad form gets, taking them from the final report, and the list's
queries."""

from datetime import date
from html import unescape

import pytest
from django.urls import reverse

from reviewdesk.accounts.models import User
from reviewdesk.action_plan.models import Finding, Recommendation, Source
from reviewdesk.action_plan.testing import make_action, theme
from reviewdesk.audit.models import AuditEvent
from reviewdesk.findings import actions
from reviewdesk.reviews.models import Review
from reviewdesk.testing import ClientFor, tomorrow

from .conftest import CHILD, MOTHER, FinalWith, docx


def day(name: str, on: date) -> dict[str, str]:
    return {f"{name}-day": str(on.day), f"{name}-month": str(on.month),
            f"{name}-year": str(on.year)}


def url(name: str, review: Review, *more: object) -> str:
    return reverse(f"findings:{name}", args=[review.uuid, *more])


def page(client_for: ClientFor, person: User, address: str) -> str:
    response = client_for(person).get(address)
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_the_lead_reviewer_adds_a_finding_with_its_themes_and_a_partner_reads_it_by_pseudonym(
        client_for: ClientFor, planned: Review, lead_reviewer: User, partner: User) -> None:
    neglect = theme(planned, "Neglect")
    client = client_for(lead_reviewer)
    form = unescape(client.get(url("add_finding", planned)).content.decode())
    assert 'value="1"' in form and "Neglect" in form
    response = client.post(url("add_finding", planned), {
        "number": "1", "text": f"Nobody asked {MOTHER} how {CHILD} was bruised.",
        "themes": [neglect.pk], **day("effective_on", date(2026, 12, 1))})
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert (finding.number, list(finding.themes.all())) == (1, [neglect])
    event = AuditEvent.objects.get(event_type="findings.finding_added")
    assert event.data["effective_on"] == "2026-12-01" and CHILD not in event.summary
    mine = unescape(client.get(url("list", planned)).content.decode())
    assert "Finding 1 added." in mine and f"Nobody asked {MOTHER} how {CHILD}" in mine
    theirs = page(client_for, partner, url("list", planned))
    assert "Nobody asked Mother how Child A was bruised." in theirs
    assert CHILD not in theirs and MOTHER not in theirs
    assert "Add a finding" not in theirs and "Change" not in theirs.split("Findings")[-1]


def test_a_bad_finding_says_what_is_wrong_and_records_nothing(
        client_for: ClientFor, planned: Review, business_manager: User) -> None:
    actions.add_finding(planned, by=business_manager, number=1, text="The first.")
    response = client_for(business_manager).post(url("add_finding", planned), {
        "number": "1", "text": "", **day("effective_on", tomorrow())})
    assert response.status_code == 200
    text = unescape(response.content.decode())
    assert "There is a problem" in text
    assert "Enter the finding's words, as the report gives them." in text
    assert "Date it was agreed cannot be in the future" in text
    assert Finding.objects.count() == 1
    clash = client_for(business_manager).post(url("add_finding", planned), {
        "number": "1", "text": "Another.", **day("effective_on", date(2026, 12, 1))})
    assert "Finding 1 already exists. Choose another number, or change or remove finding 1 " \
           "first." in unescape(clash.content.decode())
    assert Finding.objects.count() == 1


def test_a_recommendation_linked_to_its_findings_changed_then_removed_with_a_reason(
        client_for: ClientFor, planned: Review, business_manager: User,
        subgroup_member: User) -> None:
    first = actions.add_finding(planned, by=business_manager, number=1, text="Fathers unseen.")
    client = client_for(subgroup_member)
    client.post(url("add_recommendation", planned), {
        "number": "1", "text": "See fathers at every visit.", "addressed_to": "Health visiting",
        "findings": [first.pk], **day("effective_on", date(2026, 12, 2))})
    rec = Recommendation.objects.get()
    assert list(rec.findings.all()) == [first] and rec.recorded_by == subgroup_member
    form = unescape(client.get(url("change_recommendation", planned, rec.pk)).content.decode())
    assert "Finding 1: Fathers unseen." in form
    client.post(url("change_recommendation", planned, rec.pk), {
        "number": "2", "text": "See fathers at every visit and record them.",
        "addressed_to": "Health visiting", "findings": [first.pk], "version": rec.version,
        **day("effective_on", date(2026, 12, 3))})
    rec.refresh_from_db()
    assert (rec.number, rec.version) == (2, 2)
    listed = page(client_for, subgroup_member, url("list", planned))
    assert "Recommendation 2" in listed and "Finding 1" in listed
    client.post(url("remove_recommendation", planned, rec.pk), {
        "reason": "Merged with recommendation 1 in the final report.", "version": rec.version,
        **day("removed_on", date(2026, 12, 4))})
    rec.refresh_from_db()
    assert rec.removed_at is not None and rec.removed_reason.startswith("Merged")
    listed = page(client_for, subgroup_member, url("list", planned))
    assert "Removed recommendations" in listed and "Merged with recommendation 1" in listed
    assert "Change<span" not in listed.split("Removed recommendations")[1]


def test_a_recommendation_with_actions_agreed_cannot_be_removed(
        client_for: ClientFor, planned: Review, business_manager: User) -> None:
    rec = actions.add_recommendation(planned, by=business_manager, number=1, text="Audit it.")
    make_action(planned, by=business_manager, recommendations=(rec,))
    response = client_for(business_manager).post(url("remove_recommendation", planned, rec.pk), {
        "reason": "Not needed.", "version": rec.version, **day("removed_on", date(2026, 12, 4))})
    assert response.status_code == 200
    assert ("Actions were agreed against recommendation 1 (action 1). Close them with reasons, "
            "or link them to another recommendation") in unescape(response.content.decode())
    rec.refresh_from_db()
    assert rec.removed_at is None


def test_an_edit_from_an_older_version_is_refused_showing_theirs(
        client_for: ClientFor, planned: Review, business_manager: User,
        lead_reviewer: User) -> None:
    finding = actions.add_finding(planned, by=business_manager, number=1, text="First words.")
    seen = finding.version
    actions.change_finding(finding, by=lead_reviewer, number=1, text="The lead's words.",
                           version=seen)
    response = client_for(business_manager).post(url("change_finding", planned, finding.pk), {
        "number": "1", "text": "My words.", "version": seen,
        **day("effective_on", date(2026, 12, 4))})
    text = unescape(response.content.decode())
    assert "Someone else changed finding 1 since you opened it" in text
    assert "The lead's words." in text and "My words." in text
    finding.refresh_from_db()
    assert finding.text == "The lead's words."


def test_editing_keeps_the_names_a_reader_may_not_see(
        client_for: ClientFor, planned: Review, business_manager: User, partner: User,
        make_review: object) -> None:
    """A subgroup member of the partnership, not on the review, sees pseudonyms in the form:
    sending them back unchanged keeps the real names."""
    other = User.objects.create_user("other.subgroup@example.test", "a-long-test-password",
                                     full_name="Oona Other", partnership=planned.partnership,
                                     role="subgroup_member")
    finding = actions.add_finding(planned, by=business_manager, number=1,
                                  text=f"{MOTHER} was not asked.")
    form = unescape(client_for(other).get(url("change_finding", planned, finding.pk))
                    .content.decode())
    assert "Mother was not asked." in form and MOTHER not in form
    client_for(other).post(url("change_finding", planned, finding.pk), {
        "number": "2", "text": "Mother was not asked.", "version": finding.version,
        **day("effective_on", date(2026, 12, 4))})
    finding.refresh_from_db()
    assert (finding.number, finding.text) == (2, f"{MOTHER} was not asked.")


def test_the_reviews_themes(client_for: ClientFor, planned: Review, business_manager: User,
                            partner: User) -> None:
    neglect, abuse = theme(planned, "Neglect"), theme(planned, "Domestic abuse")
    client = client_for(business_manager)
    client.post(url("themes", planned), {"themes": [neglect.pk, abuse.pk],
                                         **day("tagged_on", date(2026, 12, 4))})
    assert set(planned.theme_tags.values_list("theme__name", flat=True)) == {
        "Neglect", "Domestic abuse"}
    client.post(url("themes", planned), {"themes": [abuse.pk],
                                         **day("tagged_on", date(2026, 12, 4))})
    assert list(planned.theme_tags.values_list("theme__name", flat=True)) == ["Domestic abuse"]
    assert "Domestic abuse." in page(client_for, partner, url("list", planned))
    review_page = page(client_for, partner, reverse("reviews:review", args=[planned.uuid]))
    assert "Findings and recommendations" in review_page and "Themes: Domestic abuse." in \
        review_page


def test_taking_them_from_the_final_report_after_checking_editing_and_unticking(
        client_for: ClientFor, planned: Review, lead_reviewer: User,
        final_with: FinalWith) -> None:
    final_with(docx(("Findings", 1),
                    f"Finding 1: {MOTHER}'s drinking was not asked about.",
                    "Finding 2: The school did not know of the plan.",
                    ("Recommendations", 1),
                    "Recommendation 1: Kirkvale schools should be told of every plan.",
                    "Recommendation 2: The partnership should audit alcohol screening.",
                    "Recommendation 3: This line is not a recommendation."))
    client = client_for(lead_reviewer)
    preview = unescape(client.get(url("from_report", planned)).content.decode())
    assert "Findings (2)" in preview and "Recommendations (3)" in preview
    assert f"{MOTHER}'s drinking was not asked about." in preview  # Tier.ALL: the real name
    body = {"final_report": str(planned.final_reports.get().pk),
            "f0-include": "on", "f0-number": "1",
            "f0-text": f"{MOTHER}'s drinking was not asked about.",
            "f1-include": "on", "f1-number": "2", "f1-text": "The school did not know.",
            "r0-include": "on", "r0-number": "1",
            "r0-text": "Kirkvale schools should be told of every plan.",
            "r0-addressed_to": "Kirkvale schools",
            "r1-include": "on", "r1-number": "1", "r1-text": "Audit alcohol screening.",
            "r1-addressed_to": "",
            "r2-number": "3", "r2-text": "This line is not a recommendation.",
            "r2-addressed_to": "", **day("taken_on", date(2026, 12, 4))}
    refused = client.post(url("from_report", planned), body)
    assert refused.status_code == 200
    assert "Two recommendations are numbered 1: give each its own number, or untick one." in \
        unescape(refused.content.decode())
    assert not Finding.objects.exists() and not Recommendation.objects.exists()
    saved = client.post(url("from_report", planned), {**body, "r1-number": "2"})
    assert saved.status_code == 302
    assert list(Finding.objects.values_list("number", "text", "source")) == [
        (1, f"{MOTHER}'s drinking was not asked about.", Source.FINAL_REPORT),
        (2, "The school did not know.", Source.FINAL_REPORT)]
    assert list(Recommendation.objects.values_list("number", "addressed_to")) == [
        (1, "Kirkvale schools"), (2, "")]
    event = AuditEvent.objects.get(event_type="findings.taken_from_report")
    assert event.data["left_out"] == {"findings": 0, "recommendations": 1}
    assert "2 findings and 2 recommendations saved from the final report" in unescape(
        client.get(url("list", planned)).content.decode())


def test_a_report_with_nothing_to_take_says_what_was_looked_for(
        client_for: ClientFor, planned: Review, business_manager: User,
        final_with: FinalWith) -> None:
    final_with(docx(("Introduction", 1), "This review looks at how agencies worked."))
    text = page(client_for, business_manager, url("from_report", planned))
    assert "holds no findings or recommendations that Review Desk could find" in text
    assert 'looked for recommendations under a heading holding "Recommendations"' in text


def test_there_is_nothing_to_take_before_the_final_report(
        client_for: ClientFor, review: Review, business_manager: User) -> None:
    text = page(client_for, business_manager, url("from_report", review))
    assert "There is no final report yet" in text
    assert "Take them from the final report" not in page(client_for, business_manager,
                                                         url("list", review))


@pytest.mark.parametrize("name", ["add_finding", "add_recommendation", "themes", "from_report"])
def test_who_may_change_them(client_for: ClientFor, planned: Review, name: str, partner: User,
                             scrutineer: User, practitioner: User, outsider: User,
                             lead_reviewer: User, subgroup_member: User,
                             business_manager: User) -> None:
    for person in (business_manager, lead_reviewer, subgroup_member):
        assert client_for(person).get(url(name, planned)).status_code == 200
    for person in (partner, scrutineer, practitioner):
        assert client_for(person).get(url(name, planned)).status_code == 403
        assert client_for(person).post(url(name, planned), {}).status_code == 403
    assert client_for(outsider).get(url(name, planned)).status_code == 404
    assert not Finding.objects.exists() and not Recommendation.objects.exists()


def test_who_may_read_them(client_for: ClientFor, planned: Review, partner: User,
                           scrutineer: User, executive: User, learning_lead: User,
                           practitioner: User, agency_author: User, outsider: User) -> None:
    for person in (partner, scrutineer, executive, learning_lead):
        assert client_for(person).get(url("list", planned)).status_code == 200
    for person in (practitioner, agency_author):
        assert client_for(person).get(url("list", planned)).status_code == 403
    assert client_for(outsider).get(url("list", planned)).status_code == 404


def test_another_reviews_finding_is_not_found(
        client_for: ClientFor, planned: Review, business_manager: User,
        make_review: object) -> None:
    other = make_review("Ada Other")  # type: ignore[operator]
    finding = Finding.objects.create(review=other, number=1, text="x",
                                     recorded_by=business_manager)
    client = client_for(business_manager)
    assert client.get(url("change_finding", planned, finding.pk)).status_code == 404
    assert client.get(url("remove_finding", planned, finding.pk)).status_code == 404


def test_the_list_costs_the_same_queries_however_many_there_are(
        client_for: ClientFor, planned: Review, business_manager: User,
        django_assert_max_num_queries: object) -> None:
    client = client_for(business_manager)

    def add(n: int) -> None:
        start = Finding.objects.filter(review=planned).count()
        for i in range(start + 1, start + n + 1):
            f = actions.add_finding(planned, by=business_manager, number=i, text=f"Finding {i}.",
                                    themes=[theme(planned, "Neglect")])
            actions.add_recommendation(planned, by=business_manager, number=i, text="Do it.",
                                       findings=[f], themes=[theme(planned, "Escalation")])

    add(2)
    client.get(url("list", planned))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url("list", planned)).status_code == 200
    add(20)
    with django_assert_max_num_queries(len(few.captured_queries)):  # type: ignore[operator]
        assert client.get(url("list", planned)).status_code == 200


def test_the_preview_shows_a_reader_the_names_they_may_see_and_keeps_the_real_ones(
        client_for: ClientFor, planned: Review, final_with: FinalWith) -> None:
    """A CSPR subgroup member not on the review sees the report's names as pseudonyms on the
    preview; saving the words as shown keeps the names as the report wrote them."""
    other = User.objects.create_user("other.subgroup@example.test", "a-long-test-password",
                                     full_name="Oona Other", partnership=planned.partnership,
                                     role="subgroup_member")
    final = final_with(docx(("Recommendations", 1),
                            f"1. Health visitors should see {MOTHER} alone."))
    client = client_for(other)
    preview = unescape(client.get(url("from_report", planned)).content.decode())
    assert "Health visitors should see Mother alone." in preview and MOTHER not in preview
    saved = client.post(url("from_report", planned), {
        "final_report": str(final.pk), "r0-include": "on", "r0-number": "1",
        "r0-text": "Health visitors should see Mother alone.", "r0-addressed_to": "",
        **day("taken_on", date(2026, 12, 4))})
    assert saved.status_code == 302
    assert Recommendation.objects.get().text == f"Health visitors should see {MOTHER} alone."
