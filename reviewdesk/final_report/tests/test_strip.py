"""Stripping the approved Word document before it is published: the cleaned copy holds no
comments, tracked changes, authors' names, properties, document variables, custom XML or hidden
text, read straight from its XML; and says how many of each it removed.

Names are invented for these tests."""

import io
import zipfile

from reviewdesk.lib.scanner.correct import strip_docx
from reviewdesk.lib.scanner.docx_reader import read_docx
from reviewdesk.lib.scanner.tests.docx_fixtures import full_docx

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
HIDDEN = (f'<w:p {W_NS}><w:r><w:t xml:space="preserve">Shown. </w:t></w:r>'
          '<w:r><w:rPr><w:vanish/></w:rPr><w:t>Hidden note on Philippa Quarrendon</w:t></w:r>'
          '<w:r><w:rPr><w:rStyle w:val="Secret"/></w:rPr><w:t>Styled away: Rufus Tenterden</w:t></w:r>'
          '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t> Unhidden again.</w:t></w:r>'
          '<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" style="width:9pt">'
          '<v:imagedata xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
          'relationships" r:id="rIdLinked"/></v:shape></w:pict></w:r></w:p>')
SECRET_STYLE = (f'<w:style {W_NS} w:type="character" w:styleId="Secret"><w:name w:val="Secret"/>'
                '<w:rPr><w:vanish/></w:rPr></w:style>')
LINKED_PICTURE = ('<Relationship Id="rIdLinked" Type="http://schemas.openxmlformats.org/'
                  'officeDocument/2006/relationships/image" Target="file:///C:/Users/ottilie/'
                  'photo.jpg" TargetMode="External"/>')


def hand_made() -> bytes:
    """The scanner's fixture (comments, their people, tracked changes by two authors, core, app
    and custom properties, a document variable, custom XML…) with hidden text and a picture
    linked from someone's own folder added."""
    source = zipfile.ZipFile(io.BytesIO(full_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode()
                at = text.rindex("<w:sectPr")
                data = (text[:at] + HIDDEN + text[at:]).encode()
            elif item.filename == "word/styles.xml":
                text = data.decode()
                data = text.replace("</w:styles>", SECRET_STYLE + "</w:styles>").encode()
            elif item.filename == "word/_rels/document.xml.rels":
                data = data.decode().replace("</Relationships>",
                                             LINKED_PICTURE + "</Relationships>").encode()
            target.writestr(item, data)
    return out.getvalue()


def everything(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return "\n".join(package.read(n).decode("utf-8", "replace") for n in package.namelist())


def test_the_hand_made_document_holds_everything_that_must_go() -> None:
    xml = everything(hand_made())
    for present in ("<w:comment ", "w:author=", "<w:ins ", "<w:del ", "<w:vanish/>",
                    "Agatha Authorly", "Morwenna Modifier", "Dunmarrow Council", "Cosmo Commenter",
                    "Perpetua Inchley", "<w:docVar ", "Ingrid Caseworthy", "Philippa Quarrendon",
                    "Rufus Tenterden", "ottilie"):
        assert present in xml, present


def test_the_cleaned_copy_holds_none_of_it() -> None:
    cleaned, counts = strip_docx(hand_made())
    xml = everything(cleaned)
    with zipfile.ZipFile(io.BytesIO(cleaned)) as package:
        names = package.namelist()
    for gone in ("<w:comment ", "w:commentReference", "w:author=", "<w:ins ", "<w:del ",
                 "<w:delText", "Agatha Authorly", "Morwenna Modifier", "Dunmarrow Council",
                 "Maximilian Manager", "Cosmo Commenter", "Perpetua Inchley", "Barnaby Delacroix",
                 "Jessamy Thorne", "<w:docVar ", "Ingrid Caseworthy", "Philippa Quarrendon",
                 "Rufus Tenterden", "ottilie", "TargetMode=\"External\" Id=\"rIdLinked\""):
        assert gone not in xml, gone
    assert not [n for n in names if n.startswith("customXml/") or n.endswith(
        ("people.xml", "comments.xml", "custom.xml"))]
    # What a reader sees stays, the unhidden run included; the hidden runs do not.
    text = read_docx(cleaned).text
    assert "Shown." in text and "Unhidden again." in text
    assert "Kayden Moorcroft lived with his mother in Dunmarrow." in text
    ranged = {"insertions_accepted", "deletions_dropped", "properties"}
    assert {k: v for k, v in counts.items() if k not in ranged} == {
        "comments": 1, "people": 1, "custom_properties": 1, "document_variables": 1,
        "custom_xml": 1, "hidden_text": 2, "linked_files": 1}
    assert counts["insertions_accepted"] >= 1 and counts["deletions_dropped"] >= 1
    assert counts["properties"] >= 6  # creator, last modified by, title, keywords, company, manager


def test_a_clean_document_loses_nothing() -> None:
    from reviewdesk.final_report.tests.conftest import report_docx

    cleaned, counts = strip_docx(report_docx(pages=0))
    assert set(counts) <= {"properties", "custom_xml"}  # python-docx's own defaults
    assert "3.1 The health visitor saw Child A" in read_docx(cleaned).text
