"""Correcting a draft report: replacements land in every part, and the copy keeps no history or authors.

Names are invented for these tests.
"""

import io
import re
import zipfile

import docx
import pytest
from lxml import etree

from reviewdesk.lib.scanner.correct import TextChanged, correct_docx, strip_jpeg_metadata, strip_png_metadata
from reviewdesk.lib.scanner.documents import Document
from reviewdesk.lib.scanner.docx_reader import W, read_docx
from reviewdesk.lib.scanner.tests.docx_fixtures import (
    RELATIONSHIPS,
    body_docx,
    docx_bytes,
    docx_with_template,
    extras_docx,
    full_docx,
    jpeg_with_exif,
    paragraph,
    patch_docx,
    run,
    tiny_png,
)

NS = {"w": W}


@pytest.fixture(scope="module")
def original() -> bytes:
    return full_docx()


def span(document: Document, label: str, old: str) -> tuple[int, int]:
    """The offsets of ``old`` inside the segment with this label."""
    segment = next(s for s in document.segments if s.label == label)
    start = document.text.index(old, segment.start, segment.end)
    return start, start + len(old)


def segment_text(document: Document, label: str) -> str | None:
    return next((document.text[s.start:s.end] for s in document.segments if s.label == label), None)


def package_text(data: bytes) -> str:
    """Every part of a package as text, to prove a string is nowhere in the file."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return "\n".join(package.read(name).decode("utf-8", "replace") for name in package.namelist())


def body_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/document.xml"))


@pytest.mark.parametrize(("label", "old", "new", "expected"), [
    ("Paragraph 2", "Kayden Moorcroft", "Child L", "Child L lived with his mother in Dunmarrow."),
    ("Table 1, row 1", "Kayden Moorcroft", "Child L", "Name\tChild L"),
    ("Table 2 (inside table 1), row 1", "Mr Ravenscar", "the teacher", "Teacher\tthe teacher"),
    ("Header (section 1)", "Dunmarrow", "Testshire", "Testshire Partnership confidential draft"),
    ("Header (section 1, first page)", "Quillby Rise", "the family home", "First page: the family home"),
    ("Footer (section 1)", "Oswin Pellegrew", "the reviewer", "Prepared by the reviewer"),
    ("Footnote 1", "Quernstead Surgery", "The GP practice", "The GP practice records."),
    ("Footnote 2", "Tamsin Oakes", "a neighbour", "Old note on a neighbour."),
    ("Footnote continuation notice", "Kayden", "Child L", "Continued: Child L's notes"),
    ("Endnote 1", "Fenwhistle", "Independent", "Independent report, 2024."),
    ("Text box 1", "Marigold Thrushcombe", "Mother", "Mother called the police."),
    ("Image 1: description", "Kayden", "Child L", "Photograph of Child L at Larkfold Primary"),
    ("Image 1: title", "Kayden", "Child L", "Drawing by Child L"),
    ("Hyperlink 2 (field code)", "hope.brindlecote", "aunt", ' HYPERLINK "mailto:aunt@example.org" '),
])
def test_a_replacement_lands_in_its_part_with_no_copy_left(original, label, old, new, expected):
    document = read_docx(original)
    corrected = read_docx(correct_docx(original, [(*span(document, label, old), new)]))
    assert segment_text(corrected, label) == expected
    part = next(s.part for s in document.segments if s.label == label)

    def count(doc: Document) -> int:
        return sum(doc.text[s.start:s.end].count(old) for s in doc.segments if s.part == part)

    assert count(corrected) == count(document) - 1


def test_the_second_copy_of_an_image_description_is_corrected_too(original):
    where = span(read_docx(original), "Image 1: description", "Kayden")
    corrected = correct_docx(original, [(*where, "Child L")])
    assert "Photograph of Kayden" not in package_text(corrected)
    assert package_text(corrected).count("Photograph of Child L") == 2


def test_the_text_box_copy_kept_for_old_readers_goes_too(original):
    where = span(read_docx(original), "Text box 1", "Marigold Thrushcombe")
    corrected = correct_docx(original, [(*where, "Mother")])
    assert "Marigold" not in package_text(corrected)


def test_a_name_split_across_three_runs_goes_in_the_first_run_and_each_run_keeps_its_formatting():
    data = body_docx(paragraph(run("Kay", "<w:b/>"), '<w:proofErr w:type="spellStart"/>',
                               run("d", "<w:i/>"), run("en", '<w:u w:val="single"/>'),
                               '<w:proofErr w:type="spellEnd"/>', run(" was seen.")))
    corrected = correct_docx(data, [(0, 6, "Child L")])
    runs = body_xml(corrected).findall(".//w:r", NS)
    texts = [(r.findtext("w:t", namespaces=NS), [etree.QName(p).localname for p in r.iterfind("w:rPr/*", NS)])
             for r in runs]
    assert texts == [("Child L", ["b"]), ("", ["i"]), ("", ["u"]), (" was seen.", [])]
    assert segment_text(read_docx(corrected), "Paragraph 1") == "Child L was seen."


def test_replacing_only_the_name_keeps_the_possessive():
    data = body_docx(paragraph(run("Kayden's bike was found.")))
    corrected = correct_docx(data, [(0, 6, "Child L")])
    assert segment_text(read_docx(corrected), "Paragraph 1") == "Child L's bike was found."


def test_a_name_across_a_soft_line_break_is_replaced_with_the_break(original):
    document = read_docx(original)
    corrected = correct_docx(original, [(*span(document, "Paragraph 4", "Tobias\nWrenfield"), "the sibling")])
    assert segment_text(read_docx(corrected), "Paragraph 4") == "Sibling:\tthe sibling"


def test_spaces_at_the_edge_of_a_replacement_survive_in_the_run():
    data = body_docx(paragraph(run("Seen by"), run(" Elowen Marsh "), run("today.")))
    corrected = correct_docx(data, [(7, 21, " the nurse ")])
    assert segment_text(read_docx(corrected), "Paragraph 1") == "Seen by the nurse today."


def test_several_replacements_in_one_run_all_land():
    data = body_docx(paragraph(run("Kayden and Tobias and Kayden.")))
    corrected = correct_docx(data, [(0, 6, "Child L"), (11, 17, "Child M"), (22, 28, "Child L")])
    assert segment_text(read_docx(corrected), "Paragraph 1") == "Child L and Child M and Child L."


def test_a_hyperlink_whose_target_holds_a_name_is_dropped_and_its_visible_text_kept(original):
    document = read_docx(original)
    corrected = correct_docx(original, [(*span(document, "Hyperlink 1", "harlow-quince"), "person")])
    assert segment_text(read_docx(corrected), "Paragraph 5") == "See the news report."
    assert body_xml(corrected).find(".//w:hyperlink", NS) is None
    assert "harlow" not in package_text(corrected).lower()


HISTORY = ["Cosmo Commenter", "cosmo.commenter", "Hope Brindlecote", "Perpetua Inchley", "Barnaby Delacroix",
           "Jessamy Thorne", "Agatha Authorly", "Morwenna Modifier", "CSPR Kayden Moorcroft draft",
           "Maximilian Manager", "Dunmarrow Council", "Ingrid Caseworthy", "Case worker", "FamilyName"]


def test_comments_tracked_changes_authors_and_properties_are_removed_whatever_the_replacements(original):
    corrected = correct_docx(original, [])
    document = read_docx(corrected)
    gone = {"comment", "comment_author", "tracked_change", "tracked_change_author", "properties"}
    assert not [s.label for s in document.segments if s.part in gone]
    everything = package_text(corrected)
    assert [text for text in HISTORY if text in everything] == []
    with zipfile.ZipFile(io.BytesIO(corrected)) as package:
        names = package.namelist()
    for part in ("word/comments.xml", "word/people.xml", "docProps/custom.xml", "docProps/thumbnail.jpeg"):
        assert part not in names
    # The tracked insertion is accepted: its text stays, as ordinary text.
    assert segment_text(document, "Paragraph 3") == "The social worker Ottilie Brannock visited."
    body = body_xml(corrected)
    for mark in ("ins", "del", "commentRangeStart", "commentRangeEnd", "commentReference"):
        assert body.find(f".//w:{mark}", NS) is None, mark


def test_the_attached_templates_path_and_its_user_name_are_removed():
    corrected = correct_docx(docx_with_template(), [])
    assert "agatha.authorly" not in package_text(corrected)
    assert not [s for s in read_docx(corrected).segments if s.part == "hyperlink"]


def test_the_corrected_copy_opens_in_python_docx(original):
    where = span(read_docx(original), "Paragraph 2", "Kayden Moorcroft")
    corrected = correct_docx(original, [(*where, "Child L")])
    opened = docx.Document(io.BytesIO(corrected))
    assert "Child L lived with his mother in Dunmarrow." in [p.text for p in opened.paragraphs]
    assert opened.tables[0].cell(0, 1).text == "Kayden Moorcroft"  # not replaced, so still there
    assert opened.core_properties.author == ""


def package_problems(data: bytes) -> list[str]:
    """What would make Word refuse the package: links to missing parts, r:ids with no relationship."""
    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())
        types = etree.fromstring(package.read("[Content_Types].xml"))
        for override in types.iter("{*}Override"):
            if override.get("PartName").lstrip("/") not in names:
                problems.append(f"content type for missing {override.get('PartName')}")
        for name in names:
            if not name.endswith(".xml") or name.startswith("[") or "_rels/" in name:
                continue
            folder, base = name.rpartition("/")[0], name.rpartition("/")[2]
            rels_name = f"{folder}/_rels/{base}.rels".lstrip("/")
            rels = etree.fromstring(package.read(rels_name)) if rels_name in names else None
            ids = set()
            for rel in rels.iter("{*}Relationship") if rels is not None else ():
                ids.add(rel.get("Id"))
                target = f"{folder}/{rel.get('Target')}".lstrip("/")
                parts: list[str] = []
                for piece in target.split("/"):
                    if piece == "..":
                        parts.pop()
                    else:
                        parts.append(piece)
                if rel.get("TargetMode") != "External" and "/".join(parts) not in names:
                    problems.append(f"{name} points to missing {target}")
            for el in etree.fromstring(package.read(name)).iter():
                for attr, value in el.attrib.items():
                    if attr.startswith(f"{{{RELATIONSHIPS}}}") and value not in ids:
                        problems.append(f"{name} refers to missing relationship {value}")
    return problems


def test_the_corrected_package_has_no_dangling_links_or_relationships(original):
    document = read_docx(original)
    names = "Kayden|Harlow|harlow|Marigold|Oswin|hope.brindlecote"
    corrected = correct_docx(original, [(m.start(), m.end(), "X") for m in re.finditer(names, document.text)])
    assert package_problems(original) == []  # the check itself passes a good file
    assert package_problems(corrected) == []


def test_a_deleted_paragraph_mark_joins_the_paragraph_to_the_next():
    deleted_mark = ('<w:pPr><w:rPr><w:del w:id="7" w:author="Barnaby Delacroix" '
                    'w:date="2026-03-01T10:00:00Z"/></w:rPr></w:pPr>')
    data = body_docx(paragraph(deleted_mark, run("First half, ")), paragraph(run("second half.")))
    document = read_docx(correct_docx(data, []))
    assert [document.text[s.start:s.end] for s in document.segments if s.part == "body"] == [
        "First half, second half."]


def test_the_original_is_left_as_it_was(original):
    data = bytearray(original)
    correct_docx(data, [(*span(read_docx(original), "Paragraph 2", "Kayden Moorcroft"), "Child L")])
    assert data == original
    assert segment_text(read_docx(bytes(data)), "Paragraph 2").startswith("Kayden Moorcroft")


@pytest.mark.parametrize(("replacements", "message"), [
    ([(0, 10, "a"), (5, 15, "b")], r"Replacements \(0, 10\) and \(5, 15\) overlap"),
    ([(0, 10_000_000, "a")], r"Replacement \(0, 10000000\) is not a stretch of the document text"),
    ([(-1, 3, "a")], r"Replacement \(-1, 3\) is not a stretch"),
    ([(6, 6, "a")], r"Replacement \(6, 6\) is not a stretch.*start must come before end"),
    ([(3, 1, "a")], r"start must come before end"),
    ([(0, 3)], r"must be a \(start, end, new_text\) tuple"),
    ([("0", 3, "a")], r"needs whole-number start and end offsets"),
    ([(0, 3, None)], r"needs its new text as a string"),
    ([(0, 3, "bell\x07")], r"control character U\+0007"),
])
def test_a_bad_replacement_is_refused_with_what_is_wrong(original, replacements, message):
    with pytest.raises(ValueError, match=message):
        correct_docx(original, replacements)


def test_a_replacement_over_only_the_break_between_parts_is_refused(original):
    document = read_docx(original)
    first, second = document.segments[0], document.segments[1]
    assert document.text[first.end:second.start] == "\n\n"
    with pytest.raises(ValueError, match="covers only the break between two parts"):
        correct_docx(original, [(first.end, second.start, " ")])


def test_every_registered_name_can_be_replaced_at_once(original):
    document = read_docx(original)
    names = "Kayden Moorcroft|Kayden|Marigold Thrushcombe|Oswin Pellegrew|Quernstead|Tobias\nWrenfield"
    replacements = [(m.start(), m.end(), "[name]") for m in re.finditer(names, document.text)]
    corrected = read_docx(correct_docx(original, replacements))
    assert not re.search(names, corrected.text)
    assert corrected.text.count("[name]") == len(
        [r for r in replacements if document.part_at(r[0]) not in ("comment", "properties")])


# -- parts a reader never looks at ------------------------------------------------------------------

EXTRA_NAMES = ("Ottoline Grebe|Tobias Wrenfield|Quillby Rise|Harlow Quince|Larkfold Primary|Tamsin Oakes|"
               "Thaddeus Marlowe-Pike|Peregrine Voss")


@pytest.fixture(scope="module")
def extras() -> bytes:
    return extras_docx()


@pytest.fixture(scope="module")
def corrected_extras(extras: bytes) -> bytes:
    document = read_docx(extras)
    return correct_docx(extras, [(m.start(), m.end(), "[name]")
                                 for m in re.finditer(EXTRA_NAMES, document.text)])


def names_in(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.namelist()


def test_a_custom_xml_item_holding_a_name_is_found_and_gone_from_the_corrected_copy(extras,
                                                                                   corrected_extras):
    assert "Peregrine Voss" in segment_text(read_docx(extras), "Custom XML item 1")
    assert "Peregrine" not in package_text(corrected_extras)
    assert not [n for n in names_in(corrected_extras) if n.lower().startswith("customxml/")]
    assert "customXml" not in package_text(corrected_extras)  # no relationship or content type left


def test_chart_and_diagram_text_is_corrected_and_the_diagrams_cached_drawing_dropped(corrected_extras):
    document = read_docx(corrected_extras)
    assert segment_text(document, "Chart 1") == "Visits by [name]\n[name]\nNan\n[name]\nNote by [name]"
    assert segment_text(document, "Chart 2") == "[name]\nVisits by [name]"
    assert segment_text(document, "Diagram 1") == "Referral by [name]"
    assert segment_text(document, "Diagram 1 (drawing)") is None
    assert "word/diagrams/drawing1.xml" not in names_in(corrected_extras)
    assert "dataModelExt" not in package_text(corrected_extras)
    assert "Marlowe" not in package_text(corrected_extras)


def test_embedded_files_the_glossary_mail_merge_and_editors_are_removed(corrected_extras):
    names = names_in(corrected_extras)
    for gone in ("word/embeddings/oleObject1.bin", "word/embeddings/Microsoft_Excel_Worksheet.xlsx",
                 "word/media/preview1.emf", "word/glossary/document.xml", "word/glossary/styles.xml"):
        assert gone not in names, gone
    everything = package_text(corrected_extras)
    for text in ("OLEObject", "w:object", "externalData", "glossary", "Cressida Hollins", "mailMerge",
                 "agatha.authorly", "Jessamy", "jessamy.thorne", "permStart", "permEnd"):
        assert text not in everything, text
    document = read_docx(corrected_extras)
    assert not [s.label for s in document.segments if s.part == "properties" and "ail merge" in s.label]
    assert segment_text(document, "Paragraph 6") == "Only she may edit this."  # the text stays


def test_the_corrected_copy_with_everything_dropped_is_a_sound_package(extras, corrected_extras):
    assert package_problems(extras) == []
    assert package_problems(corrected_extras) == []
    assert docx.Document(io.BytesIO(corrected_extras)).paragraphs[0].text.startswith("Kayden")


def test_a_photographs_exif_is_dropped_and_the_picture_kept(extras, corrected_extras):
    from PIL import Image

    def picture(data: bytes) -> Image.Image:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return Image.open(io.BytesIO(package.read("word/media/image1.jpg")))

    assert picture(extras).getexif()[0x013B] == "Cosmo Commenter"
    after = picture(corrected_extras)
    assert dict(after.getexif()) == {}
    assert after.tobytes() == picture(extras).tobytes()  # the same picture, not re-encoded
    assert "Cosmo" not in package_text(corrected_extras)


def test_picture_metadata_is_stripped_without_touching_the_picture():
    from PIL import Image, PngImagePlugin

    jpeg = jpeg_with_exif("Cosmo Commenter")
    stripped = strip_jpeg_metadata(jpeg)
    assert b"Cosmo" in jpeg and b"Cosmo" not in stripped and b"Exif" not in stripped
    assert Image.open(io.BytesIO(stripped)).tobytes() == Image.open(io.BytesIO(jpeg)).tobytes()
    assert strip_jpeg_metadata(b"\xff\xd8\xff\xe1\x00") == b"\xff\xd8\xff\xe1\x00"  # cut short: kept

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Cosmo Commenter")
    png = io.BytesIO()
    Image.new("RGB", (4, 4), (1, 2, 3)).save(png, "PNG", pnginfo=info)
    stripped = strip_png_metadata(png.getvalue())
    assert b"Cosmo" in png.getvalue() and b"Cosmo" not in stripped
    assert Image.open(io.BytesIO(stripped)).tobytes() == Image.open(png).tobytes()


def test_offsets_taken_from_another_reading_of_the_file_are_refused(original):
    document = read_docx(original)
    where = span(document, "Paragraph 2", "Kayden Moorcroft")
    assert correct_docx(original, [(*where, "Child L")], expected_text=document.text)
    with pytest.raises(TextChanged):
        correct_docx(original, [(*where, "Child L")], expected_text=document.text[1:])


def test_a_picture_an_embedded_object_shared_with_a_shown_picture_is_kept():
    # Word stores identical pictures once: the preview of the embedded file is also the photo.
    document = docx.Document()
    document.add_picture(io.BytesIO(tiny_png()))
    data = docx_bytes(document)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        rels = package.read("word/_rels/document.xml.rels").decode()
        body = package.read("word/document.xml").decode()
    image = re.search(r'Target="(media/image1\.png)"', rels).group(1)
    rels = rels.replace("</Relationships>", f'<Relationship Id="rId90" Type="{RELATIONSHIPS}/image" '
                        f'Target="{image}"/><Relationship Id="rId91" Type="{RELATIONSHIPS}/oleObject" '
                        'Target="embeddings/oleObject1.bin"/></Relationships>')
    ole = ('<w:p><w:r><w:object><v:shape xmlns:v="urn:schemas-microsoft-com:vml" id="s1">'
           '<v:imagedata r:id="rId90"/></v:shape>'
           '<o:OLEObject xmlns:o="urn:schemas-microsoft-com:office:office" Type="Embed" ShapeID="s1" '
           'r:id="rId91"/></w:object></w:r></w:p>')
    body = body.replace("<w:sectPr", ole + "<w:sectPr", 1)
    data = patch_docx(data, {"word/_rels/document.xml.rels": rels.encode(),
                             "word/document.xml": body.encode(), "word/embeddings/oleObject1.bin": b"OLE"})
    corrected = correct_docx(data, [])
    assert "word/media/image1.png" in names_in(corrected)
    assert "word/embeddings/oleObject1.bin" not in names_in(corrected)
    assert "rId90" not in package_text(corrected) and package_problems(corrected) == []
    assert len(docx.Document(io.BytesIO(corrected)).inline_shapes) == 1
