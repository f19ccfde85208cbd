"""Tests for the scan engine: the register layer and the unregistered layer together.

Names are invented for these tests and appear nowhere in the benchmark data.
"""

import threading
import time

import pytest

from reviewdesk.lib.scanner import engine, unregistered
from reviewdesk.lib.scanner.documents import DocumentBuilder, read_text
from reviewdesk.lib.scanner.unregistered import UnregisteredFinder

REGISTER = [
    {"kind": "person", "name": "Kezia Brannock", "aliases": [], "role": "Subject child",
     "pseudonym": "Child Q", "public": False, "date_of_birth": "2015-06-02"},
    {"kind": "person", "name": "Dariusz Wojcik", "aliases": [], "role": "Mother's partner",
     "pseudonym": "Mother's partner", "public": False},
    {"kind": "person", "name": "Harriet Quillfeather", "aliases": [], "role": "Independent lead reviewer",
     "pseudonym": None, "public": True},
]

# About 330 characters that name nobody; repeated to make a document longer than one chunk.
FILLER = ("The panel considered how agencies shared information about the family and whether the "
          "risks presented by adults in the household were understood. Practitioners described "
          "high caseloads and frequent changes of manager, and said that supervision focused on "
          "tasks rather than on analysis of risk or on the child's lived experience.")


def scan_text(text, entries=REGISTER, **kwargs):
    return engine.scan(read_text(text.encode("utf-8")), entries, **kwargs)


def test_register_findings_win_over_the_unregistered_layer():
    text = "Police intelligence linked Dariusz Wojcik to the supply of drugs; his mobile was 07700 900555."
    findings = scan_text(text)
    assert [(f.text, f.source, f.suggestion) for f in findings] == [
        ("Dariusz Wojcik", "register", "Mother's partner"),
        ("07700 900555", "pattern", "[phone number]"),
    ]


def test_unregistered_people_sit_beside_registered_ones():
    text = ("A neighbour, Bronwen Afolabi, told police that Child Q had been seen with Dariusz Wojcik. "
            "The review was led by Harriet Quillfeather.")
    findings = scan_text(text)
    assert [(f.text, f.category, f.source, f.entry_name) for f in findings] == [
        ("Bronwen Afolabi", "person", "model", ""),
        ("Dariusz Wojcik", "person", "register", "Dariusz Wojcik"),
    ]


def test_unregistered_false_scans_the_register_only():
    text = "A neighbour, Bronwen Afolabi, rang from 0161 496 0123 about Dariusz Wojcik."
    assert [f.text for f in scan_text(text, unregistered=False)] == ["Dariusz Wojcik"]
    assert [f.text for f in scan_text(text)] == ["Bronwen Afolabi", "0161 496 0123", "Dariusz Wojcik"]


def test_findings_carry_the_part_and_offsets_of_the_document():
    builder = DocumentBuilder()
    builder.add("A neighbour, Bronwen Afolabi, telephoned the police about the flat.", "body",
                "Paragraph 1")
    builder.add("Vehicle seen at the school gate: YD21 KPX", "table", "Table 1, row 2")
    builder.add("Check whether 19 Pendle Street, BB9 7QT is the right address.", "comment", "Comment 1")
    builder.add("Dariusz Wojcik", "comment_author", "Comment 1")
    builder.add("mailto:d.wojcik77@example.org", "hyperlink", "Hyperlink 1")
    builder.add("Mother's partner's NI number was JK 12 34 56 C.", "tracked_change", "Insertion 1")
    document = builder.build("docx")

    findings = engine.scan(document, REGISTER)

    assert [(f.text, f.part, f.category) for f in findings] == [
        ("Bronwen Afolabi", "body", "person"),
        ("YD21 KPX", "table", "vehicle_registration"),
        ("19 Pendle Street", "comment", "address"),
        ("BB9 7QT", "comment", "postcode"),
        ("Dariusz Wojcik", "comment_author", "person"),
        ("d.wojcik77@example.org", "hyperlink", "email"),
        ("JK 12 34 56 C", "tracked_change", "ni_number"),
    ]
    for f in findings:
        assert document.text[f.start:f.end] == f.text


def test_progress_is_reported_chunk_by_chunk_and_ends_at_the_total():
    paragraphs = [FILLER] * 150  # about 50,000 characters: three chunks
    paragraphs[3] = "A neighbour, Bronwen Afolabi, telephoned the police about the flat."
    document = read_text("\n\n".join(paragraphs).encode("utf-8"))
    calls = []

    engine.scan(document, REGISTER, progress=lambda done, total: calls.append((done, total)))

    total = len(document.text)
    assert len(calls) >= 3
    assert all(t == total for _, t in calls)
    assert [d for d, _ in calls] == sorted({d for d, _ in calls})
    assert calls[-1] == (total, total)


def test_a_name_found_in_one_chunk_is_found_again_in_a_later_one():
    later = "Bronwen drove away in a silver hatchback."
    assert UnregisteredFinder(REGISTER).find(later) == []  # the model alone misses it
    paragraphs = ["A neighbour, Bronwen Afolabi, telephoned the police about the flat.",
                  *[FILLER] * 80, later]
    document = read_text("\n\n".join(paragraphs).encode("utf-8"))

    findings = engine.scan(document, REGISTER)

    assert [f.text for f in findings] == ["Bronwen Afolabi", "Bronwen"]
    assert findings[1].start > engine.CHUNK


def test_warm_up_builds_the_analyzer_once_even_when_workers_start_together(monkeypatch):
    built = []

    def slow_build():
        time.sleep(0.05)
        built.append(object())
        return built[-1]

    monkeypatch.setattr(unregistered, "_analyzer", None)
    monkeypatch.setattr(unregistered, "_build_analyzer", slow_build)
    threads = [threading.Thread(target=engine.warm_up) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    engine.warm_up()

    assert len(built) == 1
    assert unregistered.load() is built[0]


@pytest.mark.parametrize("entries", [[], REGISTER])
def test_a_clean_report_has_no_findings(entries):
    text = "\n\n".join([
        "Child Safeguarding Practice Review: Child Q",
        "The review was commissioned after a notification to Ofsted and the National Panel on "
        "2nd April 2022. The panel met on 14 June 2022 and 15/12/2022.",
        FILLER,
        "Social Worker 1 and Health Visitor 2 attended. It is our hope that agencies will mark "
        "progress and may show grace under pressure.",
    ])
    assert scan_text(text, entries) == []


def test_a_possessive_stays_possessive_and_a_date_of_birth_gets_a_placeholder():
    findings = scan_text("Kezia Brannock's school noted that she was born on 2nd June 2015.",
                         unregistered=False)
    assert [(f.text, f.suggestion) for f in findings] == [
        ("Kezia Brannock's", "Child Q's"), ("2nd June 2015", "[date of birth]")]


def test_register_findings_name_their_entry_by_position():
    findings = scan_text("Child Q lived with Dariusz Wojcik and Kezia's brother.", unregistered=False)
    assert [(f.text, f.entry_index) for f in findings] == [("Dariusz Wojcik", 1), ("Kezia's", 0)]


# -- Publication safety, round two: the classes found on drafts written outside the project ----

ROUND_TWO = [
    {"kind": "person", "name": "Tamsin Oakhurst-Vell", "aliases": ["Tam"], "role": "Subject child",
     "pseudonym": "Child T", "date_of_birth": "2017-05-09"},
    {"kind": "person", "name": "Grace Pendleford", "role": "Grandmother", "pseudonym": "Ms T"},
    {"kind": "person", "name": "Will Corriston", "role": "Mother's partner", "pseudonym": "Mr P"},
    {"kind": "person", "name": "Hope Varnley", "role": "Aunt", "pseudonym": "Adult 2"},
    {"kind": "person", "name": "Isla-May Oakhurst", "role": "Sibling", "pseudonym": "Sibling 1"},
    {"kind": "person", "name": "Brennan Oakhurst", "role": "Uncle", "pseudonym": "Uncle"},
    {"kind": "person", "name": "Idris Merrifield", "role": "Social worker",
     "agency": "Brackenfold Council Children's Services", "pseudonym": "Social Worker 1"},
    {"kind": "identifier", "type": "phone", "name": "07700 900731", "pseudonym": "[phone number]"},
]


def texts_found(text, entries=ROUND_TWO):
    return [f.text for f in scan_text(text, entries)]


@pytest.mark.parametrize("text", [
    "Mr P told Ms T that Uncle would collect Child T.",
    "Adult 2 was not at home when Mr P arrived; Ms T said Uncle had left.",
    "The police spoke to Mr P. Ms T. Adult 2.",
])
def test_a_registered_pseudonym_of_any_shape_is_never_a_finding(text):
    assert texts_found(text) == []


def test_the_registers_organisations_are_not_people_even_said_alone():
    text = ("Brackenfold said it had no record of the referral. The duty team at Brackenfold "
            "Council did not reply. Ravensmoor Homes had housed the family since 2019. The "
            "Coroner opened an inquest and the Crown Prosecution Service advised the police.")
    assert texts_found(text) == []


def test_an_ordinary_word_that_equals_a_registered_name_is_left_where_it_is_a_word():
    text = ("Hope was expressed that the family would engage.\n"
            "Will the partnership ensure that this happens?\n"
            "Grace periods were not offered for missed appointments.\n"
            "Hope told her teacher she was frightened. Will said he would leave.")
    assert texts_found(text) == ["Hope", "Will"]
    found = scan_text(text, ROUND_TWO)
    assert [f.start for f in found] == [text.index("Hope told"), text.index("Will said")]


def test_initials_in_every_written_form_are_found():
    text = ("I.M. visited. I. M. rang. I.M wrote. I M called. IM agreed. im spoke to mum. "
            "TOV came. T.O.V. cried. IMO and I-M were there.")
    assert texts_found(text) == ["I.M.", "I. M.", "I.M", "I M", "IM", "im", "TOV", "T.O.V.",
                                 "IMO", "I-M"]


def test_a_one_letter_slip_in_one_part_of_a_compound_name_is_found():
    text = "Tamsyn Oakhurst-Vel and Tamsin Oakhirst-Vell were both written in the log."
    found = scan_text(text, ROUND_TWO)
    assert [f.text for f in found] == ["Tamsyn", "Oakhurst-Vel", "Tamsin", "Oakhirst-Vell"]
    assert {f.entry_name for f in found} == {"Tamsin Oakhurst-Vell"}


def test_a_compound_name_part_spelt_another_common_way_is_found():
    text = "Isla-Mae and Isla-Mai were written in the nursery's log; Isla-Rose was another girl."
    found = scan_text(text, ROUND_TWO)
    assert [f.text for f in found] == ["Isla-Mae", "Isla-Mai"]
    assert {f.entry_name for f in found} == {"Isla-May Oakhurst"}


@pytest.mark.parametrize(("text", "found"), [
    ("Her birthday is 9 May and the family celebrated it.", "9 May"),
    ("On 9th August 2017, three months to the day after Child T was born, mother rang.",
     "9th August 2017"),
    ("Child T, aged six months on 09/11/2017, was weighed.", "09/11/2017"),
    ("She was born on the 9th of May.", "9th of May"),
    ("On 9 May 2021, her fourth birthday, she was seen by the GP.", "9 May 2021"),
    ("Child T turned three on 09/05/2020.", "09/05/2020"),
])
def test_a_date_of_birth_given_indirectly_is_found(text, found):
    assert texts_found(text) == [found]


def test_the_same_day_and_month_without_birthday_words_is_any_date():
    assert texts_found("The strategy meeting was held on 9 May 2021.") == []
    # A date some months after the birth is any date unless the text says so.
    assert texts_found("The strategy meeting was held on 9 August 2017; three agencies came.") == []
    assert texts_found("On 9 August 2017, two months after the referral, she was born again to "
                       "the service.") == []


def test_an_unregistered_full_name_with_a_listed_first_name_is_found():
    text = "Their neighbour Agnieszka Wroblewicz called the police; Faith Groups were not asked."
    assert texts_found(text) == ["Agnieszka Wroblewicz"]


def test_a_surname_that_is_also_a_place_word_is_still_a_name_and_a_place_is_not():
    text = ("A neighbour, Sarah Lane, called the police. The family moved from Pelham Quay to "
            "Orwick Town, near Sorrel Lane.")
    assert texts_found(text) == ["Sarah Lane"]
