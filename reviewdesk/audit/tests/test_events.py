"""Every event type the code records is in the registry, with its description."""

import ast
from pathlib import Path

import reviewdesk
from reviewdesk.audit.events import AREAS, EVENT_TYPES
from reviewdesk.notices.models import Notice
from reviewdesk.reviews.transitions import TRANSITIONS

PACKAGE = Path(reviewdesk.__file__).parent
WRITERS = {"record", "record_step"}


def _codes(node: ast.expr) -> list[str]:
    """The codes a literal first argument can be: a string, or either side of ``a if c else b``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _codes(node.body) + _codes(node.orelse)
    return []


def literal_codes() -> dict[str, str]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if {"tests", "migrations"} & set(path.parts) or path.name.startswith("test_"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and node.args
                    and getattr(node.func, "id", getattr(node.func, "attr", None)) in WRITERS):
                for code in _codes(node.args[0]):
                    found[code] = f"{path.relative_to(PACKAGE)}:{node.lineno}"
    return found


def test_every_code_written_in_the_source_is_registered():
    found = literal_codes()
    assert len(found) > 100  # the scan does find them
    assert {code: where for code, where in found.items() if code not in EVENT_TYPES} == {}


def test_the_codes_built_at_run_time_are_registered():
    # transitions._move: f"review.{transition.name}"; notices.deliver: f"notice.{status}".
    # The Panel's reopening of a closed case is the one step whose owner records it itself.
    moved = {f"review.{name}" for name in TRANSITIONS} - {"review.reopen_as_national"}
    assert moved <= EVENT_TYPES.keys()
    assert "decision.reopened_national" in EVENT_TYPES
    assert {f"notice.{s}" for s in (Notice.Status.SENT, Notice.Status.FAILED)} <= EVENT_TYPES.keys()


def test_every_event_type_says_what_its_person_did_in_plain_words():
    for code, event_type in EVENT_TYPES.items():
        if code.startswith("test."):
            continue  # the audit chain's own tests' events
        phrase = event_type.phrase
        assert phrase and phrase == phrase.strip() and not phrase.endswith("."), code
        assert phrase[0].islower() and "_" not in phrase, code
        assert event_type.area.slug != "other", code


def test_reads_downloads_and_signing_in_are_not_changes():
    assert not EVENT_TYPES["commissioning.case_files_viewed"].is_change
    assert not EVENT_TYPES["register.exported"].is_change
    assert not EVENT_TYPES["reports.original_downloaded"].is_change
    assert not EVENT_TYPES["person.signed_in"].is_change
    assert EVENT_TYPES["commissioning.case_files_confirmed"].is_change
    assert EVENT_TYPES["review.close_review"].is_change
    assert EVENT_TYPES["review.close_review"].area.label == "Stage moves"
    assert EVENT_TYPES["review.member_added"].area.label == "The review and its team"
    assert (EVENT_TYPES["commissioning.case_files_viewed"].sentence("Jo Bloggs (business manager)")
            == "Jo Bloggs (business manager) read the case-file checklist")


def test_every_area_of_the_audit_page_is_listed_once() -> None:
    slugs = [area.slug for area in AREAS]
    assert len(slugs) == len(set(slugs)), "an area is listed twice: its filter would show twice"


def test_the_publication_stage_s_events_have_their_own_areas() -> None:
    from reviewdesk.audit.events import area_of

    assert area_of("publication.published").label == "Publishing the report"
    assert area_of("on_request.moved_to_on_request").slug == "on-request"
    # A request from the public page sits with the requests the business unit answers.
    assert area_of("public_site.request_taken").slug == "on-request"
    assert area_of("copies.sent").label == "Copies to national bodies"
    assert area_of("holds.added").slug == "holds"
