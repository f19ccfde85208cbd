"""The checklist on five drafts written by hand in other reviewers' habits, by a session that had
not read the code (bench/reports/others: each draft with a hand-written answer key). Our own
fixtures flatter us; these hold the checklist to what others write: bold lines as headings, Word's
list numbering, acronyms only in a table, curly apostrophes in agency names, other areas' agencies.
``bench/reports/others_drafts.py`` prints the same figures in full."""

import json
import pathlib
from typing import Any

import pytest

from reviewdesk.checklist import defaults
from reviewdesk.lib import report_checklist as measures
from reviewdesk.lib.report_outline import read_outline

OTHERS = pathlib.Path(__file__).resolve().parents[3] / "bench" / "reports" / "others"
KEYS = sorted(p for p in OTHERS.glob("*.json") if not p.name.endswith("-edits.json"))
SECTION_NAMES = dict(zip(
    ["introduction", "methodology", "child_and_family", "what_happened", "analysis_findings",
     "good_practice", "recommendations", "glossary"], [name for name, _ in defaults.SECTIONS],
    strict=True))


def judged(key: dict[str, Any]) -> dict[str, dict[str, Any]]:
    named = [i["to"] for i in key["recommendations"]["items"] if i["addressed"] and i["to"]]
    lists = measures.Lists(
        sections=[measures.Required(name, name, tuple(lines)) for name, lines in defaults.SECTIONS],
        jargon=dict(defaults.JARGON), addressees=named)  # the area's agencies, as set up
    outline = [b.as_dict() for b in read_outline((OTHERS / key["file"]).read_bytes())]
    items, paragraphs = measures.work_out(outline, lists)
    return {i["key"]: i for i in items} | {"paragraphs": {"all": paragraphs}}


@pytest.fixture(scope="module")
def results() -> list[tuple[dict[str, Any], dict[str, dict[str, Any]]]]:
    assert len(KEYS) == 5, "the five drafts and their keys are in bench/reports/others"
    return [(key, judged(key)) for key in (json.loads(p.read_text()) for p in KEYS)]


def test_required_sections_are_found_under_other_reviewers_headings(results: list) -> None:
    wrong = []
    for key, items in results:
        missing = {d["section"] for d in items["sections"]["details"] if not d["found"]}
        for short, name in SECTION_NAMES.items():
            if key["sections"][short]["present"] == (name in missing):
                wrong.append(f"{key['file']}: {short}")
    assert wrong == []  # 38 of 40 before "Approach" and "Why this review was commissioned"


def test_undefined_acronyms_are_caught_and_defined_ones_left_alone(results: list) -> None:
    caught = undefined = false_alarms = 0
    for key, items in results:
        flagged = {d["acronym"] for d in items["acronyms"]["details"]}
        expected = {a for a, v in key["acronyms"].items() if not v["defined"]}
        caught += len(flagged & expected)
        undefined += len(expected)
        false_alarms += len(flagged & {a for a, v in key["acronyms"].items() if v["defined"]})
    # Missed: A&E (taken as known to the public) and S47 (a number in it).
    assert (caught, undefined, false_alarms) == (12, 14, 0)


def test_long_sentences_match_the_hand_counts(results: list) -> None:
    for key, items in results:
        counted = key["long_sentences_over_30_words"]
        counted = counted["count"] if isinstance(counted, dict) else counted
        assert sum(p["long_sentences"] for p in items["paragraphs"]["all"]) == counted, key["file"]


def test_recommendations_addressed_with_curly_apostrophes(results: list) -> None:
    not_addressed = sum(1 for _, items in results
                        for d in items["recommendations"]["details"] if not d["addressed"])
    by_key = sum(1 for key, _ in results for i in key["recommendations"]["items"]
                 if not i["addressed"])
    # The key counts "GPs should…" and "Northmere schools, through the DSL network…" as
    # addressed; the checklist, reading only the partnership's agencies, does not.
    assert (by_key, not_addressed) == (6, 8)
