# ruff: noqa: F811 - the fixtures imported from fixtures.py are named again as test arguments
"""Likely duplicates across agencies: the same event in other words on the same or the next day is
suggested with a reason in our words; the reviewer links or dismisses it (audited, nothing
deleted, never suggested again); entries are marked significant with a note, and unmarked."""

from datetime import date, time
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from reviewdesk.accounts.models import Agency
from reviewdesk.audit.models import AuditEvent
from reviewdesk.chronology import actions, duplicates
from reviewdesk.chronology.models import DuplicateDecision, Entry, Significance, Submission
from reviewdesk.chronology.tests.fixtures import (  # noqa: F401
    chronology_review,
    health,
    nurse,
    police,
)
from reviewdesk.reviews.models import Review

DAY = date(2024, 5, 14)
POLICE_MEETING = ("Attended strategy discussion at children's social care re Kayden; Moorcroft "
                  "family known to police.", "Joint s47 investigation agreed; DC allocated.")
CSC_MEETING = ("Strategy meeting held with police and health. Threshold for section 47 enquiries "
               "met for Kayden.", "S47 to begin; joint visit with police.")


def version(review: Review, agency: Agency, status: str = Submission.Status.ACCEPTED,
            number: int = 1) -> Submission:
    return Submission.objects.create(review=review, agency=agency, version=number, status=status,
                                     kind=Submission.Kind.CSV, original_filename="chronology.csv")


def entry(submission: Submission, day: date, event: str, action: str = "", **fields: Any) -> Entry:
    position = submission.entries.count()
    return Entry.objects.create(review=submission.review, agency=submission.agency,
                                submission=submission, date=day, source="Case record", event=event,
                                action=action, position=position, row_ref=str(position + 2),
                                **fields)


@pytest.fixture
def social_care(agencies: dict[str, Agency]) -> Agency:
    return agencies["social_care"]


@pytest.fixture
def school(agencies: dict[str, Agency]) -> Agency:
    return agencies["education"]


@pytest.fixture
def files(chronology_review: Review, police: Agency, health: Agency, social_care: Agency,
          school: Agency) -> dict[str, Submission]:
    return {name: version(chronology_review, agency) for name, agency in
            [("police", police), ("health", health), ("csc", social_care), ("school", school)]}


def pairs(review: Review) -> set[tuple[int, int]]:
    return {(s.entry_id, s.original_id) for s in duplicates.suggest_duplicates(review)}


def unordered(review: Review) -> set[frozenset[int]]:
    """The pairs, whichever entry of each is listed first (that is the merged order's business)."""
    return {frozenset(pair) for pair in pairs(review)}


def test_the_same_meeting_in_other_words_is_suggested_with_a_reason_free_of_names(
        chronology_review, files):
    police_meeting = entry(files["police"], DAY, *POLICE_MEETING, time=time(10, 0))
    csc_meeting = entry(files["csc"], DAY, *CSC_MEETING, time=time(10, 0))

    [suggestion] = duplicates.suggest_duplicates(chronology_review)

    # Same day and time, no sequence: the agency's name decides which is listed first.
    assert (suggestion.entry_id, suggestion.original_id) == (police_meeting.pk, csc_meeting.pk)
    assert suggestion.reason.startswith("Same day; both describe a strategy meeting; ")
    assert suggestion.reason.endswith("% of the wording shared")
    assert "Kayden" not in suggestion.reason and "Moorcroft" not in suggestion.reason
    assert 0.62 <= suggestion.score <= 1


def test_an_entry_pasted_twice_in_one_file_is_suggested_but_not_a_shorter_one_inside_it(
        chronology_review, files):
    first = entry(files["school"], DAY, "Weekly check-in with Tyler - no concerns raised.")
    copy = entry(files["school"], DAY, "Weekly check-in with Tyler - no concerns raised.")
    entry(files["school"], DAY, "Weekly check-in")  # its words are inside the others'
    entry(files["school"], date(2024, 5, 21), "Weekly check-in with Tyler - no concerns raised.")

    [suggestion] = duplicates.suggest_duplicates(chronology_review)
    assert (suggestion.entry_id, suggestion.original_id) == (copy.pk, first.pk)
    assert suggestion.reason == "Same day; the same agency's entry twice (100% the same)"


def test_multi_agency_meetings_are_known_by_their_abbreviations(chronology_review, files):
    csc = entry(files["csc"], DAY, "CIN mtg at the family hub; plan reviewed, housing update.")
    school = entry(files["school"], DAY, "Child in need meeting - DSL attended, housing update.")
    entry(files["police"], DAY, "Warning marker added to the address for the MARAC.")
    marac = entry(files["health"], DAY, "MARAC - HV attended as health rep. Info shared.")

    pairs = {frozenset((s.entry_id, s.original_id)): s.reason
             for s in duplicates.suggest_duplicates(chronology_review)}
    assert "both describe a child in need meeting" in pairs[frozenset((csc.pk, school.pk))]
    assert frozenset((csc.pk, marac.pk)) not in pairs


def test_an_email_about_a_conference_is_not_the_conference(chronology_review, files):
    entry(files["csc"], DAY, "RCPC held: CP plans ended, now CIN. Mum, HV and DSL attended.")
    entry(files["school"], DAY, "Email from SW - RCPC outcome: CP plans ended, now CIN.")

    assert duplicates.suggest_duplicates(chronology_review) == []


def test_both_sides_of_a_phone_call_at_the_same_time_are_suggested(chronology_review, files):
    csc = entry(files["csc"], DAY, "Call to school DSL re Tyler's bruise; DSL to check in.",
                time=time(10, 5))
    school = entry(files["school"], DAY, "Phone call from SW about Tyler's arm, will check in.",
                   time=time(10, 5))

    [suggestion] = duplicates.suggest_duplicates(chronology_review)
    assert {suggestion.entry_id, suggestion.original_id} == {csc.pk, school.pk}


def test_a_record_written_up_the_next_day_is_suggested_but_not_two_days_later(
        chronology_review, files):
    csc_meeting = entry(files["csc"], DAY, *CSC_MEETING)
    police_meeting = entry(files["police"], date(2024, 5, 15), *POLICE_MEETING)
    # Two days after the police's record: not paired with it (nor with social care's).
    entry(files["health"], date(2024, 5, 17), "Health visitor attended the strategy meeting by phone.")

    [suggestion] = duplicates.suggest_duplicates(chronology_review)
    assert (suggestion.entry_id, suggestion.original_id) == (police_meeting.pk, csc_meeting.pk)
    assert suggestion.reason.startswith("A day apart; ")


def test_only_entries_of_different_agencies_and_dated_to_the_day_are_paired(
        chronology_review, files, police):
    entry(files["police"], DAY, *POLICE_MEETING)
    entry(files["police"], DAY, *CSC_MEETING)  # the same agency, in other words: two records
    entry(files["csc"], date(2024, 5, 1), *CSC_MEETING, precision=Entry.Precision.MONTH)

    assert duplicates.suggest_duplicates(chronology_review) == []


def test_different_events_on_one_day_and_recurring_meetings_are_not_suggested(
        chronology_review, files):
    entry(files["health"], DAY, "Home visit: Kayden weighed; weight on the 9th centile.",
          "Advice on diet; review in two weeks.")
    entry(files["school"], DAY, "Telephone call to mother about Kayden's lateness this week.",
          "Breakfast club offered.")
    entry(files["csc"], DAY, "Home visit by the social worker; mother tired, children seen.",
          "Visit again in 10 days.")
    # Fortnightly core groups: each recorded by social care and health on its day.
    first, second = date(2024, 6, 3), date(2024, 6, 17)
    csc_first = entry(files["csc"], first, "Core group meeting held. Mother did not attend.",
                      "Minutes shared.")
    health_first = entry(files["health"], first, "Attended core group; mum absent; plan reviewed.")
    entry(files["csc"], second, "Core group meeting held. Mother did not attend.", "Minutes shared.")

    assert pairs(chronology_review) == {(health_first.pk, csc_first.pk)}


def test_earlier_versions_entries_are_never_suggested(chronology_review, police, files):
    old = version(chronology_review, police, Submission.Status.SUPERSEDED, number=0)
    entry(old, DAY, *POLICE_MEETING)
    entry(files["csc"], DAY, *CSC_MEETING)

    assert duplicates.suggest_duplicates(chronology_review) == []


def test_a_decided_pair_is_not_suggested_again_either_way(chronology_review, files, lead_reviewer):
    csc_meeting = entry(files["csc"], DAY, *CSC_MEETING)
    police_meeting = entry(files["police"], DAY, *POLICE_MEETING)
    health_meeting = entry(files["health"], DAY, "Health visitor attended the strategy meeting; "
                                                 "threshold for section 47 met.")
    assert len(pairs(chronology_review)) == 3

    # Given the wrong way round: the earlier-listed entry is still the original.
    actions.dismiss_duplicate(chronology_review, csc_meeting, police_meeting, by=lead_reviewer)
    assert (police_meeting.pk, csc_meeting.pk) not in pairs(chronology_review)
    assert DuplicateDecision.objects.get().original_id == csc_meeting.pk

    actions.link_duplicate(chronology_review, health_meeting, csc_meeting, by=lead_reviewer)
    assert pairs(chronology_review) == {(police_meeting.pk, health_meeting.pk)}
    assert duplicates.suggest_duplicates(chronology_review, limit=0) == []


def test_linking_and_dismissing_are_audited_and_delete_nothing(chronology_review, files, lead_reviewer):
    csc_meeting = entry(files["csc"], DAY, *CSC_MEETING)
    police_meeting = entry(files["police"], DAY, *POLICE_MEETING)
    [suggestion] = duplicates.suggest_duplicates(chronology_review)

    linked = actions.link_duplicate(chronology_review, police_meeting, csc_meeting, by=lead_reviewer,
                                       reason=suggestion.reason)
    assert duplicates.duplicate_of(chronology_review) == {police_meeting.pk: csc_meeting.pk}
    assert (linked.decision, linked.decided_by, linked.reason) == ("linked", lead_reviewer,
                                                                  suggestion.reason)
    # The reviewer changes their mind: the same decision row, now dismissed.
    dismissed = actions.dismiss_duplicate(chronology_review, police_meeting, csc_meeting,
                                             by=lead_reviewer)
    assert dismissed.pk == linked.pk and dismissed.decision == "dismissed"
    assert duplicates.duplicate_of(chronology_review) == {}

    assert Entry.objects.filter(pk__in=[csc_meeting.pk, police_meeting.pk]).count() == 2
    events = list(AuditEvent.objects.filter(event_type__startswith="chronology.duplicate_")
                  .order_by("seq"))
    assert [e.event_type for e in events] == ["chronology.duplicate_linked",
                                              "chronology.duplicate_dismissed"]
    assert all(e.actor == lead_reviewer and e.review_id == chronology_review.pk for e in events)
    assert events[0].data["entry"] == police_meeting.pk and events[0].data["original"] == csc_meeting.pk
    assert all("Kayden" not in e.summary and "strategy" not in e.summary for e in events)


def test_a_duplicate_has_one_original_and_exports_name_the_head_of_its_group(
        chronology_review, files, lead_reviewer):
    csc_meeting = entry(files["csc"], DAY, *CSC_MEETING)
    police_meeting = entry(files["police"], DAY, *POLICE_MEETING)
    # Written up the next day, so listed after the police's record.
    school_meeting = entry(files["school"], date(2024, 5, 15), "DSL joined the strategy meeting by Teams.")
    actions.link_duplicate(chronology_review, police_meeting, csc_meeting, by=lead_reviewer)
    actions.link_duplicate(chronology_review, school_meeting, police_meeting, by=lead_reviewer)

    assert duplicates.duplicate_of(chronology_review) == {police_meeting.pk: csc_meeting.pk,
                                                          school_meeting.pk: csc_meeting.pk}
    with pytest.raises(ValidationError, match="already linked"):
        actions.link_duplicate(chronology_review, school_meeting, csc_meeting, by=lead_reviewer)
    with pytest.raises(ValidationError, match="itself"):
        actions.link_duplicate(chronology_review, police_meeting, police_meeting, by=lead_reviewer)


def test_entries_of_another_review_or_an_earlier_version_cannot_be_linked(
        chronology_review, files, police, lead_reviewer):
    old = entry(version(chronology_review, police, Submission.Status.SUPERSEDED, number=0), DAY,
                *POLICE_MEETING)
    csc_meeting = entry(files["csc"], DAY, *CSC_MEETING)
    with pytest.raises(ValidationError, match="current chronology"):
        actions.link_duplicate(chronology_review, old, csc_meeting, by=lead_reviewer)
    assert not DuplicateDecision.objects.exists()
    assert not AuditEvent.objects.filter(event_type="chronology.duplicate_linked").exists()


def test_marking_significant_keeps_one_note_and_unmarking_is_audited(
        chronology_review, files, lead_reviewer):
    meeting = entry(files["csc"], DAY, *CSC_MEETING)

    mark = actions.mark_significant(chronology_review, meeting, by=lead_reviewer,
                                         note="The GP was not invited to Kayden's strategy meeting.")
    again = actions.mark_significant(chronology_review, meeting, by=lead_reviewer,
                                          note="GP not invited.")
    assert again.pk == mark.pk and Significance.objects.get().note == "GP not invited."

    assert actions.unmark_significant(chronology_review, meeting, by=lead_reviewer) is True
    assert not Significance.objects.exists()
    assert actions.unmark_significant(chronology_review, meeting, by=lead_reviewer) is False
    assert Entry.objects.filter(pk=meeting.pk).exists()

    events = list(AuditEvent.objects.filter(event_type__contains="significant").order_by("seq"))
    assert [(e.event_type, e.data.get("created")) for e in events] == [
        ("chronology.entry_marked_significant", True), ("chronology.entry_marked_significant", False),
        ("chronology.entry_unmarked_significant", None)]
    assert all(e.data["entry"] == meeting.pk and e.actor == lead_reviewer for e in events)
    assert all("GP" not in e.summary and "GP" not in str(e.data) for e in events)


def test_entries_of_an_earlier_version_cannot_be_marked(chronology_review, police, lead_reviewer):
    old = entry(version(chronology_review, police, Submission.Status.SUPERSEDED), DAY, *POLICE_MEETING)
    with pytest.raises(ValidationError):
        actions.mark_significant(chronology_review, old, by=lead_reviewer)
    assert not Significance.objects.exists()


def test_each_entry_is_suggested_with_at_most_one_entry_of_each_other_agency(
        chronology_review, files):
    police_meeting = entry(files["police"], DAY, *POLICE_MEETING)
    csc_meeting = entry(files["csc"], DAY, *CSC_MEETING)
    # Social care's second record of the day about the same meeting: a neighbour, not a copy.
    entry(files["csc"], DAY, "Strategy meeting minutes typed up and sent to police and health.",
          "Section 47 enquiry continues.")

    assert pairs(chronology_review) == {(police_meeting.pk, csc_meeting.pk)}


def test_a_day_apart_only_an_overnight_notice_or_a_meeting_is_suggested(chronology_review, files):
    night, morning = DAY, date(2024, 5, 15)
    # The police's record of the incident, and next day social care's visit about it: two events.
    entry(files["police"], night, "Officers attended a domestic incident at the home address; "
          "children present, mother with a cut lip.", "DASH completed, high risk.", time=time(23, 10))
    entry(files["csc"], morning, "Home visit to mother after the domestic incident; children seen.",
          "Safety plan agreed.")
    # The notice sent that night and logged by the school next morning: one event.
    ppn = entry(files["police"], night, "PPN submitted for both children.",
                "Operation Encompass notification to the school.", time=time(23, 50))
    encompass = entry(files["school"], morning, "Operation Encompass notification received: "
                      "police attended the home last night.", "DSL to check in with Kayden.")

    assert pairs(chronology_review) == {(encompass.pk, ppn.pk)}


def test_a_message_recorded_by_sender_and_receiver_each_naming_the_other_is_suggested(
        chronology_review, files):
    sent = entry(files["csc"], DAY, "Request for information e-mailed to the police about the "
                 "mother's new partner.")
    received = entry(files["police"], DAY, "E-mail received from the social worker asking for PNC "
                     "checks on the partner.")
    # A message about the same family between two other agencies the same day names neither.
    entry(files["school"], DAY, "E-mail from the school nurse asking for Kayden's partner checks.")

    assert pairs(chronology_review) == {(received.pk, sent.pk)}


def test_other_agencies_records_name_an_agency_by_its_kind_or_its_own_words():
    naming = duplicates._naming({1: "Eastvale CC Children's Services Other",
                                 2: "Millbridge Medical Centre (GP) Other",
                                 3: "Eastvale Police Police", 4: "Eastvale Hospitals NHS FT Other"})

    def names(agency: int, text: str) -> bool:
        return bool(naming[agency].search(duplicates.normalise(text)))

    assert names(1, "Request received from Eastvale CSC (SW P Nandra)")
    assert names(1, "Email to the social worker")
    assert names(2, "Request for information e-mailed to Millbridge") and names(2, "Letter to GP")
    assert names(3, "Email from DC Farrant") and not names(3, "PC fall down the stairs")
    assert names(4, "Phoned the ward") and not names(4, "Call to Eastvale Police")


def test_a_visit_recorded_by_visitor_and_host_each_naming_the_other_is_suggested(
        chronology_review, files):
    # The social worker's visit to the child at school, written by each side in its own words:
    # they share few words and no kind of event, but each names the other agency.
    visit = entry(files["csc"], DAY, "Saw Kayden alone at school in the library, DSL nearby. He "
                  "talked about his new bike and said home is calm.", time=time(10, 20))
    hosted = entry(files["school"], DAY, "SW visited Kayden in school (library) this morning; "
                   "Kayden happy to see her.", time=time(10, 30))
    # The school's call to the social worker that afternoon is a message, not the visit.
    entry(files["school"], DAY, "Phoned SW to say Kayden upset after lunch.", time=time(14, 0))
    # The police's visit to the school hours later names social care too: another visit.
    entry(files["police"], DAY, "PCSO visited Kayden at school re bike theft; SW aware.",
          time=time(15, 30))

    assert pairs(chronology_review) == {(hosted.pk, visit.pk)}


def test_kinds_of_event_read_from_the_action_column_are_not_evidence_of_one_event(
        chronology_review, files):
    # The school's disclosure, whose next step is a welfare check; the police's call from the
    # social worker asking for one: the action column says what came after, not what happened.
    entry(files["school"], DAY, "In PE Kayden said mum's boyfriend sleeps at theirs now.",
          "SW informed by phone; SW to ask police for a welfare check.")
    entry(files["police"], DAY, "Call from SW requesting welfare check at the home address; "
          "officers attended 19:35, all well.")

    assert pairs(chronology_review) == set()


def test_a_child_protection_medical_is_known_whoever_records_it_and_a_doctor_is_no_exclusion(
        chronology_review, files):
    medical = entry(files["health"], DAY, "CP medical (Dr Bello). Bruise to left jaw 2x1.5cm; "
                    "inflicted injury cannot be excluded.")
    police = entry(files["police"], DAY, "DC Okonjo attended the assessment unit for the CP "
                   "medical; second older mark behind the ear noted.")

    assert unordered(chronology_review) == {frozenset((police.pk, medical.pk))}
    assert "a school exclusion" not in duplicates.event_types(duplicates.normalise(
        "Fracture: abuse cannot be excluded."))
    assert "a school exclusion" in duplicates.event_types(duplicates.normalise(
        "Suspended for 2 days after the fight."))
    # Named at the end of an entry, a CP medical is still to come.
    assert "a child protection medical" not in duplicates.event_types(duplicates.normalise(
        "CT head shows an undisplaced right parietal skull fracture with a small bleed; admitted "
        "to the ward for observation overnight, and a CP medical"))


def test_a_meeting_with_no_kind_of_its_own_is_known_by_its_name_never_shown(
        chronology_review, files):
    ward = entry(files["health"], DAY, "Discharge planning meeting on Rowan Ward: Dr Cheung, SW, "
                 "HV. Weight gain on the ward; referral to the dietitian.")
    csc = entry(files["csc"], DAY, "Attended the discharge planning meeting. Kayden's brother "
                "gained weight on the ward; weekly weights at home.")
    # Another meeting that day, known by another name: not the same.
    entry(files["school"], DAY, "Attendance meeting with mum and the attendance officer; "
          "attendance 76%.")

    found = duplicates.suggest_duplicates(chronology_review)
    assert {frozenset((s.entry_id, s.original_id)) for s in found} == {frozenset((csc.pk, ward.pk))}
    assert "a meeting of the same name" in found[0].reason
    assert "discharge" not in found[0].reason.lower()


def test_a_request_for_information_for_an_enquiry_is_not_a_visit_in_it(chronology_review, files):
    entry(files["health"], DAY, "Request for information from CSC for the s47 enquiry received; "
          "reply sent by secure e-mail.")
    entry(files["csc"], DAY, "S47 enquiry: visited Kayden at home and saw him alone.")

    assert pairs(chronology_review) == set()


def test_exploitation_work_each_agency_records_is_known_by_its_kind(chronology_review, files):
    # A return home interview, a panel known by its name, a missing report and the NRM's decision,
    # each written by two agencies in their own words and abbreviations.
    rhi_school = entry(files["school"], DAY, "RHI in school with the missing children worker; "
                       "Kayden would not say where he had been.")
    rhi_csc = entry(files["csc"], DAY, "Return home interview completed at the academy. Kayden "
                    "said he went to town with friends.")
    panel_police = entry(files["police"], date(2024, 5, 20), "MACE panel: Kayden discussed, risk "
                         "graded significant; disruption plan for the males.")
    panel_school = entry(files["school"], date(2024, 5, 20), "DSL attended the MACE panel re "
                         "Kayden.")
    decision_csc = entry(files["csc"], date(2024, 5, 27), "Positive reasonable grounds decision "
                         "received from the competent authority.")
    decision_police = entry(files["police"], date(2024, 5, 27), "SW confirmed the NRM's "
                            "reasonable grounds decision today; crime file flagged.")

    assert unordered(chronology_review) == {
        frozenset((rhi_school.pk, rhi_csc.pk)), frozenset((panel_police.pk, panel_school.pk)),
        frozenset((decision_csc.pk, decision_police.pk))}


def test_an_entry_that_says_its_agency_attended_the_meeting_is_the_meeting_not_about_it(
        chronology_review, files):
    police = entry(files["police"], DAY, "Police report provided. DC Marsh dialled in to the RCPC; "
                   "both children stay on CP plans.")
    school = entry(files["school"], DAY, "DSL attended the review child protection conference; "
                   "plan continues.")

    assert unordered(chronology_review) == {frozenset((police.pk, school.pk))}
    # An e-mail about a conference that says nobody attended stays about it.
    assert duplicates._ABOUT.match(duplicates.normalise("Email from SW re RCPC outcome"))
