"""Reading a final report's findings and recommendations, on reports written in different habits:
five drafts written by hand by a session that had not read the code (bench/reports/others, with
their own answer keys), and short reports written here in the habits those five do not use."""

import json
from pathlib import Path

import pytest

from reviewdesk.findings import reading
from reviewdesk.lib import report_checklist as measures
from reviewdesk.lib.report_outline import read_outline

from .conftest import docx

OTHERS = Path(__file__).resolve().parents[3] / "bench" / "reports" / "others"


def outline(data: bytes) -> list[dict]:
    return [block.as_dict() for block in read_outline(data)]


def read_other(name: str) -> reading.Reading:
    return reading.read(outline((OTHERS / f"{name}.docx").read_bytes()))


@pytest.mark.parametrize("name", ["child-m", "child-t", "child-d", "siblings-r", "baby-k"])
def test_every_recommendation_of_the_others_reports_is_read_in_order(name: str) -> None:
    key = json.loads((OTHERS / f"{name}.json").read_text())["recommendations"]
    found = read_other(name).recommendations
    assert len(found) == key["count"]
    for item, expected in zip(found, key["items"], strict=True):
        # Each starts with the key's first words, its "Recommendation 1:" taken off.
        first = expected["first_words"].split(": ", 1)[-1].replace("'", "\u2019")
        assert item.text.replace("'", "\u2019").startswith(first), (item.text, first)
    assert [item.number for item in found] == list(range(1, key["count"] + 1))


def test_unnumbered_recommendations_are_numbered_in_order_and_say_so() -> None:
    assert read_other("baby-k").recommendations_numbered_in_order
    assert read_other("child-d").recommendations_numbered_in_order
    assert not read_other("child-m").recommendations_numbered_in_order
    # Word's own numbering (List Number 2) counts as the report's.
    assert not read_other("siblings-r").recommendations_numbered_in_order


def test_the_others_findings_in_each_of_their_habits() -> None:
    # "Finding 1: …" sub-headings under "5. What we learned".
    child_t = read_other("child-t")
    assert [f.number for f in child_t.findings] == [1, 2, 3]
    assert child_t.findings[0].text.startswith("Child T\u2019s own voice was missing. "
                                                "Practitioners spoke to Mother")
    # "Finding 1 – Retraction." at the start of paragraphs under a bold "Findings" line.
    child_d = read_other("child-d")
    assert [f.text.split(".")[0] for f in child_d.findings] == [
        "Retraction", "Professional curiosity", "Information sharing", "The DSL role"]
    # "Learning 1: …" paragraphs that Word numbers 20 to 23: the label's number, not Word's.
    siblings = read_other("siblings-r")
    assert [f.number for f in siblings.findings] == [1, 2, 3, 4]
    assert siblings.findings[3].text == "Siblings. Child S was not seen as a child in his own right."
    # Unnumbered sub-headings under "Findings and analysis", numbered in order.
    baby_k = read_other("baby-k")
    assert [f.text.split(".")[0] for f in baby_k.findings] == [
        "Fathers were not part of the picture", "Bruising in a baby who cannot move",
        "Care leavers as parents"]
    assert baby_k.findings_numbered_in_order
    # No findings section at all: the sub-headings of "5. Analysis".
    assert [f.text.split(".")[0] for f in read_other("child-m").findings] == [
        "Professional curiosity about the men in the household", "Responding to injuries",
        "Step down"]


def test_recommendation_headings_and_key_findings_as_headings() -> None:
    data = docx(("Child B: a local child safeguarding practice review", 0),
                ("Key finding 1: The baby's bruise was not seen as a warning", 1),
                "Nobody asked how a baby who could not roll over was bruised.",
                ("Key finding 2: Father was invisible", 1),
                "He was never seen by the health visitor.",
                ("Recommendations", 1),
                ("Recommendation 1", 2),
                "The Integrated Care Board should audit the bruising protocol.",
                ("Recommendation 2", 2),
                "Kirkvale Children's Social Care should see fathers at every assessment.")
    found = reading.read(outline(data))
    assert [(f.number, f.text) for f in found.findings] == [
        (1, "The baby's bruise was not seen as a warning. Nobody asked how a baby who could not "
            "roll over was bruised."),
        (2, "Father was invisible. He was never seen by the health visitor.")]
    assert [(r.number, r.text) for r in found.recommendations] == [
        (1, "The Integrated Care Board should audit the bruising protocol."),
        (2, "Kirkvale Children's Social Care should see fathers at every assessment.")]


def test_r_numbers_and_typed_section_numbers() -> None:
    data = docx(("4. Findings", 1),
                "4.1 Information about the father's convictions was not shared.",
                "The police held it from 2023.",
                "4.2 School attendance fell without anyone asking why.",
                ("5. Recommendations", 1),
                "R1 The partnership should write guidance on sharing convictions.",
                "R2: Schools should tell the social worker when attendance falls.")
    found = reading.read(outline(data))
    # Section 4's paragraphs 4.1 and 4.2 are findings 1 and 2; an unnumbered paragraph
    # belongs to the numbered one before it.
    assert [(f.number, f.text) for f in found.findings] == [
        (1, "Information about the father's convictions was not shared.\nThe police held it "
            "from 2023."),
        (2, "School attendance fell without anyone asking why.")]
    assert not found.findings_numbered_in_order
    assert [(r.number, r.text) for r in found.recommendations] == [
        (1, "The partnership should write guidance on sharing convictions."),
        (2, "Schools should tell the social worker when attendance falls.")]


def test_typed_numbers_and_words_numbering_under_learning() -> None:
    data = docx(("Learning", 1),
                ("Practitioners did not hear the child's voice.", "List Number"),
                ("Escalation between agencies was not used.", "List Number"),
                ("Recommendations", 1),
                "1. The partnership should promote its escalation policy.",
                "2. Every agency should record the child's own words.")
    found = reading.read(outline(data))
    assert [(f.number, f.text) for f in found.findings] == [
        (1, "Practitioners did not hear the child's voice."),
        (2, "Escalation between agencies was not used.")]
    assert [(r.number, r.text) for r in found.recommendations] == [
        (1, "The partnership should promote its escalation policy."),
        (2, "Every agency should record the child's own words.")]


def test_a_table_of_recommendations_with_whom_each_is_for() -> None:
    data = docx(("Findings", 1),
                "Finding 1. Nobody owned the plan.",
                ("Recommendations", 1),
                "The table sets out the recommendations and the lead agency for each.",
                [["No.", "Recommendation", "Lead agency"],
                 ["1", "Review the step down procedure.", "Kirkvale Council"],
                 ["2", "Audit the use of the bruising protocol.", "Integrated Care Board"]])
    found = reading.read(outline(data))
    assert [(f.number, f.text) for f in found.findings] == [(1, "Nobody owned the plan.")]
    assert [(r.number, r.text, r.addressed_to) for r in found.recommendations] == [
        (1, "Review the step down procedure.", "Kirkvale Council"),
        (2, "Audit the use of the bruising protocol.", "Integrated Care Board")]


def test_whom_a_recommendation_is_for_from_the_partnerships_agencies() -> None:
    lists = measures.Lists(sections=[], jargon={}, addressees=["Kirkvale Police"],
                           addressee_codes=["KSCP"])
    data = docx(("Recommendations", 1), "1. Kirkvale Police should share outcomes.",
                "2. KSCP should seek assurance.", "3. Consideration should be given to it.")
    found = reading.read(outline(data), lists).recommendations
    assert [r.addressed_to for r in found] == ["Kirkvale Police", "KSCP", ""]


def test_a_report_without_findings_or_recommendations_reads_empty() -> None:
    data = docx(("Introduction", 1), "This review looks at how agencies worked together.",
                ("Conclusion", 1), "The partnership will share the learning.")
    assert reading.read(outline(data)).empty
