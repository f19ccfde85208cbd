"""Reading draft reports: every part of a Word document, PDFs, text files, and every file we refuse.

Names are invented for these tests.
"""

import io
import re
import time
import zipfile
from collections.abc import Callable

import pypdf
import pytest
import weasyprint
from pypdf import PdfWriter

from reviewdesk.lib import ooxml
from reviewdesk.lib.scanner import docx_reader
from reviewdesk.lib.scanner.documents import MAX_BYTES, PARTS, Document, DocumentError
from reviewdesk.lib.scanner.docx_reader import read_docx
from reviewdesk.lib.scanner.pdf_reader import read_pdf
from reviewdesk.lib.scanner.reading import read_document
from reviewdesk.lib.scanner.tests.docx_fixtures import (
    FULL_PARTS,
    NS,
    body_docx,
    docx_bytes,
    docx_with_template,
    extras_docx,
    full_docx,
    paragraph,
    patch_docx,
    run,
    words_docx,
)


@pytest.fixture(scope="module")
def full():
    return read_docx(full_docx(), "draft.docx")


def texts_of(document, part):
    return [document.text[s.start:s.end] for s in document.segments if s.part == part]


def segments_of(document, part):
    return [(s, document.text[s.start:s.end]) for s in document.segments if s.part == part]


# -- Word documents ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("part", "label", "text"), FULL_PARTS, ids=[label for _, label, _ in FULL_PARTS])
def test_every_part_of_a_word_document_is_read_with_its_part_label_and_offsets(full, part, label, text):
    matches = [s for s in full.segments if s.label == label]
    assert len(matches) == 1, f"expected one segment labelled {label!r}"
    segment = matches[0]
    assert segment.part == part
    assert full.text[segment.start:segment.end] == text
    assert full.part_at(segment.start) == part


def test_segments_follow_the_document_in_order_without_overlapping(full):
    assert [s.label for s in full.segments if s.part == "body"] == [f"Paragraph {n}" for n in range(1, 8)]
    for before, after in zip(full.segments, full.segments[1:], strict=False):
        assert before.end <= after.start
    assert all(s.part in PARTS for s in full.segments)
    assert full.kind == "docx"


# Every word a label may use. A label built from document text would bring in a word not listed here.
LABEL_WORDS = set(
    """Paragraph Table table inside row Header Footer section first page even pages not used by any
    Footnote Endnote continuation notice Comment author initials account Tracked change Deleted text
    Hyperlink screen tip field code Image description title name Text box paragraph Document variable
    Core App Custom property External link creator lastModifiedBy keywords subject category
    contentStatus identifier version Company Manager Template HyperlinkBase TitlesOfParts""".split()
)


def test_labels_are_made_of_counters_and_fixed_words_never_document_text(full):
    for segment in full.segments:
        words = set(re.findall(r"[A-Za-z]+", segment.label))
        assert words <= LABEL_WORDS, f"{segment.label!r} uses {words - LABEL_WORDS}"
    # The custom property's own name is in the text for the scanner to check, not in the label.
    assert "Case worker" not in " ".join(s.label for s in full.segments)


def test_a_tracked_insertion_is_body_text_and_the_deletion_is_recoverable(full):
    assert "The social worker Ottilie Brannock visited." in texts_of(full, "body")
    assert "Jessamy Thorne" not in " ".join(texts_of(full, "body"))
    assert texts_of(full, "tracked_change") == ["Jessamy Thorne"]


def test_a_text_box_written_twice_for_old_readers_is_reported_once(full):
    assert texts_of(full, "text_box") == ["Marigold Thrushcombe called the police."]


def test_a_text_box_fallback_that_differs_from_the_choice_is_read_too():
    data = body_docx(paragraph(
        "<w:r><mc:AlternateContent>"
        f'<mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p>{run("Shown text")}</w:p>'
        "</w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p>{run('Hidden Tamsin Oakes')}</w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"))
    assert texts_of(read_docx(data), "text_box") == ["Shown text", "Hidden Tamsin Oakes"]


def test_footnotes_are_numbered_in_the_order_the_text_refers_to_them_then_any_left_over(full):
    # In footnotes.xml the unreferenced note comes first; the text refers only to the other one.
    notes = [s.label for s in full.segments if s.part == "footnote"]
    assert notes == ["Footnote 1", "Footnote 2", "Footnote continuation notice"]


def test_an_image_description_kept_twice_in_the_file_is_reported_once(full):
    assert texts_of(full, "alt_text").count("Photograph of Kayden at Larkfold Primary") == 1


def test_a_name_split_across_runs_and_a_proofing_mark_reads_as_one_word():
    data = body_docx(paragraph(run("Kay", "<w:b/>"), '<w:proofErr w:type="spellStart"/>',
                               run("d", "<w:i/>"), run("en", "<w:u w:val=\"single\"/>"),
                               '<w:proofErr w:type="spellEnd"/>', run(" was seen.")))
    assert texts_of(read_docx(data), "body") == ["Kayden was seen."]


def test_a_soft_line_break_and_a_tab_keep_their_meaning(full):
    assert "Sibling:\tTobias\nWrenfield" in texts_of(full, "body")


def test_a_paragraph_with_no_text_is_not_a_segment_and_does_not_take_a_number():
    data = body_docx(paragraph(run("First.")), paragraph(), paragraph(run("   ")), paragraph(run("Second.")))
    document = read_docx(data)
    assert [(s.label, document.text[s.start:s.end]) for s in document.segments if s.part == "body"] == [
        ("Paragraph 1", "First."), ("Paragraph 2", "Second.")]


def test_a_header_with_several_paragraphs_numbers_them():
    import docx

    document = docx.Document()
    header = document.sections[0].header
    header.paragraphs[0].text = "Dunmarrow"
    header.add_paragraph("Draft two")
    out = io.BytesIO()
    document.save(out)
    labels = [s.label for s in read_docx(out.getvalue()).segments if s.part == "header"]
    assert labels == ["Header (section 1), paragraph 1", "Header (section 1), paragraph 2"]


def test_every_section_header_first_and_even_page_headers_and_an_unused_header_are_read():
    import docx

    document = docx.Document()
    document.settings.odd_and_even_pages_header_footer = True
    first = document.sections[0]
    first.header.paragraphs[0].text = "Dunmarrow"
    first.even_page_header.paragraphs[0].text = "Even: Quillby"
    document.add_paragraph("Second section.")
    second = document.add_section()
    second.header.is_linked_to_previous = False
    second.header.paragraphs[0].text = "Larkfold"
    data = docx_bytes(document)
    # Drop the second section's reference: the header part stays in the file for anyone to open.
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    last = xml.rindex("<w:headerReference")
    xml = xml[:last] + xml[xml.index("/>", last) + 2:]
    headers = [(s.label, text) for s, text in segments_of(read_docx(data), "header")]
    assert headers == [("Header (section 1)", "Dunmarrow"),
                       ("Header (section 1, even pages)", "Even: Quillby"),
                       ("Header (section 2)", "Larkfold")]
    orphaned = read_docx(patch_docx(data, {"word/document.xml": xml.encode()}))
    assert ("Header (not used by any section)", "Larkfold") in [
        (s.label, text) for s, text in segments_of(orphaned, "header")]


def test_content_controls_and_smart_tags_are_looked_inside():
    data = body_docx(
        paragraph(run("Child: "), f"<w:sdt><w:sdtPr><w:alias w:val=\"Child\"/></w:sdtPr><w:sdtContent>"
                  f"{run('Kayden Moorcroft')}</w:sdtContent></w:sdt>"),
        f"<w:sdt {NS}><w:sdtContent>{paragraph(run('Block control: Tamsin Oakes'))}</w:sdtContent></w:sdt>",
        paragraph(f"<w:smartTag w:uri=\"urn:x\" w:element=\"place\">{run('Dunmarrow')}</w:smartTag>"),
    )
    assert texts_of(read_docx(data), "body") == [
        "Child: Kayden Moorcroft", "Block control: Tamsin Oakes", "Dunmarrow"]


def test_the_attached_templates_path_is_read_as_an_external_link():
    found = [(s.label, text) for s, text in segments_of(read_docx(docx_with_template()), "hyperlink")]
    assert found == [("External link 1", "file:///C:/Users/agatha.authorly/Templates/CSPR.dotx")]


def test_an_external_entity_in_the_xml_is_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Top secret Elowen Marsh")
    data = patch_docx(body_docx(), {"word/document.xml": (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
        f'<w:document xmlns:w="{docx_reader.W}"><w:body><w:p><w:r><w:t>Hi &x;</w:t></w:r></w:p>'
        "</w:body></w:document>").encode()})
    assert "Elowen" not in read_docx(data).text


def test_a_10000_word_document_is_read_well_under_a_second():
    data = words_docx(10_000)
    started = time.perf_counter()
    document = read_docx(data)
    elapsed = time.perf_counter() - started
    assert document.words >= 10_000
    assert elapsed < 1.0, f"reading took {elapsed:.2f} s"


# -- files we refuse, and why ------------------------------------------------------------------------


def zip_of(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, content in entries.items():
            package.writestr(name, content)
    return out.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize(("filename", "data", "message"), [
    ("report.odt", b"anything", "not a file the scanner can read"),
    ("report.docx", b"", "is empty"),
    ("report.docx", b"x" * (MAX_BYTES + 1), "larger than 20 MB"),
    ("report.docx", b"This is plain text, not a package", "not a Word .docx file"),
    ("report.docx", b"{\\rtf1\\ansi Kayden}", "not a Word .docx file"),
    ("report.docx", zip_of({"notes.txt": b"hello"}), "no word/document.xml"),
    ("report.docx", zip_of({"xl/workbook.xml": b"<workbook/>"}), "an Excel workbook"),
    ("report.docx", OLE + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le"), "password-protected"),
    ("report.docx", OLE + b"\x00" * 64 + "WordDocument".encode("utf-16-le"), "older Word 97-2003 .doc"),
    ("report.docx", b"%PDF-1.7 rest", "is a PDF"),
    ("report.docx", zip_of({"word/document.xml": b"<w:document"}), "damaged"),
    ("report.docx", b"PK\x03\x04 truncated", "not a Word .docx file"),
    ("report.pdf", b"not a pdf at all", "not a PDF file"),
    ("report.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog", "damaged"),
])
def test_a_file_that_cannot_be_read_is_refused_with_what_to_do(filename, data, message):
    with pytest.raises(DocumentError, match=re.escape(message)) as refused:
        read_document(data, filename)
    assert filename in str(refused.value)


def test_a_word_document_that_says_what_to_do_when_refused():
    with pytest.raises(DocumentError, match="save it as a Word Document"):
        read_document(b"plain", "report.docx")
    with pytest.raises(DocumentError, match="remove the password|Remove the password"):
        read_document(OLE + "EncryptedPackage".encode("utf-16-le"), "report.docx")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(monkeypatch):
    # The limits are the chronology upload's too (reviewdesk.lib.ooxml).
    monkeypatch.setattr(ooxml, "MAX_UNPACKED_BYTES", 10_000)
    data = patch_docx(body_docx(), {"word/media/huge.bin": b"\x00" * 50_000})
    with pytest.raises(DocumentError, match="unpacks to more than"):
        read_docx(data, "bomb.docx")


def test_a_strict_open_xml_document_is_refused_rather_than_read_as_empty():
    strict = b'<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body/></w:document>'
    data = patch_docx(body_docx(), {"word/document.xml": strict})
    with pytest.raises(DocumentError, match="Strict Open XML"):
        read_docx(data, "strict.docx")


# -- text files --------------------------------------------------------------------------------------


def test_a_text_file_is_read_unchanged_with_a_segment_per_paragraph():
    data = "Kayden Moorcroft – first paragraph\nstill first.\n\nSecond paragraph.\n".encode()
    document = read_document(data, "report.txt")
    assert document.text == data.decode()
    assert [(s.label, document.text[s.start:s.end]) for s in document.segments] == [
        ("Paragraph 1", "Kayden Moorcroft – first paragraph\nstill first."),
        ("Paragraph 2", "Second paragraph.")]


def test_a_text_file_that_is_not_utf8_is_refused_with_how_to_fix_it():
    with pytest.raises(DocumentError, match=r"not UTF-8 \(byte 7 cannot be read\).*Save it as UTF-8"):
        read_document("Kayden – Moorcroft".encode("cp1252"), "report.txt")


# -- PDFs --------------------------------------------------------------------------------------------

REPORT_HTML = """<html><head><title>CSPR Kayden Moorcroft</title>
<meta name="author" content="Agatha Authorly"><meta name="keywords" content="Larkfold"></head><body>
<h1>Review of Child L</h1>
<p>Kayden Moorcroft lived with his mother at 42 Quillby Rise. This paragraph is long enough to wrap onto a
second line, so that the reader has to keep the lines of one paragraph together.</p>
<p>The health visitor saw him in Dunmarrow.</p>
<p style="page-break-before: always">See the <a href="https://news.example.org/tamsin-oakes">report</a>.</p>
</body></html>"""


@pytest.fixture(scope="module")
def report_pdf() -> bytes:
    return weasyprint.HTML(string=REPORT_HTML).write_pdf()


def segment_texts(document):
    return [(s.part, s.label, document.text[s.start:s.end]) for s in document.segments]


def test_a_pdf_is_read_page_by_page_and_paragraph_by_paragraph(report_pdf):
    document = read_document(report_pdf, "report.pdf")
    body = [(label, text) for part, label, text in segment_texts(document) if part == "body"]
    assert [label for label, _ in body] == [
        "Page 1, paragraph 1", "Page 1, paragraph 2", "Page 1, paragraph 3", "Page 2, paragraph 1"]
    assert body[0][1] == "Review of Child L"
    assert body[1][1].startswith("Kayden Moorcroft lived") and body[1][1].endswith("paragraph together.")
    assert body[2][1] == "The health visitor saw him in Dunmarrow."
    assert document.kind == "pdf"


def test_a_pdf_link_target_and_metadata_are_read(report_pdf):
    found = segment_texts(read_pdf(report_pdf, "report.pdf"))
    assert ("hyperlink", "Page 2, link 1", "https://news.example.org/tamsin-oakes") in found
    assert ("properties", "Metadata: Author", "Agatha Authorly") in found
    assert ("properties", "Metadata: Title", "CSPR Kayden Moorcroft") in found
    assert ("properties", "Metadata: Keywords", "Larkfold") in found


def rewritten(pdf: bytes, change: Callable[[PdfWriter], None]) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_custom_pdf_metadata_is_read_with_its_key_in_the_text_not_the_label(report_pdf):
    pdf = rewritten(report_pdf, lambda w: w.add_metadata({"/Case worker": "Ingrid Caseworthy"}))
    found = segment_texts(read_pdf(pdf, "report.pdf"))
    assert ("properties", "Custom metadata 1", "Case worker: Ingrid Caseworthy") in found


def test_a_pdf_comment_and_its_author_are_read(report_pdf):
    from pypdf.annotations import Text

    def comment(writer: PdfWriter) -> None:
        note = Text(rect=(50, 550, 200, 650), text="Ask Hope Brindlecote")
        note[pypdf.generic.NameObject("/T")] = pypdf.generic.TextStringObject("Cosmo Commenter")
        writer.add_annotation(page_number=0, annotation=note)

    found = segment_texts(read_pdf(rewritten(report_pdf, comment), "report.pdf"))
    assert ("comment", "Page 1, comment 1", "Ask Hope Brindlecote") in found
    assert ("comment_author", "Page 1, comment 1: author", "Cosmo Commenter") in found


XMP = """<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/">
<dc:creator><rdf:Seq><rdf:li>Morwenna Modifier</rdf:li></rdf:Seq></dc:creator>
<pdfx:CaseWorker>Ingrid Caseworthy</pdfx:CaseWorker></rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""


def with_xmp(packet: str) -> Callable[[PdfWriter], None]:
    def change(writer: PdfWriter) -> None:
        stream = pypdf.generic.StreamObject()
        stream.set_data(packet.encode())
        stream[pypdf.generic.NameObject("/Type")] = pypdf.generic.NameObject("/Metadata")
        writer.root_object[pypdf.generic.NameObject("/Metadata")] = writer._add_object(stream)

    return change


def test_xmp_metadata_is_read_and_a_damaged_packet_is_read_as_plain_text(report_pdf):
    found = segment_texts(read_pdf(rewritten(report_pdf, with_xmp(XMP)), "report.pdf"))
    assert ("properties", "XMP metadata: creator", "Morwenna Modifier") in found
    assert ("properties", "XMP custom metadata 1", "CaseWorker: Ingrid Caseworthy") in found
    damaged = segment_texts(read_pdf(rewritten(report_pdf, with_xmp("<x:xmpmeta><dc:creator>Morwenna")),
                                     "report.pdf"))
    assert ("properties", "XMP metadata", "Morwenna") in damaged


def test_a_pdf_encrypted_with_an_empty_password_is_read(report_pdf):
    pdf = rewritten(report_pdf, lambda w: w.encrypt("", owner_password="owner", algorithm="RC4-128"))
    assert "Kayden Moorcroft lived" in read_pdf(pdf, "report.pdf").text


def test_a_password_protected_pdf_is_refused_with_how_to_fix_it(report_pdf):
    pdf = rewritten(report_pdf, lambda w: w.encrypt("secret", algorithm="RC4-128"))
    with pytest.raises(DocumentError, match="password-protected.*without security"):
        read_pdf(pdf, "report.pdf")


def test_a_pdf_with_no_text_is_refused_rather_than_reported_clean(report_pdf):
    blank = rewritten(report_pdf, lambda w: None)
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(DocumentError, match="no text the scanner can read"):
        read_pdf(out.getvalue(), "scan.pdf")
    assert read_pdf(blank, "report.pdf").text  # the rewritten report itself still reads


def test_a_truncated_pdf_is_refused_as_damaged(report_pdf):
    with pytest.raises(DocumentError, match="damaged"):
        read_pdf(report_pdf[: len(report_pdf) // 3], "report.pdf")


# -- parts a reader never looks at: charts, diagrams, custom XML, mail merge, permissions ----------


@pytest.fixture(scope="module")
def extras() -> bytes:
    return extras_docx()


@pytest.mark.parametrize(("part", "label", "text"), [
    ("body", "Chart 1",
     "Visits by Ottoline Grebe\nTobias Wrenfield\nNan\nQuillby Rise\nNote by Harlow Quince"),
    ("body", "Chart 2", "Larkfold Primary\nVisits by Tamsin Oakes"),  # a newer kind of chart
    ("body", "Diagram 1", "Referral by Thaddeus Marlowe-Pike"),
    ("body", "Diagram 1 (drawing)", "Referral by Thaddeus Marlowe-Pike (first version)"),
    ("properties", "Custom XML item 1", "Peregrine Voss\nDraft"),
    ("properties", "Mail merge query", "SELECT * FROM `Cases$` WHERE name = 'Jessamy Thorne'"),
    ("properties", "Mail merge connection",
     "Provider=Microsoft.ACE.OLEDB.12.0;Data Source=C:\\Users\\agatha.authorly\\cases.xlsx"),
    ("properties", "Editing permission: editor 1", "CORP\\jessamy.thorne"),
])
def test_charts_diagrams_custom_xml_mail_merge_and_editors_are_read(extras, part, label, text):
    assert (part, label, text) in segment_texts(read_docx(extras))


def test_a_chart_follows_the_paragraph_that_shows_it_and_its_numbers_are_left_out(extras):
    labels = [label for _, label, _ in segment_texts(read_docx(extras))]
    assert labels.index("Chart 1") == labels.index("Paragraph 2") + 2  # after the chart's name
    assert "\n4" not in segment_text(read_docx(extras), "Chart 1")


def segment_text(document: Document, label: str) -> str:
    return next(document.text[s.start:s.end] for s in document.segments if s.label == label)


def test_a_diagram_drawing_that_says_what_its_data_says_is_read_once():
    document = read_docx(extras_docx(drawing_text="Referral by Thaddeus Marlowe-Pike"))
    assert [label for _, label, _ in segment_texts(document) if label.startswith("Diagram")] == [
        "Diagram 1"]


def test_a_chart_no_drawing_shows_is_still_read(extras):
    body = re.sub(rb"<w:drawing>(?:(?!</w:drawing>).)*Chart 1(?:(?!</w:drawing>).)*</w:drawing>", b"",
                  zipfile.ZipFile(io.BytesIO(extras)).read("word/document.xml"))
    assert b"c:chart" not in body  # only the relationship to the chart is left
    document = read_docx(patch_docx(extras, {"word/document.xml": body}))
    # After the chart the body does show, numbered on from it.
    assert segment_text(document, "Chart 2").startswith("Visits by Ottoline Grebe")


def test_a_text_file_with_a_nul_character_is_refused_with_how_to_fix_it():
    with pytest.raises(DocumentError, match=r"contains a NUL character \(character 6\).*Save the file as "
                                            r"UTF-8 text"):
        read_document(b"Kayden\x00 was seen.", "report.txt")
    with pytest.raises(DocumentError, match="NUL character"):
        read_document("Kayden was seen.".encode("utf-16-le"), "report.txt")  # a 'Unicode' save


def test_a_nul_character_in_a_pdf_becomes_a_space_so_offsets_stay(report_pdf):
    pdf = rewritten(report_pdf, lambda w: w.add_metadata({"/Author": "Agatha\x00Authorly"}))
    document = read_pdf(pdf, "report.pdf")
    assert "\x00" not in document.text
    assert ("properties", "Metadata: Author", "Agatha Authorly") in segment_texts(document)


def test_a_macro_enabled_word_file_with_a_docx_name_is_refused():
    data = patch_docx(body_docx(), {"word/vbaProject.bin": b"VBA"})
    with pytest.raises(DocumentError, match="is a macro-enabled Word file"):
        read_document(data, "report.docx")


# The package checks are the chronology upload's too (reviewdesk.lib.ooxml): the same limits,
# each refusal worded for a report.

def test_a_word_file_of_too_many_parts_is_refused() -> None:
    data = patch_docx(body_docx(), {f"word/media/{n}.bin": b"x" for n in range(ooxml.MAX_ENTRIES)})
    with pytest.raises(DocumentError, match="far more than any report needs"):
        read_document(data, "many.docx")


ACTIVEX = ("'report.docx' holds ActiveX controls, small programs Word runs when the file is opened. "
           "We do not take files that can run programs, to keep everyone's computers safe. Open it "
           "in Word, delete the controls (Developer > Design Mode, then select each one and delete "
           "it), save it and upload the new file.")


def test_a_word_file_with_an_activex_control_is_refused() -> None:
    data = patch_docx(body_docx(), {"word/activeX/activeX1.bin": b"control"})
    with pytest.raises(DocumentError) as refused:
        read_document(data, "report.docx")
    assert str(refused.value) == ACTIVEX


def test_a_word_file_declaring_an_activex_control_is_refused_whatever_its_part_is_called() -> None:
    data = body_docx()
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml").replace(
        b"</Types>", b'<Override PartName="/word/controls/c1.xml" '
                     b'ContentType="application/vnd.ms-office.activeX+xml"/></Types>')
    with pytest.raises(DocumentError) as refused:
        read_document(patch_docx(data, {"[Content_Types].xml": types}), "report.docx")
    assert str(refused.value) == ACTIVEX


def test_a_part_packed_like_a_bomb_is_refused_whatever_the_total():
    data = patch_docx(body_docx(), {"word/media/tight.bin": b"\x00" * (2 * 1024 * 1024)})
    with pytest.raises(DocumentError, match="packed unusually tightly"):
        read_document(data, "report.docx")
