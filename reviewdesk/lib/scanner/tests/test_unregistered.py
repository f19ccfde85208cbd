"""Tests for the unregistered layer: identifiers the register does not hold, and what it must leave.

Names are invented for these tests and appear nowhere in the benchmark data.
"""

import subprocess
import sys
import textwrap
from typing import TYPE_CHECKING

import pytest

from reviewdesk.lib.scanner import unregistered
from reviewdesk.lib.scanner.unregistered import UnregisteredFinder

if TYPE_CHECKING:  # Presidio takes a second to import; the fake analyzer imports it when used
    from presidio_analyzer import RecognizerResult

REGISTER = [
    {"kind": "person", "name": "Kezia Brannock", "aliases": [], "role": "Subject child",
     "pseudonym": "Child Q", "public": False, "date_of_birth": "2015-06-02"},
    {"kind": "person", "name": "Morwenna Brannock", "aliases": [], "role": "Mother",
     "pseudonym": "Mother", "public": False},
    {"kind": "person", "name": "Idris Penhallow", "aliases": [], "role": "Health visitor",
     "pseudonym": "Health Visitor 1", "public": False},
    {"kind": "person", "name": "Harriet Quillfeather", "aliases": [], "role": "Independent lead reviewer",
     "pseudonym": None, "public": True},
]


@pytest.fixture
def finder():
    # A finder remembers the names it has found (a document is scanned in chunks): one per test.
    return UnregisteredFinder(REGISTER)


def found(text):
    return [(f.text, f.category) for f in UnregisteredFinder(REGISTER).find(text)]


@pytest.mark.parametrize(
    ("text", "expected", "category"),
    [
        ("On 4 May 2021 a neighbour, Bronwen Afolabi, telephoned the police about the flat.",
         "Bronwen Afolabi", "person"),
        ("Police intelligence linked Dariusz Wojcik to the supply of drugs in the area.",
         "Dariusz Wojcik", "person"),
        ("Child Q was seen late at night outside 19 Pendle Street with older boys.",
         "19 Pendle Street", "address"),
        ("She was found at Flat 2, 7 Larchfield Way by officers.", "Flat 2, 7 Larchfield Way", "address"),
        ("The flat at 19 Pendle Street, BB9 7QT, was searched.", "BB9 7QT", "postcode"),
        ("The letter gave the postcode as BB97QT on its envelope.", "BB97QT", "postcode"),
        ("A discharge letter gave his NHS number as 943 476 5919.", "943 476 5919", "nhs_number"),
        ("A discharge letter gave his NHS number as 943-476-5919.", "943-476-5919", "nhs_number"),
        ("The record held his National Insurance number, JK 12 34 56 C.", "JK 12 34 56 C", "ni_number"),
        ("The record held his National Insurance number, JK123456C.", "JK123456C", "ni_number"),
        ("She gave her own number as 0161 496 0123 when she rang.", "0161 496 0123", "phone"),
        ("His mobile, 07700 900555, was used to arrange meetings.", "07700 900555", "phone"),
        ("His mobile, +44 7700 900555, was used to arrange meetings.", "+44 7700 900555", "phone"),
        ("An email account, d.wojcik77@example.org, was used to arrange meetings.",
         "d.wojcik77@example.org", "email"),
        ("He drove a silver hatchback, registration YD21 KPX, away from the school.", "YD21 KPX",
         "vehicle_registration"),
        ("He drove a silver hatchback, registration YD21KPX, away from the school.", "YD21KPX",
         "vehicle_registration"),
    ],
)
def test_each_kind_of_unregistered_identifier_is_found(text, expected, category):
    assert (expected, category) in found(text)


def test_findings_carry_offsets_reason_suggestion_and_source(finder):
    text = "A neighbour, Bronwen Afolabi, gave her number as 0161 496 0123."
    person, phone = finder.find(text)
    assert text[person.start:person.end] == person.text == "Bronwen Afolabi"
    assert (person.reason, person.suggestion, person.source) == (
        "named-entity model: PERSON", "[name of another person]", "model")
    assert text[phone.start:phone.end] == phone.text == "0161 496 0123"
    assert (phone.reason, phone.suggestion, phone.source) == (
        "pattern: UK phone number", "[phone number]", "pattern")


def test_nhs_number_with_a_bad_checksum_is_not_flagged():
    assert found("The letter gave his NHS number as 943 476 5910.") == []


def test_other_mentions_of_a_name_the_model_found_are_found_too():
    text = ("Police intelligence linked Dariusz Wojcik to the supply of drugs. Later Dariusz drove "
            "away from the school. Officers searched Wojcik's car and spoke to Mr Wojcik again.")
    names = [t for t, category in found(text) if category == "person"]
    assert names == ["Dariusz Wojcik", "Dariusz", "Wojcik", "Mr Wojcik"]


def test_a_first_name_just_before_a_known_surname_is_found():
    text = ("Police intelligence linked Mr Wojcik to the supply of drugs. The police did not "
            "interview Fergal Wojcik. Fergal drove off.")
    names = [t for t, category in found(text) if category == "person"]
    assert names == ["Mr Wojcik", "Fergal Wojcik", "Fergal"]


def test_a_capitalised_word_starting_a_sentence_is_not_taken_for_a_first_name():
    text = "The car belonged to Mr Wojcik. Meanwhile Wojcik had left the area."
    names = [t for t, category in found(text) if category == "person"]
    assert names == ["Mr Wojcik", "Wojcik"]


def test_a_title_marks_a_name_the_model_does_not_know():
    assert ("Mr Wojcik", "person") in found("The car belonged to Mr Wojcik, who was not at home.")


@pytest.mark.parametrize(
    "text",
    [
        # the register's pseudonyms and role labels
        "Child Q lived with Mother and Health Visitor 1 visited twice. Child Q's weight fell.",
        # generic roles and numbered practitioners not in the register
        "Social Worker 2, the Class Teacher and Police Officer 3 met the Designated Safeguarding Lead.",
        # national bodies
        "The notification went to Ofsted and to the Child Safeguarding Practice Review Panel; the "
        "National Panel, the NSPCC, the DfE, Cafcass and the Care Quality Commission have all "
        "published on this. Working Together to Safeguard Children 2023 is clear.",
        # ordinary words that are also names
        "It is our hope that agencies will mark progress and may show grace under pressure.",
        "Hope is not a plan. Will the learning last? May we thank the family.",
        # meeting dates
        "The panel met on 14 June 2022, 15/12/2021 and 3.3.22, and again on Tuesday 4 March.",
        # the public lead reviewer, in full and by surname
        "The review was led by Harriet Quillfeather. Ms Quillfeather met the family twice.",
    ],
)
def test_hard_negatives_are_not_flagged(finder, text):
    assert finder.find(text) == []


def test_a_public_persons_surname_does_not_hide_another_person_with_it(finder):
    text = "A neighbour, Dariusz Quillfeather, rang the police. Dariusz was frightened."
    assert [f.text for f in finder.find(text)] == ["Dariusz Quillfeather", "Dariusz"]


def test_spans_to_skip_are_left_to_the_register(finder):
    text = "Police intelligence linked Dariusz Wojcik to the supply of drugs; his mobile was 07700 900555."
    start = text.index("Dariusz Wojcik")
    findings = finder.find(text, skip=[(start, start + len("Dariusz Wojcik"))])
    assert [f.text for f in findings] == ["07700 900555"]


def test_the_analyzer_is_built_once_per_process():
    assert unregistered.load() is unregistered.load()


def test_nothing_is_downloaded_when_loading_and_scanning():
    # A fresh interpreter, so the model really loads, with every way out to the network closed.
    script = textwrap.dedent("""
        import socket

        def refuse(*args, **kwargs):
            raise OSError("network access attempted")

        socket.socket.connect = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse

        from reviewdesk.lib.scanner.unregistered import UnregisteredFinder

        text = "A neighbour, Bronwen Afolabi, emailed b.afolabi@example.co.uk from BB9 7QT."
        print(sorted(f.category for f in UnregisteredFinder().find(text)))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['email', 'person', 'postcode']"


def test_the_scanner_modules_do_not_import_django():
    script = ("import sys, reviewdesk.lib.scanner.engine, reviewdesk.lib.scanner.unregistered; "
              "print('django' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


def test_a_public_persons_first_name_does_not_hide_another_person_with_it(finder):
    text = "A neighbour, Harriet Wojcik, rang the police. Harriet was frightened."
    assert [f.text for f in finder.find(text)] == ["Harriet Wojcik", "Harriet"]


def test_title_and_surname_are_found_when_someone_not_public_shares_the_public_surname():
    register = [*REGISTER, {"kind": "person", "name": "Tamsin Quillfeather", "role": "Aunt",
                            "pseudonym": "Aunt", "public": False}]
    text = "The review was led by Harriet Quillfeather. Ms Quillfeather rang the school."
    # The register layer reports the aunt's surname; here, with no register layer, this one does.
    assert [f.text for f in UnregisteredFinder(register).find(text)] == ["Ms Quillfeather"]


@pytest.mark.parametrize("other", [
    {"kind": "person", "name": "Harriet Quillfeather", "aliases": ["Hattie"], "public": True},
    {"kind": "person", "name": "Leonie Marchbank", "pseudonym": "Hattie", "public": False},
])
def test_a_public_alias_or_a_label_never_hides_a_name_someone_not_public_has(other):
    register = [{"kind": "person", "name": "Hattie Brannock", "role": "Aunt", "pseudonym": "Aunt"},
                other]
    assert [f.text for f in UnregisteredFinder(register).find("Then Mrs Hattie rang the school.")] == [
        "Mrs Hattie"]


# --- A paragraph longer than the model takes ---------------------------------------------------

LONG_NAME = "Dariusz Wojcik"


class FakeAnalyzer:
    """Stands in for Presidio and spaCy (whose model would take half a minute on a million
    characters): refuses a text over spaCy's limit exactly as spaCy does, and takes LONG_NAME
    for a person wherever it appears."""

    class nlp_engine:  # noqa: N801 - the attribute Presidio's analyzer has
        @staticmethod
        def process_batch(texts: list[str], language: str, batch_size: int) -> list[tuple[str, None]]:
            for text in texts:
                if len(text) > 1_000_000:
                    raise ValueError(f"[E088] Text of length {len(text)} exceeds maximum of "
                                     "1000000.")
            return [(text, None) for text in texts]

    @staticmethod
    def analyze(text: str, language: str, entities: list[str] | None,
                nlp_artifacts: object) -> list["RecognizerResult"]:
        from presidio_analyzer import RecognizerResult

        at = text.find(LONG_NAME)
        return [] if at < 0 else [RecognizerResult("PERSON", at, at + len(LONG_NAME), 0.85)]


def test_a_paragraph_of_over_a_million_characters_is_read_in_pieces_and_offsets_hold(
        monkeypatch):
    monkeypatch.setattr(unregistered, "_analyzer", FakeAnalyzer())
    sentence = "The family were seen again at home and nothing new was said about it. "
    text = sentence * (1_200_000 // len(sentence) + 1) + f"Later that week {LONG_NAME} called."
    assert "\n" not in text and len(text) > 1_200_000
    findings = UnregisteredFinder(REGISTER).find(text)
    assert [(f.start, f.text) for f in findings] == [(text.index(LONG_NAME), LONG_NAME)]


def test_a_long_line_is_cut_at_sentence_ends_then_spaces_then_anywhere():
    line = "One two three. Four five six. " * 10
    pieces = unregistered._pieces(line, 40)
    assert "".join(p for _, p in pieces) == line
    assert all(line[at:at + len(p)] == p and len(p) <= 40 for at, p in pieces)
    assert pieces[0][1] == "One two three. Four five six. "  # at a sentence's end
    words = unregistered._pieces("abcdefghi " * 10, 25)
    assert words[0][1] == "abcdefghi abcdefghi "  # no sentence: after a space
    solid = unregistered._pieces("x" * 100, 30)
    assert [len(p) for _, p in solid] == [30, 30, 30, 10]  # nothing to end at: a hard cut
