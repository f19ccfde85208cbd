"""Comparing two versions of a report (reviewdesk.lib.report_diff), on Word documents built with
python-docx and read by the outline reader, and on outlines written by hand in other styles.

Every fixture is written out by hand, each in its own wording, as reviewers' drafts differ: our
own generated text would line up too easily."""

import io
import time

from docx import Document

from reviewdesk.lib.report_diff import (
    ADDED,
    CHANGED,
    DELETE,
    EQUAL,
    INSERT,
    REMOVED,
    SAME,
    Row,
    WordOp,
    compare,
    summary,
    word_ops,
)
from reviewdesk.lib.report_outline import read_outline


def outline(data: bytes) -> list[dict[str, object]]:
    return [block.as_dict() for block in read_outline(data)]


def block(text: str, kind: str = "paragraph", label: str = "", level: int = 0) -> dict:
    return {"index": 0, "kind": kind, "level": level, "number": "", "label": label or text[:20],
            "section": "", "text": text}


def kinds(rows: list[Row]) -> list[str]:
    return [row.kind for row in rows]


def inserted(row: Row) -> list[str]:
    return [op.text for op in row.words if op.op == INSERT]


def deleted(row: Row) -> list[str]:
    return [op.text for op in row.words if op.op == DELETE]


# --- Word documents --------------------------------------------------------------------------

def first_draft() -> bytes:
    document = Document()
    document.add_heading("1. Why this review was held", 1)
    document.add_paragraph("1.1 Ellie-Mae was nine months old when she was taken to the emergency "
                           "department with a fractured femur. The explanation given did not fit "
                           "the injury.")
    document.add_paragraph("1.2 The partnership agreed on 14 March that the criteria for a local "
                           "child safeguarding practice review were met.")
    document.add_heading("2. How we went about it", 1)
    document.add_paragraph("2.1 Agencies were asked for a chronology covering the twelve months "
                           "before the injury, and practitioners met twice with the reviewer.")
    document.add_paragraph("2.2 Ellie-Mae's mother spoke to the reviewer at home; her father "
                           "declined to take part.")
    table = document.add_table(rows=3, cols=2)
    for r, (agency, contacts) in enumerate([("Agency", "Contacts"), ("Health visiting", "6"),
                                            ("Children's social care", "2")]):
        table.cell(r, 0).text, table.cell(r, 1).text = agency, contacts
    document.add_heading("3. What we found", 1)
    document.add_paragraph("3.1 Bruising to the baby's ear was seen by the GP in January and was "
                           "not referred.")
    document.add_paragraph("3.2 Nobody asked who else lived in the household.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def second_draft() -> bytes:
    document = Document()
    document.add_heading("1. Why this review was held", 1)
    document.add_paragraph("1.1 Ellie-Mae was nine months old when she was taken to the emergency "
                           "department with a fractured femur. The explanation her parents gave "
                           "did not fit the injury.")
    document.add_paragraph("1.2 The partnership agreed on 14 March that the criteria for a local "
                           "child safeguarding practice review were met.")
    document.add_heading("2. How we went about it", 1)
    document.add_paragraph("2.1 Agencies were asked for a chronology covering the twelve months "
                           "before the injury, and practitioners met twice with the reviewer.")
    document.add_paragraph("2.2 Ellie-Mae's mother spoke to the reviewer at home; her father "
                           "declined to take part.")
    table = document.add_table(rows=3, cols=2)
    for r, (agency, contacts) in enumerate([("Agency", "Contacts"), ("Health visiting", "7"),
                                            ("Children's social care", "2")]):
        table.cell(r, 0).text, table.cell(r, 1).text = agency, contacts
    document.add_heading("3. What we found", 1)
    document.add_paragraph("3.1 Bruising to the baby's ear was seen by the GP in January and was "
                           "not referred.")
    document.add_paragraph("3.2 A new partner had moved in during the autumn; no agency knew.")
    document.add_paragraph("3.3 Nobody asked who else lived in the household.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_two_word_documents_are_compared_paragraph_by_paragraph_and_word_by_word() -> None:
    rows = compare(outline(first_draft()), outline(second_draft()))

    assert kinds(rows) == [SAME, CHANGED, SAME, SAME, SAME, SAME, CHANGED, SAME, SAME, ADDED,
                           CHANGED]
    intro = rows[1]
    assert intro.label == "1.1"
    assert inserted(intro) == ["her parents gave"] and deleted(intro) == ["given"]
    table = rows[6]
    assert table.label == "Table 1" and deleted(table) == ["6"] and inserted(table) == ["7"]
    assert rows[9].new is not None and rows[9].new["label"] == "3.2"
    # The old 3.2, now 3.3: its text is the same but for the number it gives itself.
    renumbered = rows[10]
    assert renumbered.label == "3.3" and renumbered.old_label == "3.2"
    assert deleted(renumbered) == ["2"] and inserted(renumbered) == ["3"]
    assert summary(rows).changed == 3 and summary(rows).added == 1


def test_a_paragraph_rewritten_pairs_with_its_old_self_in_a_word_document() -> None:
    old = Document()
    old.add_paragraph("The school nurse noted that the boy was often hungry at the start of the day "
                      "and that he had missed three dental appointments.")
    old.add_paragraph("Housing had no record of the family.")
    new = Document()
    new.add_paragraph("The school nurse recorded that the boy often arrived hungry and that he "
                      "had missed three dental appointments in a row.")
    new.add_paragraph("Housing had no record of the family.")
    data = []
    for document in (old, new):
        out = io.BytesIO()
        document.save(out)
        data.append(out.getvalue())

    rows = compare(outline(data[0]), outline(data[1]))

    assert kinds(rows) == [CHANGED, SAME]
    assert "recorded" in "".join(inserted(rows[0])) and "noted" in "".join(deleted(rows[0]))


def test_word_list_numbering_renumbered_after_an_insertion() -> None:
    def listed(*items: str) -> bytes:
        document = Document()
        document.add_heading("Recommendations", 1)
        for item in items:
            document.add_paragraph(item, style="List Number")
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    old = listed("The partnership should audit how bruising in non-mobile babies is referred.",
                 "Health visitors should ask about every adult in the home.")
    new = listed("The partnership should audit how bruising in non-mobile babies is referred.",
                 "GPs should be reminded of the bruising protocol.",
                 "Health visitors should ask about every adult in the home.")

    rows = compare(outline(old), outline(new))

    assert kinds(rows) == [SAME, SAME, ADDED, SAME]
    # Word numbers the list itself: the text is unchanged, only the number moved on.
    assert rows[3].old_label == "2" and rows[3].label == "3"


# --- Outlines written by hand, in other styles ------------------------------------------------

def test_headings_renumbered_by_hand_line_up_and_show_the_new_number() -> None:
    old = [block("4 Analysis", "heading", "4", 1),
           block("4.1 The referral of 2 May was screened out on the same day by the duty manager.",
                 label="4.1"),
           block("5 Good practice", "heading", "5", 1)]
    new = [block("3 Analysis", "heading", "3", 1),
           block("3.1 The referral of 2 May was screened out on the same day by the duty manager.",
                 label="3.1"),
           block("4 Good practice", "heading", "4", 1)]

    rows = compare(old, new)

    assert kinds(rows) == [CHANGED, CHANGED, CHANGED]
    assert [(r.old_label, r.label) for r in rows] == [("4", "3"), ("4.1", "3.1"), ("5", "4")]
    assert deleted(rows[1]) == ["4"] and inserted(rows[1]) == ["3"]


def test_a_paragraph_split_in_two() -> None:
    old = [block("Mum said she had left the baby with a friend whose name she would not give. The "
                 "police were not told until the following week, when the nursery raised it.",
                 label="Paragraph 7"),
           block("The nursery manager's account is set out below.", label="Paragraph 8")]
    new = [block("Mum said she had left the baby with a friend whose name she would not give.",
                 label="Paragraph 7"),
           block("The police were not told until the following week, when the nursery raised it.",
                 label="Paragraph 8"),
           block("The nursery manager's account is set out below.", label="Paragraph 9")]

    rows = compare(old, new)

    assert kinds(rows) == [CHANGED, SAME]
    split = rows[0]
    assert split.joined == "split" and split.more is not None and split.more["label"] == "Paragraph 8"
    assert inserted(split) == ["\n\n"] and "".join(op.text for op in split.words
                                                  if op.op == EQUAL).startswith("Mum said")


def test_two_paragraphs_merged() -> None:
    old = [block("Contact with the family was by telephone during the pandemic."),
           block("Home visits resumed in September 2021."),
           block("The social worker changed three times in six months.")]
    new = [block("Contact with the family was by telephone during the pandemic, and home visits "
                 "resumed in September 2021."),
           block("The social worker changed three times in six months.")]

    rows = compare(old, new)

    assert kinds(rows) == [CHANGED, SAME]
    assert rows[0].joined == "merged" and rows[0].more is not None
    assert rows[0].more["text"] == "Home visits resumed in September 2021."


def test_a_moved_section_is_shown_where_it_now_is_and_not_as_removed_and_added() -> None:
    learning = [block("Learning about fathers", "heading", "Learning about fathers", 2),
                block("Men in the household were invisible to universal services."),
                block("Fathers were not invited to the child protection conference.")]
    background = [block("Background", "heading", "Background", 2),
                  block("The family moved to the area from Leeds in 2019."),
                  block("There were four older siblings, all living with their grandparents.")]
    timeline = [block("What happened", "heading", "What happened", 2),
                block("The first referral came from the ambulance service in February.")]

    rows = compare([*background, *timeline, *learning], [*learning, *background, *timeline])

    assert ADDED not in kinds(rows) and REMOVED not in kinds(rows)
    assert [r.moved for r in rows].count(True) == 3
    assert [r.new["text"] for r in rows if r.new] == [
        b["text"] for b in [*learning, *background, *timeline]]


def test_punctuation_only_changes_show_as_the_marks_that_changed() -> None:
    old = [block("However the threshold was not met, the case was closed.")]
    new = [block("However, the threshold was not met; the case was closed.")]

    rows = compare(old, new)

    assert kinds(rows) == [CHANGED]
    assert inserted(rows[0]) == [",", ";"] and deleted(rows[0]) == [","]


def test_whitespace_differences_are_not_changes() -> None:
    old = [block("The  chronology   was  merged\tby the reviewer. "),
           block("Paragraph two stays as it is.")]
    new = [block("The chronology was merged by the reviewer."),
           block("Paragraph two stays as it is.")]

    assert kinds(compare(old, new)) == [SAME, SAME]


def test_tables_compare_cell_by_cell_and_keep_their_rows() -> None:
    old = [block("Agency | Contacts | Referrals\nPolice | 3 | 1\nSchool | 14 | 0", "table",
                 "Table 1")]
    new = [block("Agency | Contacts | Referrals\nPolice | 4 | 1\nSchool | 14 | 0\nGP | 2 | 0",
                 "table", "Table 1")]

    row = compare(old, new)[0]

    assert row.kind == CHANGED
    assert deleted(row) == ["3"] and inserted(row) == ["4", "\nGP | 2 | 0"]


def test_a_version_with_paragraphs_removed_and_added() -> None:
    old = [block("Summary", "heading", "Summary", 1),
           block("This review looks at the care of a baby boy, known here as Child T."),
           block("A draft recommendation about faith groups is still under discussion."),
           block("The review was completed within six months.")]
    new = [block("Summary", "heading", "Summary", 1),
           block("This review looks at the care of a baby boy, known here as Child T."),
           block("The review was completed within six months."),
           block("The family have read this report and their views are included at section 9.")]

    assert kinds(compare(old, new)) == [SAME, SAME, REMOVED, SAME, ADDED]


def test_an_empty_version_on_either_side() -> None:
    blocks = [block("Only paragraph.")]
    assert kinds(compare([], blocks)) == [ADDED]
    assert kinds(compare(blocks, [])) == [REMOVED]
    assert compare([], []) == []


def test_word_changes_read_as_whole_phrases() -> None:
    assert word_ops("the mother said no", "the father said yes") == [
        WordOp(EQUAL, "the "), WordOp(DELETE, "mother"), WordOp(INSERT, "father"),
        WordOp(EQUAL, " said "), WordOp(DELETE, "no"), WordOp(INSERT, "yes")]
    # A space alone between two changes is part of one change, not three.
    assert word_ops("was seen quickly", "had been assessed") == [
        WordOp(DELETE, "was seen quickly"), WordOp(INSERT, "had been assessed")]


def test_four_hundred_paragraphs_compare_in_well_under_a_second() -> None:
    sentences = ["The health visitor saw the family at home on {n} occasions.",
                 "School {n} reported that attendance was below ninety per cent.",
                 "Police attended after a neighbour heard shouting on night {n}.",
                 "The GP prescribed antidepressants at appointment {n}; no one asked about the baby.",
                 "Early help closed the case after {n} weeks without a review meeting."]
    old = [block(" ".join(s.format(n=f"{n}-{k}") for k, s in enumerate(sentences)) * 2)
           for n in range(400)]
    new = list(old)
    for n in range(0, 400, 20):
        new[n] = block(str(new[n]["text"]).replace("at home", "at the grandparents' home"))
    del new[101:104]
    new[300:300] = [block("A new paragraph on the father's involvement, added after comments.")]

    started = time.perf_counter()
    rows = compare(old, new)
    elapsed = time.perf_counter() - started

    assert summary(rows).changed == 20 and summary(rows).removed == 3
    assert summary(rows).added == 1
    assert elapsed < 1.0
