"""The contact log, meetings, contributions, consent and letters: each action, who may, and the
refusals (no contact, a sibling without a decision allowing it) that leave nothing changed."""

import io
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from reviewdesk.accounts.models import User
from reviewdesk.audit import context as audit_context
from reviewdesk.audit.models import AuditEvent
from reviewdesk.family import actions
from reviewdesk.family.models import (
    Consent,
    Contact,
    Contribution,
    FamilyMeeting,
    FamilyMember,
    Letter,
    LetterKind,
    LetterTemplate,
)
from reviewdesk.family.tests.contact_helpers import (
    family_member,
    no_contact_advice,
    sibling_decision,
)
from reviewdesk.reviews.models import Review, TimelineEntry
from reviewdesk.testing import tomorrow
from reviewdesk.versioning import StaleEdit

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 5)  # conftest's TEST_TODAY


@pytest.fixture
def mother(review: Review, business_manager: User) -> FamilyMember:
    return family_member(review, business_manager)


def events(code: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=code))


# Each action with valid values: what the refusals must stop, and what nothing changed means.
ACTIONS: dict[str, tuple[Callable[..., Any], dict[str, Any], Any]] = {
    "contact": (actions.record_contact, {"kind": "attempt", "method": "letter",
                                         "happened_on": date(2026, 12, 2)}, Contact),
    "meeting": (actions.record_meeting, {"held_on": date(2026, 12, 3), "place": "Her home",
                                         "interpreter_booked": True}, FamilyMeeting),
    "contribution": (actions.add_contribution, {
        "received_on": date(2026, 12, 4), "description": "A letter about her son",
        "file": b"My son loved football.", "filename": "Joanne Moorcroft letter.txt"},
        Contribution),
    "consent": (actions.record_consent, {"use": "summarised", "given_on": date(2026, 12, 4)},
                Consent),
    "letter": (actions.produce_letter, {"kind": "first"}, Letter),
}


def test_the_lead_reviewer_records_an_attempt_and_a_declined_response_in_their_words(
        mother: FamilyMember, lead_reviewer: User) -> None:
    attempt = actions.record_contact(mother, by=lead_reviewer, kind="attempt", method="letter",
                                     happened_on=date(2026, 12, 1))
    declined = actions.record_contact(
        mother, by=lead_reviewer, kind="response", response="declined",
        in_their_words="I can't talk about it yet.", through_whom="Her sister",
        happened_on=date(2026, 12, 3))
    assert [c.pk for c in mother.contacts.all()] == [attempt.pk, declined.pk]
    assert declined.get_response_display() == "Declined"
    assert declined.in_their_words == "I can't talk about it yet."
    assert declined.recorded_by == lead_reviewer
    recorded = events("family.contact_recorded")
    assert len(recorded) == 2
    # The audit holds ids and kinds, never what they said; nothing goes on the review's timeline
    # (every member of the review reads it).
    assert "can't talk" not in str(recorded[1].data) + recorded[1].summary
    assert not TimelineEntry.objects.filter(review=mother.review, title__icontains="contact")


def test_a_decline_says_how_they_declined(mother: FamilyMember, lead_reviewer: User) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.record_contact(mother, by=lead_reviewer, kind="response", response="declined",
                               happened_on=date(2026, 12, 3))
    assert "in their own words, or through whom" in str(refused.value)
    assert not mother.contacts.exists()


def test_an_attempt_says_how_and_no_response_has_its_own_line(
        mother: FamilyMember, lead_reviewer: User) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.record_contact(mother, by=lead_reviewer, kind="attempt",
                               happened_on=date(2026, 12, 3))
    assert "Say how contact was attempted" in str(refused.value)
    line = actions.record_contact(mother, by=lead_reviewer, kind="response",
                                  response="no_response", happened_on=date(2026, 12, 3))
    assert line.get_response_display() == "No response"


@pytest.mark.parametrize("name", [n for n in ACTIONS if n != "letter"])  # a letter: today
def test_no_date_may_be_in_the_future(name: str, mother: FamilyMember,
                                      lead_reviewer: User) -> None:
    action, values, model = ACTIONS[name]
    dated = {k: (tomorrow() if isinstance(v, date) else v) for k, v in values.items()}
    with pytest.raises(ValidationError) as refused:
        action(mother, by=lead_reviewer, **dated)
    assert "cannot be in the future" in str(refused.value)
    assert not model.objects.exists()


@pytest.mark.parametrize("name", list(ACTIONS))
def test_no_contact_advice_refuses_every_action_saying_why_and_since_when(
        name: str, mother: FamilyMember, business_manager: User, lead_reviewer: User) -> None:
    no_contact_advice(mother.review, business_manager, mother.identity, since=date(2026, 12, 1))
    action, values, model = ACTIONS[name]
    before = AuditEvent.objects.count()
    for person in (lead_reviewer, business_manager):
        with pytest.raises(ValidationError) as refused:
            action(mother, by=person, **values)
        message = " ".join(refused.value.messages)
        # Who (by pseudonym), why and since when (the advice app words the sentence).
        assert "Mother" in message and "no contact" in message
        assert "since 1 December 2026" in message
    assert not model.objects.exists()
    assert AuditEvent.objects.count() == before


def test_lifted_advice_no_longer_refuses(mother: FamilyMember, business_manager: User,
                                         lead_reviewer: User) -> None:
    restriction = no_contact_advice(mother.review, business_manager, mother.identity)
    restriction.advice.ended_at = restriction.advice.recorded_at
    restriction.advice.save()
    assert actions.record_contact(mother, by=lead_reviewer, kind="attempt", method="phone",
                                  happened_on=date(2026, 12, 4))


def test_a_letter_cannot_be_marked_sent_once_contact_is_not_allowed(
        mother: FamilyMember, business_manager: User, lead_reviewer: User) -> None:
    letter = actions.produce_letter(mother, by=lead_reviewer, kind="first")
    no_contact_advice(mother.review, business_manager, mother.identity)
    with pytest.raises(ValidationError, match="since 1 December 2026"):
        actions.mark_letter_sent(letter, by=lead_reviewer, sent_on=TODAY)
    letter.refresh_from_db()
    assert letter.sent_on is None


@pytest.mark.parametrize("name", list(ACTIONS))
def test_a_sibling_is_not_approached_before_a_decision_allows_it(
        name: str, review: Review, business_manager: User, lead_reviewer: User) -> None:
    sister = family_member(review, business_manager, real_name="Lily Moorcroft",
                           pseudonym="Sibling 1", relationship="Sister", is_sibling=True)
    action, values, model = ACTIONS[name]
    with pytest.raises(ValidationError) as refused:
        action(sister, by=lead_reviewer, **values)
    assert "Sibling 1 is a sibling: record the considered decision" in str(refused.value)
    sibling_decision(sister, business_manager, appropriate=False, on=date(2026, 11, 20))
    sister.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        action(sister, by=lead_reviewer, **values)
    assert "20 November 2026" in str(refused.value)
    assert "not appropriate" in str(refused.value)
    assert not model.objects.exists()


def test_a_sibling_decision_allowing_contact_lets_the_reviewer_write(
        review: Review, business_manager: User, lead_reviewer: User) -> None:
    sister = family_member(review, business_manager, real_name="Lily Moorcroft",
                           pseudonym="Sibling 1", relationship="Sister", is_sibling=True)
    sibling_decision(sister, business_manager, appropriate=True)
    sister.refresh_from_db()
    letter = actions.produce_letter(sister, by=lead_reviewer, kind="first")
    assert letter.body.startswith("Dear Lily Moorcroft,")


@pytest.mark.parametrize("who", ["subgroup_member", "partner", "practitioner", "agency_author",
                                 "outsider"])
@pytest.mark.parametrize("name", list(ACTIONS))
def test_only_the_business_manager_and_lead_reviewers_record(
        who: str, name: str, mother: FamilyMember, request: pytest.FixtureRequest) -> None:
    person = request.getfixturevalue(who)
    action, values, model = ACTIONS[name]
    with pytest.raises(PermissionDenied):
        action(mother, by=person, **values)
    assert not model.objects.exists()


def test_a_meeting_with_an_interpreter_and_a_supporter(mother: FamilyMember,
                                                       lead_reviewer: User) -> None:
    meeting = actions.record_meeting(mother, by=lead_reviewer, held_on=date(2026, 12, 3),
                                     place="The family centre", interpreter_booked=True,
                                     supporter_present="Her advocate", notes="She brought photos.")
    assert (meeting.interpreter_booked, meeting.supporter_present) == (True, "Her advocate")
    assert events("family.meeting_recorded")[0].data["interpreter_booked"] is True
    with pytest.raises(ValidationError, match="Enter where the meeting was held"):
        actions.record_meeting(mother, by=lead_reviewer, held_on=date(2026, 12, 3), place=" ")


def test_a_contribution_is_kept_under_a_random_name_and_read_only_by_bm_and_lead(
        mother: FamilyMember, business_manager: User, lead_reviewer: User,
        subgroup_member: User) -> None:
    kept = actions.add_contribution(mother, by=lead_reviewer, received_on=date(2026, 12, 4),
                                    description="A letter", file=b"He loved football.",
                                    filename="Joanne Moorcroft.txt")
    assert "Moorcroft" not in (kept.file.name or "")
    assert kept.filename == "Joanne Moorcroft.txt"
    assert actions.contribution_file(kept, by=business_manager) == b"He loved football."
    assert actions.contribution_file(kept, by=lead_reviewer) == b"He loved football."
    assert len(events("family.contribution_downloaded")) == 2
    with pytest.raises(PermissionDenied):
        actions.contribution_file(kept, by=subgroup_member)
    assert len(events("family.contribution_downloaded")) == 2


@pytest.mark.parametrize(("filename", "size", "says"), [
    ("macro.exe", 10, "must be a Word document"),
    ("empty.txt", 0, "is empty"),
    ("huge.pdf", actions.CONTRIBUTION_MAX_BYTES + 1, "smaller than 20 MB"),
])
def test_a_contribution_of_the_wrong_kind_or_size_is_refused(
        filename: str, size: int, says: str, mother: FamilyMember, lead_reviewer: User) -> None:
    with pytest.raises(ValidationError, match=says):
        actions.add_contribution(mother, by=lead_reviewer, received_on=date(2026, 12, 4),
                                 description="", file=b"x" * size, filename=filename)
    assert not Contribution.objects.exists()


def test_consent_changes_are_new_rows_and_the_latest_is_in_force(
        mother: FamilyMember, lead_reviewer: User) -> None:
    actions.record_consent(mother, by=lead_reviewer, use="quoted", given_on=date(2026, 12, 1))
    actions.record_consent(mother, by=lead_reviewer, use="withdrawn", note="She changed her mind.",
                           given_on=date(2026, 12, 4))
    assert [c.use for c in mother.consents.all()] == ["quoted", "withdrawn"]
    with pytest.raises(ValidationError, match="Choose how their contribution may be used"):
        actions.record_consent(mother, by=lead_reviewer, use="", given_on=date(2026, 12, 4))


def test_letters_are_produced_addressed_by_name_as_docx_and_pdf_and_logged(
        mother: FamilyMember, review: Review, lead_reviewer: User) -> None:
    letter = actions.produce_letter(mother, by=lead_reviewer, kind="first")
    assert letter.body.startswith("Dear Joanne Moorcroft,")
    assert "what happened to Kayden Moorcroft" in letter.body
    assert "Rita Reviewer\nLead reviewer, on behalf of" in letter.body
    assert events("family.letter_produced")[0].data["kind"] == "first"

    word = actions.letter_file(letter, by=lead_reviewer, fmt="docx")
    assert word.filename == f"first-letter-{timezone.localdate().isoformat()}.docx"
    text = "\n".join(p.text for p in Document(io.BytesIO(word.data)).paragraphs)
    assert "Dear Joanne Moorcroft," in text
    assert f"{timezone.localdate():%-d %B %Y}" in text

    pdf = actions.letter_file(letter, by=lead_reviewer, fmt="pdf")
    assert pdf.data.startswith(b"%PDF")
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Dear Joanne Moorcroft," in pdf_text
    assert sorted(e.data["format"] for e in events("family.letter_downloaded")) == ["docx", "pdf"]

    today = timezone.localdate()
    sent = actions.mark_letter_sent(letter, by=lead_reviewer, sent_on=today)
    assert sent.sent_on == today
    with pytest.raises(ValidationError, match=f"already recorded as sent on {today:%-d %B %Y}"):
        actions.mark_letter_sent(letter, by=lead_reviewer, sent_on=today)


def test_a_letter_is_not_sent_before_it_was_produced(mother: FamilyMember,
                                                     lead_reviewer: User) -> None:
    letter = actions.produce_letter(mother, by=lead_reviewer, kind="reminder")
    today = timezone.localdate()
    with pytest.raises(ValidationError, match=f"cannot be before {today:%-d %B %Y}"):
        actions.mark_letter_sent(letter, by=lead_reviewer, sent_on=today - timedelta(days=1))


def test_the_review_changes_a_letter_with_versions_and_later_letters_use_it(
        mother: FamilyMember, review: Review, lead_reviewer: User,
        business_manager: User) -> None:
    first = actions.produce_letter(mother, by=lead_reviewer, kind="reminder")
    template = actions.change_letter_template(review, "reminder", by=lead_reviewer,
                                              body="Dear {name},\n\nWe are thinking of you.",
                                              version=None)
    assert template.version == 1
    changed = actions.change_letter_template(review, "reminder", by=business_manager,
                                             body="Dear {name},\n\nStill thinking of you.",
                                             version=1)
    assert changed.version == 2
    with pytest.raises(StaleEdit):
        actions.change_letter_template(review, "reminder", by=lead_reviewer,
                                       body="Dear {name},\n\nOld page.", version=1)
    second = actions.produce_letter(mother, by=lead_reviewer, kind="reminder")
    assert second.body == "Dear Joanne Moorcroft,\n\nStill thinking of you."
    first.refresh_from_db()
    assert "I wrote to you a little while ago" in first.body  # kept as produced
    assert len(events("family.letter_template_changed")) == 2


def test_a_letter_wording_with_an_unknown_placeholder_is_refused(
        review: Review, lead_reviewer: User, subgroup_member: User) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.change_letter_template(review, "first", by=lead_reviewer,
                                       body="Dear {first_name},", version=None)
    assert "uses {first_name}, which Review Desk cannot fill in" in str(refused.value)
    with pytest.raises(PermissionDenied):
        actions.change_letter_template(review, "first", by=subgroup_member, body="Dear {name},")
    assert not LetterTemplate.objects.exists()


def test_every_default_letter_is_short_and_fills_every_placeholder(
        mother: FamilyMember, lead_reviewer: User) -> None:
    for kind in LetterKind:
        letter = actions.produce_letter(mother, by=lead_reviewer, kind=kind)
        assert "{" not in letter.body
        assert len(letter.body.split()) < 250, f"The {kind.label.lower()} is not short"


def test_what_is_typed_for_someone_else_is_recorded_on_their_behalf(
        mother: FamilyMember, business_manager: User, lead_reviewer: User) -> None:
    # The business manager types up the lead reviewer's meeting notes for them.
    with audit_context.acting_as(business_manager, source="test"), \
            audit_context.on_behalf_of(lead_reviewer):
        meeting = actions.record_meeting(mother, by=business_manager, held_on=date(2026, 12, 3),
                                         place="Her home")
    assert (meeting.recorded_by, meeting.on_behalf_of) == (business_manager, lead_reviewer)
    event = events("family.meeting_recorded")[0]
    assert (event.actor, event.on_behalf_of) == (business_manager, lead_reviewer)


def test_someone_the_review_decided_not_to_approach_is_not_contacted(
        review: Review, business_manager: User, lead_reviewer: User) -> None:
    father = family_member(review, business_manager, real_name="Callum Moorcroft",
                           pseudonym="Father", relationship="Father")
    FamilyMember.objects.filter(pk=father.pk).update(
        to_approach=False, not_approached_reason="No address could be found.")
    father.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        actions.produce_letter(father, by=lead_reviewer, kind="first")
    assert "decided not to approach Father" in str(refused.value)
    assert not Letter.objects.exists()
