"""``manage.py import_review``: a review in flight from a JSON file, all or nothing."""

import copy
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from reviewdesk.accounts.models import Agency, Partnership, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.commissioning.models import ChronologyAuthor, TermsOfReference
from reviewdesk.decisions.models import DecisionOutcome
from reviewdesk.notices.models import Notice
from reviewdesk.rapid_review.selectors import PLAN, PLAN_KEYS
from reviewdesk.reviews.models import (
    ClockKind,
    IdentityEntry,
    Review,
    ReviewRole,
    Stage,
    TimelineEntry,
)

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "docs" / "examples" / "import_review.json"


@pytest.fixture(autouse=True)
def today() -> Iterator[None]:
    """The example in docs/import-review.md happened in spring 2026: 'today' is fixed after it."""
    with time_machine.travel(datetime(2026, 5, 4, 10, tzinfo=UTC), tick=False):
        yield


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_review", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), str(exc)
    except SystemExit as exc:
        return int(exc.code), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def example() -> dict:
    return json.loads(EXAMPLE.read_text())


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., str]:
    def make(content: dict | str, name: str = "review.json") -> str:
        path = tmp_path / name
        path.write_text(content if isinstance(content, str) else json.dumps(content))
        return str(path)

    return make


def nothing_created() -> bool:
    return not Review.objects.exists() and not Agency.objects.filter(
        name="Eastvale Police").exists() and not User.objects.filter(
        email__endswith=".example").exists() and not AuditEvent.objects.filter(
        event_type="review.imported").exists()


def test_the_format_page_shows_the_committed_example_file():
    page = (ROOT / "docs" / "import-review.md").read_text()
    block = re.search(r"```json\n(.*?)```", page, re.S).group(1)
    assert json.loads(block) == example()


def test_the_example_file_becomes_a_review_at_the_chronology_stage(
        business_manager, partnership):
    code, out, _err = run(str(EXAMPLE))

    assert code == 0, out
    review = Review.objects.get()
    assert out.strip().splitlines()[-1] == review.reference == "TS-2026-001"
    assert (review.stage, review.kind, review.initiated_on) == (
        Stage.CHRONOLOGY, "local_cspr", date(2026, 3, 20))
    child = review.subject_child
    assert (child.real_name, child.pseudonym, child.date_of_birth) == (
        "Sam Ridley", "Child T", date(2015, 5, 1))
    # The lead reviewer: on the register, appointed, on the team, never invited.
    lead = review.memberships.get(role=ReviewRole.LEAD_REVIEWER).person
    assert (lead.full_name, lead.email, lead.has_usable_password(), lead.invited_at) == (
        "Nadia Okafor", "nadia.okafor@reviewers.example", False, None)
    assert review.lead_reviewer_appointments.get().reviewer.user == lead
    # Approved terms of reference with the period, and the agency in scope.
    tor = TermsOfReference.objects.get(review=review)
    assert tor.is_approved and (tor.period_from, tor.period_to) == (date(2022, 2, 1),
                                                                    date(2024, 1, 31))
    assert tor.lines_of_enquiry == "How well did agencies share information about the family's " \
                                   "moves?"
    police = Agency.objects.get(partnership=partnership, name="Eastvale Police")
    assert police.kind == "police"
    assert list(tor.agencies.all()) == [police]
    author = ChronologyAuthor.objects.get(review=review)
    assert (author.agency, author.person.email, author.due_on) == (
        police, "owen.price@eastvale.police.example", date(2026, 5, 1))
    assert author.person.agency == police and not author.person.has_usable_password()
    assert tor.shares.get().person == author.person
    # The decision started the six-month clock; nothing was sent to anyone.
    assert review.clocks.get(kind=ClockKind.REVIEW_COMPLETION).started_on == date(2026, 3, 20)
    # The file gives no date for the Panel notification or the rapid review: both are met
    # before Review Desk, by the decision (the first date it gives after them), and say so.
    for kind in (ClockKind.PANEL_NOTIFICATION, ClockKind.RAPID_REVIEW):
        clock = review.clocks.get(kind=kind)
        assert clock.met_on == date(2026, 3, 20)
        assert clock.met_note.startswith("Met before Review Desk")
    assert not Notice.objects.exists()
    assert mail.outbox == []
    # Steps before the stage: recorded as done before Review Desk, on the dates given.
    moves = review.timeline.filter(kind="stage_changed").order_by("pk")
    assert [(m.to_stage, m.effective_on) for m in moves] == [
        ("rapid_review", date(2026, 3, 2)), ("decision", date(2026, 3, 2)),
        ("commissioning", date(2026, 3, 20)), ("set_up", date(2026, 3, 20)),
        ("informing_staff", date(2026, 3, 20)), ("chronology", date(2026, 3, 20))]
    assert all("Done before Review Desk" in m.detail for m in moves)
    # One audit row says the command and the file's SHA-256; the steps' own rows are there too.
    imported = AuditEvent.objects.get(event_type="review.imported")
    assert (imported.actor, imported.review_id) == (business_manager, review.pk)
    assert imported.data["sha256"] == hashlib.sha256(EXAMPLE.read_bytes()).hexdigest()
    assert imported.data["via"] == "import_review command"
    events = set(AuditEvent.objects.filter(review_id=review.pk).values_list("event_type", flat=True))
    assert {"review.incident_recorded", "review.start_rapid_review",
            "decision.recorded_before_review_desk", "review.initiate_review",
            "commissioning.lead_reviewer_appointed", "commissioning.tor_approved",
            "commissioning.chronology_author_named", "review.start_chronology"} <= events
    assert AuditEvent.objects.filter(event_type="person.added").count() == 2
    assert AuditEvent.objects.filter(event_type="agency.added").count() == 1


def test_a_file_named_after_the_child_leaves_its_name_nowhere(business_manager, write):
    """The file name usually holds the child's real name: the decision's reasons (shown to the
    partners and the scrutineer, who see pseudonyms only), the audit trail (no names, and it
    cannot be edited) and the timeline never hold it; the file is traced by its SHA-256."""
    path = write(example(), name="Sam_Ridley_review.json")
    code, out, _err = run(path)
    assert code == 0, out
    texts = list(DecisionOutcome.objects.values_list("reasons", flat=True))
    texts += [f"{e.summary} {json.dumps(e.data)}" for e in AuditEvent.objects.all()]
    texts += [f"{t.title} {t.detail}" for t in TimelineEntry.objects.all()]
    for text in texts:
        assert "Sam_Ridley" not in text and "Ridley" not in text, text
    assert "recorded by the import_review command" in DecisionOutcome.objects.get().reasons
    imported = AuditEvent.objects.get(event_type="review.imported")
    assert imported.data["sha256"] == hashlib.sha256(Path(path).read_bytes()).hexdigest()
    assert "file" not in imported.data


def test_people_and_agencies_already_known_are_matched_not_duplicated(
        business_manager, partnership, write):
    police = Agency.objects.create(partnership=partnership, name="EASTVALE POLICE", kind="police")
    owen = User.objects.create_user("Owen.Price@eastvale.police.example", "pw",
                                    full_name="Owen Price", partnership=partnership,
                                    agency=police)
    code, out, _err = run(write(example()))
    assert code == 0, out
    assert Agency.objects.filter(partnership=partnership).count() == 1
    assert ChronologyAuthor.objects.get().person == owen
    assert "New agency" not in out and "owen.price" not in out.split("New person")[-1]


def test_stage_dates_and_set_up_dates_are_used_where_given(business_manager, write):
    data = example()
    data["stage_dates"] = {"rapid_review": "2026-03-03", "decision": "2026-03-16",
                           "set_up": "2026-03-25", "informing_staff": "2026-04-10",
                           "chronology": "2026-04-14"}
    data["lead_reviewer"]["appointed_on"] = "2026-03-30"
    data["terms_of_reference"]["approved_on"] = "2026-04-02"
    data["incident"]["panel_notified_on"] = "2026-03-05"
    code, out, _err = run(write(data))
    assert code == 0, out
    review = Review.objects.get()
    assert review.stage_since == date(2026, 4, 14)
    assert review.lead_reviewer_appointments.get().appointed_on == date(2026, 3, 30)
    assert review.terms_of_reference.get().approved_on == date(2026, 4, 2)
    for kind, met_on in ((ClockKind.PANEL_NOTIFICATION, date(2026, 3, 5)),
                         (ClockKind.RAPID_REVIEW, date(2026, 3, 16))):
        clock = review.clocks.get(kind=kind)
        assert (clock.met_on, clock.met_note) == (met_on, "")


@pytest.mark.parametrize(("stage", "given", "met_on", "by_what"), [
    # The rapid review started on a day given: the notification was met by then.
    ("rapid_review", {"stage_dates": {"rapid_review": "2026-03-04"}}, {
        ClockKind.PANEL_NOTIFICATION: date(2026, 3, 4), ClockKind.RAPID_REVIEW: None},
     "the day the rapid review started"),
    # Nothing given after the incident: met by the day of the import, and said so.
    ("decision", {}, {ClockKind.PANEL_NOTIFICATION: date(2026, 5, 4),
                      ClockKind.RAPID_REVIEW: date(2026, 5, 4)}, "the day of the import"),
    # The day the partners' decision began is the day the rapid review was complete.
    ("decision", {"stage_dates": {"decision": "2026-03-18"}}, {
        ClockKind.PANEL_NOTIFICATION: date(2026, 3, 18), ClockKind.RAPID_REVIEW: date(2026, 3, 18)},
     "the day the rapid review was complete"),
])
def test_a_step_done_before_the_stage_without_a_date_is_met_before_review_desk(
        business_manager, write, client_for, stage, given, met_on, by_what):
    data = {"stage": stage, "children": example()["children"], "incident": example()["incident"],
            **given}
    code, out, _err = run(write(data))
    assert code == 0, out
    review = Review.objects.get()
    for kind, day in met_on.items():
        clock = review.clocks.get(kind=kind)
        assert clock.met_on == day, kind
        if kind == ClockKind.RAPID_REVIEW and "decision" in given.get("stage_dates", {}):
            assert clock.met_note == ""  # the day given is the day it was done
        elif day is not None:
            assert clock.met_note == (f"Met before Review Desk: the import gives no date for it, "
                                      f"so it is shown as met by {day:%-d %B %Y}, {by_what}.")
    page = client_for(business_manager).get(f"/reviews/{review.uuid}/").content.decode()
    assert "Overdue" not in page or stage == "rapid_review"


def test_the_terms_of_reference_are_drafted_and_approved_on_the_approval_day(
        business_manager, write):
    """Not on the import day, after the approval; shared once approved and the authors named."""
    data = example()
    data["stage_dates"] = {"informing_staff": "2026-03-30", "chronology": "2026-03-30"}
    data["terms_of_reference"]["approved_on"] = "2026-03-25"
    data["agencies"][0]["author_named_on"] = "2026-03-27"
    code, out, _err = run(write(data))
    assert code == 0, out
    steps = {e.title.split(": ", 1)[1].split(" shared")[0]: e.effective_on
             for e in Review.objects.get().timeline.filter(title__startswith="Terms of reference")}
    assert steps == {"version 1 drafted": date(2026, 3, 25),
                     "version 1 approved": date(2026, 3, 25),
                     "version 1": date(2026, 3, 27)}


def test_a_review_imported_at_the_rapid_review_has_its_plan_as_if_started_in_review_desk(
        business_manager, write):
    data = {"stage": "rapid_review", "children": example()["children"],
            "incident": example()["incident"], "stage_dates": {"rapid_review": "2026-03-03"}}
    code, out, _err = run(write(data))
    assert code == 0, out
    review = Review.objects.get()
    tasks = list(review.tasks.filter(key__in=PLAN_KEYS).order_by("position"))
    assert [t.key for t in tasks] == [step.key for step in PLAN]
    # The business manager's steps are hers; the agencies' and the partners' name them instead.
    assert [(t.owner, t.owner_label, t.done_on) for t in tasks] == [
        (None if step.owed_by else business_manager, step.owed_by, None) for step in PLAN]
    assert tasks[-1].due_on == review.clocks.get(kind=ClockKind.RAPID_REVIEW).due_on
    assert review.timeline.get(title="Rapid review plan made").effective_on == date(2026, 3, 3)


def test_a_review_imported_past_the_rapid_review_has_its_plan_done(business_manager, client_for):
    """Every step done by the day its deadline was met (here 'before Review Desk, by' the
    decision): none open, none overdue, each saying it was done before Review Desk."""
    code, out, _err = run(str(EXAMPLE))
    assert code == 0, out
    review = Review.objects.get()
    tasks = list(review.tasks.filter(key__in=PLAN_KEYS))
    assert sorted(t.key for t in tasks) == sorted(PLAN_KEYS)
    assert {(t.done_on, t.done_by) for t in tasks} == {(date(2026, 3, 20), business_manager)}
    done = review.timeline.filter(kind="task_done")
    assert done.count() == len(PLAN)
    assert all(e.detail.startswith("Done before Review Desk") for e in done)
    page = client_for(business_manager).get(f"/reviews/{review.uuid}/").content.decode()
    # No deadline is overdue (only the police's chronology, due on 1 May: today is 4 May).
    deadlines = page.split(">Deadlines<")[1].split("</table>")[0]
    assert "Overdue" not in deadlines and "Met before Review Desk, by 20 March 2026" in deadlines
    assert not review.tasks.filter(done_on__isnull=True, due_on__lt=date(2026, 5, 4)).exists()


@pytest.mark.parametrize("stage", ["notification", "rapid_review", "decision"])
def test_a_review_before_the_decision_needs_only_the_incident(business_manager, write, stage):
    data = {"stage": stage, "children": example()["children"], "incident": example()["incident"]}
    code, out, _err = run(write(data))
    assert code == 0, out
    assert Review.objects.get().stage == stage


def test_a_review_at_commissioning_may_come_without_its_set_up(business_manager, write):
    data = {k: v for k, v in example().items() if k not in ("lead_reviewer", "agencies",
                                                            "terms_of_reference")}
    code, out, _err = run(write({**data, "stage": "commissioning"}))
    assert code == 0, out
    assert Review.objects.get().stage == "commissioning"


def test_every_problem_is_listed_with_its_path_and_nothing_is_created(business_manager, write):
    data = example()
    data["stage"] = "Chronology"
    data["type"] = "Local CSPR"
    data["incident"]["incident_date"] = "02/03/2026"
    data["incident"]["la_aware_on"] = "2026-13-01"
    data["incident"]["summery"] = data["incident"].pop("summary")
    data["children"][0]["looked_after"] = "no"
    data["children"][0]["pseudonym"] = "Sam"
    data["decided_on"] = "2027-01-01"
    data["terms_of_reference"]["period_from"] = "2024-02-01"
    data["agencies"][0]["kind"] = "constabulary"
    data["agencies"][0]["chronology_author"]["email"] = "owen.price at eastvale"
    data["colour"] = "blue"

    code, out, _err = run(write(data))

    assert code == 1
    assert nothing_created()
    lines = out.strip().splitlines()
    expected = [
        "$.stage: 'Chronology' is not a stage a review can be imported at: did you mean "
        "'chronology'?",
        "$.colour: unknown key:",
        "$.type: 'Local CSPR' is not a kind of review: did you mean 'local_cspr'?",
        "$.children[0].looked_after: should be true or false (without quotes), not 'no'.",
        "$.children[0].pseudonym: the pseudonym 'Sam' contains part of a real name in this "
        "case",
        "$.incident.summery: unknown key: did you mean 'summary'?",
        "$.incident.summary: missing: this key is required.",
        "$.incident.incident_date: '02/03/2026' is not a date in the form YYYY-MM-DD: for "
        "2 March 2026 write 2026-03-02.",
        "$.incident.la_aware_on: '2026-13-01' is not a real date: check the month and the day "
        "(YYYY-MM-DD).",
        "$.decided_on: 2027-01-01 is in the future",
        "$.terms_of_reference.period_to: 2024-01-31 is before period_from",
        "$.agencies[0].kind: 'constabulary' is not a kind of agency",
        "$.agencies[0].chronology_author.email: 'owen.price at eastvale' is not an e-mail "
        "address — write it like name@agency.org.",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in lines), (start, out)
    assert lines[-1] == (f"{len(lines) - 1} problems in review.json: nothing was created. Fix "
                         "them and run the command again.")


def test_keys_a_stage_needs_are_reported_missing_at_their_path(business_manager, write):
    data = {k: v for k, v in example().items() if k not in ("decided_on", "lead_reviewer")}
    del data["agencies"][0]["chronology_due_on"]
    code, out, _err = run(write(data))
    assert code == 1
    assert "$.decided_on: missing: this key is required at the chronology stage." in out
    assert "$.lead_reviewer: missing: this key is required at the chronology stage." in out
    assert "$.agencies[0].chronology_due_on: missing: this key is required." in out
    assert nothing_created()


def test_dates_out_of_order_are_refused(business_manager, write):
    data = example()
    data["incident"]["la_aware_on"] = "2026-03-01"
    data["stage_dates"] = {"decision": "2026-03-25", "set_up": "2026-03-10"}
    data["terms_of_reference"]["approved_on"] = "2026-03-19"
    code, out, _err = run(write(data))
    assert code == 1
    assert ("$.incident.la_aware_on: 2026-03-01 is before the incident date (2026-03-02)."
            in out)
    assert ("$.decided_on: 2026-03-20 is before the day partners' decision began (2026-03-25)."
            in out)
    assert ("$.stage_dates.set_up: 2026-03-10 is before the day commissioning began "
            "(2026-03-20)." in out)
    assert ("$.terms_of_reference.approved_on: 2026-03-19 is before decided_on, the decision "
            "(2026-03-20)." in out)
    assert nothing_created()


def test_a_person_known_by_another_name_or_in_another_agency_is_a_problem(
        business_manager, partnership, agencies, write):
    User.objects.create_user("owen.price@eastvale.police.example", "pw", full_name="Owen Pryce",
                             partnership=partnership, agency=agencies["health"])
    code, out, _err = run(write(example()))
    assert code == 1
    assert ("$.agencies[0].chronology_author.name: the person with the e-mail "
            "owen.price@eastvale.police.example is 'Owen Pryce' in Review Desk, not 'Owen Price'"
            in out)
    assert "$.agencies[0].chronology_author.email: Owen Pryce works for Testshire Health" in out


def test_a_dry_run_says_what_would_be_created_and_creates_nothing(business_manager):
    code, out, _err = run(str(EXAMPLE), "--dry-run")
    assert code == 0, out
    assert "Would create review TS-2026-001 at chronology" in out
    assert "New person (not invited): nadia.okafor@reviewers.example." in out
    assert out.strip().splitlines()[-1] == "Dry run: nothing was created."
    assert nothing_created()
    assert not IdentityEntry.objects.exists()


# --- Exit 2: bad usage, unreadable files -------------------------------------------------------


def test_a_missing_file_is_bad_usage(business_manager, tmp_path):
    code, _out, err = run(str(tmp_path / "nope.json"))
    assert code == 2
    assert "There is no file" in err


@pytest.mark.parametrize(("content", "message"), [
    ('{"stage": "chronology",\n "children": [}', "it is not valid JSON: Expecting value at line "
                                                 "2, column 15"),
    ("", "it is not valid JSON"),
])
def test_a_file_that_is_not_json_is_bad_usage(business_manager, write, content, message):
    code, _out, err = run(write(content))
    assert code == 2
    assert message in err
    assert nothing_created()


def test_a_file_that_is_not_utf8_is_bad_usage(business_manager, tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"summary": "caf\xe9"}'.encode("latin-1"))
    code, _out, err = run(str(path))
    assert code == 2
    assert "not UTF-8" in err


def test_an_unknown_partnership_is_bad_usage(business_manager):
    code, _out, err = run(str(EXAMPLE), "--partnership", "ZZ")
    assert code == 2
    assert "No partnership has the code 'ZZ'. The codes: TS." in err


def test_the_partnership_must_be_given_when_there_are_several(business_manager):
    Partnership.objects.create(name="Otherton", code="OT")
    code, _out, err = run(str(EXAMPLE))
    assert code == 2
    assert "--partnership CODE (the codes: OT, TS)" in err
    assert run(str(EXAMPLE), "--partnership", "ts")[0] == 0


def test_a_partnership_without_a_business_manager_cannot_import(partnership):
    code, _out, err = run(str(EXAMPLE))
    assert code == 2
    assert "has no active business manager" in err


def test_a_file_that_is_a_list_is_a_problem_at_the_top(business_manager, write):
    code, out, _err = run(write([copy.deepcopy(example())]))
    assert code == 1
    assert "$: the file should hold one JSON object ({…}), not a list." in out


def test_the_imported_review_reads_on_its_pages(business_manager, partner, client_for):
    assert run(str(EXAMPLE))[0] == 0
    review = Review.objects.get()
    for person in (business_manager, partner):
        client = client_for(person)
        page = client.get(f"/reviews/{review.uuid}/").content.decode()
        assert "TS-2026-001: " + ("Sam Ridley" if person == business_manager else "Child T") \
            in page
        assert "Done before Review Desk" in page
        assert client.get(reverse("decisions:decision", args=[review.uuid])).status_code == 200
        assert client.get(reverse("commissioning:terms_of_reference",
                                  args=[review.uuid])).status_code == 200


def test_near_misses_in_choices_suggest_the_value_meant(business_manager, write):
    data = example()
    data["children"][0]["sex"] = "F"
    data["stage"] = "Rapid review"
    for key in ("type", "decided_on", "lead_reviewer", "terms_of_reference"):
        del data[key]
    del data["agencies"][0]["chronology_author"], data["agencies"][0]["chronology_due_on"]
    code, out, _err = run(write(data))
    assert code == 1
    assert "$.children[0].sex: 'F' is not a sex: did you mean 'female'?" in out
    assert "$.stage: 'Rapid review' is not a stage a review can be imported at: did you mean " \
           "'rapid_review'?" in out
    assert len(out.strip().splitlines()) == 3
