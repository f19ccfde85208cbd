"""Build .docx files in code for the scanner tests, so no binary fixture is committed.

``full_docx()`` is a draft report with something identifying in every part a reader can see or
recover; ``FULL_PARTS`` says what the reader must find there, part by part, with the label it must
give. The document is made with python-docx, then the parts python-docx cannot write (notes, text
boxes, tracked changes, app and custom properties…) are patched into its XML.

Every name is invented for these tests.
"""

import io
import struct
import zipfile
import zlib

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = {
    "w": W,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "w15": "http://schemas.microsoft.com/office/word/2012/wordml",
}
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())

# (part, label, exact segment text) the reader must find in full_docx().
FULL_PARTS = [
    ("body", "Paragraph 1", "Review of the circumstances concerning Child L."),
    ("body", "Paragraph 2", "Kayden Moorcroft lived with his mother in Dunmarrow."),
    ("body", "Paragraph 3", "The social worker Ottilie Brannock visited."),
    ("tracked_change", "Deleted text 1", "Jessamy Thorne"),
    ("body", "Paragraph 4", "Sibling:\tTobias\nWrenfield"),
    ("body", "Paragraph 5", "See the news report."),
    ("hyperlink", "Hyperlink 1", "https://news.example.org/2025/harlow-quince-inquest"),
    ("hyperlink", "Hyperlink 1: screen tip", "Inquest into Harlow Quince"),
    ("body", "Paragraph 6", "Please email the aunt."),
    ("hyperlink", "Hyperlink 2 (field code)", ' HYPERLINK "mailto:hope.brindlecote@example.org" '),
    ("alt_text", "Image 1: description", "Photograph of Kayden at Larkfold Primary"),
    ("alt_text", "Image 1: title", "Drawing by Kayden"),
    ("alt_text", "Image 2: name", "Text Box 1"),
    ("text_box", "Text box 1", "Marigold Thrushcombe called the police."),
    ("body", "Paragraph 7", "The GP saw him the next day."),
    ("table", "Table 1, row 1", "Name\tKayden Moorcroft"),
    ("table", "Table 1, row 2", "School\tLarkfold Primary School"),
    ("table", "Table 2 (inside table 1), row 1", "Teacher\tMr Ravenscar"),
    ("header", "Header (section 1)", "Dunmarrow Partnership confidential draft"),
    ("header", "Header (section 1, first page)", "First page: Quillby Rise"),
    ("footer", "Footer (section 1)", "Prepared by Oswin Pellegrew"),
    ("footnote", "Footnote 1", "Quernstead Surgery records."),
    ("footnote", "Footnote 2", "Old note on Tamsin Oakes."),
    ("footnote", "Footnote continuation notice", "Continued: Kayden's notes"),
    ("endnote", "Endnote 1", "Fenwhistle report, 2024."),
    ("comment", "Comment 1", "Check this with Hope Brindlecote"),
    ("comment_author", "Comment author 1", "Cosmo Commenter"),
    ("comment_author", "Comment author 1: initials", "CC"),
    ("comment_author", "Comment author 1: account", "S::cosmo.commenter@example.org::7f3a"),
    ("tracked_change_author", "Tracked change author 1", "Perpetua Inchley"),
    ("tracked_change_author", "Tracked change author 2", "Barnaby Delacroix"),
    ("properties", "Document variable 1", "FamilyName: Moorcroft"),
    ("properties", "Core property: creator", "Agatha Authorly"),
    ("properties", "Core property: lastModifiedBy", "Morwenna Modifier"),
    ("properties", "Core property: title", "CSPR Kayden Moorcroft draft"),
    ("properties", "Core property: keywords", "Moorcroft; Larkfold"),
    ("properties", "App property: Company", "Dunmarrow Council"),
    ("properties", "App property: Manager", "Maximilian Manager"),
    ("properties", "Custom property 1", "Case worker: Ingrid Caseworthy"),
]


def tiny_png() -> bytes:
    """A valid one-pixel PNG, made here so python-docx can read its size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1 x 1, 8-bit RGB
    pixels = zlib.compress(b"\x00\x20\x40\x60")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def run(text: str, properties: str = "") -> str:
    rpr = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def paragraph(*content: str) -> str:
    return f"<w:p {NS}>{''.join(content)}</w:p>"


def text_box(text: str) -> str:
    """A text box as Word writes it: a DrawingML shape, and the same box again as VML for old readers."""
    box = f"<w:txbxContent><w:p>{run(text)}</w:p></w:txbxContent>"
    return (
        "<w:r><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing><wp:inline><wp:extent cx="914400" cy="457200"/>'
        '<wp:docPr id="20" name="Text Box 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<wps:wsp><wps:txbx>{box}</wps:txbx><wps:bodyPr/></wps:wsp>"
        "</a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>"
        f'<mc:Fallback><w:pict><v:shape id="Text Box 1" style="width:72pt;height:36pt"><v:textbox>{box}'
        "</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


def docx_bytes(document: "docx.document.Document") -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def add_body_xml(document: "docx.document.Document", *paragraphs: str) -> None:
    """Append raw paragraph XML to the body, before its final section properties."""
    body = document.element.body
    for xml in paragraphs:
        body.insert(len(body) - 1, parse_xml(xml))


def body_docx(*paragraphs: str) -> bytes:
    """A document whose body is exactly these paragraphs (XML strings made with ``paragraph``)."""
    document = docx.Document()
    add_body_xml(document, *paragraphs)
    return docx_bytes(document)


def patch_docx(data: bytes, parts: dict[str, bytes | None]) -> bytes:
    """A copy of a package with some parts replaced or added (bytes) or removed (None)."""
    out = io.BytesIO()
    with (zipfile.ZipFile(io.BytesIO(data)) as source,
          zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target):
        for name in source.namelist():
            if name not in parts:
                target.writestr(name, source.read(name))
        for name, content in parts.items():
            if content is not None:
                target.writestr(name, content)
    return out.getvalue()


def _add_part(document: "docx.document.Document", name: str, content_type: str, xml: str,
              reltype: str, *, package_level: bool = False) -> None:
    part = Part(PackURI(name), content_type, xml.encode(), document.part.package)
    (document.part.package if package_level else document.part).relate_to(part, reltype)


def _notes(kind: str, text: str, *, unreferenced: str = "", notice: str = "") -> str:
    """footnotes.xml or endnotes.xml: Word's separator notes, then note 1 (the text refers to it),
    optionally a note nothing refers to any more, and a continuation notice."""
    mark = "footnoteRef" if kind == "footnote" else "endnoteRef"
    return (
        f'<w:{kind}s {NS}>'
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
        f"</w:p></w:{kind}>"
        + (f'<w:{kind} w:type="continuationNotice" w:id="5"><w:p>{run(notice)}</w:p></w:{kind}>'
           if notice else "")
        + (f'<w:{kind} w:id="3"><w:p><w:r><w:{mark}/></w:r>{run(unreferenced)}</w:p></w:{kind}>'
           if unreferenced else "")
        + f'<w:{kind} w:id="1"><w:p><w:r><w:{mark}/></w:r>{run(text)}</w:p></w:{kind}>'
        f"</w:{kind}s>"
    )


APP_XML = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Template>Normal.dotm</Template><Application>Microsoft Office Word</Application>"
    "<Manager>Maximilian Manager</Manager><Company>Dunmarrow Council</Company></Properties>"
)
CUSTOM_XML = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Case worker">'
    "<vt:lpwstr>Ingrid Caseworthy</vt:lpwstr></property></Properties>"
)
PEOPLE_XML = (
    f'<w15:people {NS}><w15:person w15:author="Cosmo Commenter">'
    '<w15:presenceInfo w15:providerId="AD" w15:userId="S::cosmo.commenter@example.org::7f3a"/>'
    "</w15:person></w15:people>"
)


def full_docx() -> bytes:
    """A draft report with something identifying in every part: see FULL_PARTS."""
    document = docx.Document()
    document.add_paragraph("Review of the circumstances concerning Child L.")
    lived = document.add_paragraph()
    named = lived.add_run("Kayden Moorcroft")
    lived.add_run(" lived with his mother in Dunmarrow.")
    document.add_comment(named, text="Check this with Hope Brindlecote", author="Cosmo Commenter",
                         initials="CC")

    link = document.part.relate_to("https://news.example.org/2025/harlow-quince-inquest", RT.HYPERLINK,
                                   is_external=True)
    when = 'w:date="2026-03-01T10:00:00Z"'
    add_body_xml(
        document,
        paragraph(run("The social worker "),
                  f'<w:ins w:id="101" w:author="Perpetua Inchley" {when}>{run("Ottilie Brannock")}</w:ins>',
                  run(" visited."),
                  f'<w:del w:id="102" w:author="Barnaby Delacroix" {when}>'
                  '<w:r><w:delText>Jessamy Thorne</w:delText></w:r></w:del>'),
        paragraph('<w:r><w:t>Sibling:</w:t><w:tab/><w:t>Tobias</w:t><w:br/><w:t>Wrenfield</w:t></w:r>'),
        paragraph(run("See the "),
                  f'<w:hyperlink r:id="{link}" w:tooltip="Inquest into Harlow Quince">'
                  f'{run("news report", "<w:rStyle w:val=\"Hyperlink\"/>")}</w:hyperlink>',
                  run(".")),
        paragraph(run("Please "),
                  '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
                  '<w:r><w:instrText xml:space="preserve"> HYPERLINK "mailto:hope.brindlecote@example.org" '
                  "</w:instrText></w:r>",
                  '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
                  run("email the aunt"),
                  '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
                  run(".")),
    )
    document.add_picture(io.BytesIO(tiny_png()))
    # Word keeps the description on the drawing and again on the picture inside it.
    inline = document.inline_shapes[0]._inline
    picture_name = inline.find(".//{http://schemas.openxmlformats.org/drawingml/2006/picture}cNvPr")
    for holder in (inline.docPr, picture_name):
        holder.set("descr", "Photograph of Kayden at Larkfold Primary")
    inline.docPr.set("title", "Drawing by Kayden")
    add_body_xml(
        document,
        paragraph(text_box("Marigold Thrushcombe called the police.")),
        paragraph(run("The GP saw him the next day."),
                  '<w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:endnoteReference w:id="1"/></w:r>'),
    )

    table = document.add_table(rows=2, cols=2)
    for row, values in zip(table.rows, [("Name", "Kayden Moorcroft"), ("School", "Larkfold Primary School")],
                           strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    nested = table.cell(1, 1).add_table(rows=1, cols=2)
    nested.cell(0, 0).text, nested.cell(0, 1).text = "Teacher", "Mr Ravenscar"

    section = document.sections[0]
    section.header.paragraphs[0].text = "Dunmarrow Partnership confidential draft"
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "First page: Quillby Rise"
    section.footer.paragraphs[0].text = "Prepared by Oswin Pellegrew"

    _add_part(document, "/word/footnotes.xml", CT.WML_FOOTNOTES,
              _notes("footnote", "Quernstead Surgery records.", unreferenced="Old note on Tamsin Oakes.",
                     notice="Continued: Kayden's notes"), RT.FOOTNOTES)
    _add_part(document, "/word/endnotes.xml", CT.WML_ENDNOTES,
              _notes("endnote", "Fenwhistle report, 2024."), RT.ENDNOTES)
    _add_part(document, "/word/people.xml",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml",
              PEOPLE_XML, "http://schemas.microsoft.com/office/2011/relationships/people")
    _add_part(document, "/docProps/custom.xml", CT.OFC_CUSTOM_PROPERTIES, CUSTOM_XML, RT.CUSTOM_PROPERTIES,
              package_level=True)
    document.settings.element.append(parse_xml(
        f'<w:docVars {NS}><w:docVar w:name="FamilyName" w:val="Moorcroft"/></w:docVars>'))

    core = document.core_properties
    core.author, core.last_modified_by = "Agatha Authorly", "Morwenna Modifier"
    core.title, core.keywords, core.comments = "CSPR Kayden Moorcroft draft", "Moorcroft; Larkfold", ""
    return patch_docx(docx_bytes(document), {"docProps/app.xml": APP_XML.encode()})


def docx_with_template() -> bytes:
    """A document whose settings point at its template by a path holding the author's user name."""
    document = docx.Document()
    settings_part = document.part._settings_part
    rid = settings_part.relate_to("file:///C:/Users/agatha.authorly/Templates/CSPR.dotx",
                                  f"{RELATIONSHIPS}/attachedTemplate", is_external=True)
    settings_part.element.append(parse_xml(f'<w:attachedTemplate {NS} r:id="{rid}"/>'))
    return docx_bytes(document)


def words_docx(words: int) -> bytes:
    """A plain report of about ``words`` words: paragraphs of mixed runs, with a table every so often."""
    document = docx.Document()
    sentence = "The health visitor saw Kayden Moorcroft at home in Dunmarrow and noted his weight"
    per_paragraph = 0
    written = 0
    while written < words:
        p = document.add_paragraph()
        for _ in range(5):
            p.add_run(sentence[:40]).bold = True
            p.add_run(sentence[40:] + ". ")
            per_paragraph += len(sentence.split())
        written += per_paragraph
        per_paragraph = 0
        if len(document.paragraphs) % 20 == 0:
            table = document.add_table(rows=3, cols=3)
            for cell in table._cells:
                cell.text = "Kayden Moorcroft"
            written += 18
    return docx_bytes(document)


# -- parts a reader never looks at but anyone can open (charts, SmartArt, custom XML, embedded
# files, the glossary, mail merge, editing permissions, picture metadata) --------------------------

CHART_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
DIAGRAM_NS = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
DSP_NS = "http://schemas.microsoft.com/office/drawing/2008/diagram"
OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DRAWING_NS = (f'xmlns:c="{CHART_NS}" xmlns:dgm="{DIAGRAM_NS}" xmlns:dsp="{DSP_NS}" '
              'xmlns:o="urn:schemas-microsoft-com:office:office"')

CHART_XML = (
    f'<c:chartSpace {NS} {DRAWING_NS}><c:chart>'
    "<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>Visits by Ottoline Grebe</a:t></a:r></a:p>"
    "</c:rich></c:tx></c:title>"
    "<c:plotArea><c:barChart><c:ser><c:idx val=\"0\"/><c:order val=\"0\"/>"
    "<c:tx><c:strRef><c:f>Sheet1!$B$1</c:f><c:strCache><c:ptCount val=\"1\"/>"
    "<c:pt idx=\"0\"><c:v>Tobias Wrenfield</c:v></c:pt></c:strCache></c:strRef></c:tx>"
    "<c:dLbls><c:dLbl><c:idx val=\"0\"/><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>Nan</a:t></a:r></a:p>"
    "</c:rich></c:tx></c:dLbl></c:dLbls>"
    "<c:cat><c:strRef><c:f>Sheet1!$A$2</c:f><c:strCache><c:ptCount val=\"1\"/>"
    "<c:pt idx=\"0\"><c:v>Quillby Rise</c:v></c:pt></c:strCache></c:strRef></c:cat>"
    "<c:val><c:numRef><c:f>Sheet1!$B$2</c:f><c:numCache><c:formatCode>General</c:formatCode>"
    "<c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>4</c:v></c:pt></c:numCache></c:numRef></c:val>"
    "</c:ser></c:barChart></c:plotArea></c:chart>"
    '<c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData></c:chartSpace>'
)


CHART_SHAPES_XML = (
    f'<c:userShapes {NS} {DRAWING_NS} '
    'xmlns:cdr="http://schemas.openxmlformats.org/drawingml/2006/chartDrawing">'
    "<cdr:relSizeAnchor><cdr:from><cdr:x>0.1</cdr:x><cdr:y>0.1</cdr:y></cdr:from>"
    "<cdr:to><cdr:x>0.4</cdr:x><cdr:y>0.2</cdr:y></cdr:to>"
    "<cdr:sp><cdr:nvSpPr><cdr:cNvPr id=\"2\" name=\"Note\"/>"
    "<cdr:cNvSpPr/></cdr:nvSpPr><cdr:spPr/><cdr:txBody><a:bodyPr/><a:p><a:r><a:t>Note by Harlow Quince</a:t>"
    "</a:r></a:p></cdr:txBody></cdr:sp></cdr:relSizeAnchor></c:userShapes>"
)
CHARTEX_NS = "http://schemas.microsoft.com/office/drawing/2014/chartex"
CHARTEX_XML = (
    f'<cx:chartSpace xmlns:cx="{CHARTEX_NS}"><cx:chartData><cx:data id="0">'
    '<cx:strDim type="cat"><cx:f>Sheet1!$A$2</cx:f><cx:lvl ptCount="1">'
    '<cx:pt idx="0">Larkfold Primary</cx:pt>'
    '</cx:lvl></cx:strDim><cx:numDim type="val"><cx:lvl ptCount="1"><cx:pt idx="0">3</cx:pt></cx:lvl>'
    "</cx:numDim></cx:data></cx:chartData><cx:chart><cx:title><cx:tx><cx:txData>"
    "<cx:v>Visits by Tamsin Oakes</cx:v></cx:txData></cx:tx></cx:title></cx:chart></cx:chartSpace>"
)


def diagram_data_xml(drawing_rid: str) -> str:
    return (
        f'<dgm:dataModel {NS} {DRAWING_NS}><dgm:ptLst>'
        '<dgm:pt modelId="{00000000-0000-0000-0000-000000000001}" type="doc"><dgm:prSet/><dgm:spPr/>'
        "<dgm:t><a:bodyPr/><a:p><a:endParaRPr/></a:p></dgm:t></dgm:pt>"
        '<dgm:pt modelId="{00000000-0000-0000-0000-000000000002}"><dgm:prSet/><dgm:spPr/>'
        "<dgm:t><a:bodyPr/><a:p><a:r><a:t>Referral by Thaddeus Marlowe-Pike</a:t></a:r></a:p></dgm:t>"
        "</dgm:pt></dgm:ptLst><dgm:cxnLst/>"
        '<dgm:extLst><a:ext uri="http://schemas.microsoft.com/office/drawing/2008/diagram">'
        f'<dsp:dataModelExt relId="{drawing_rid}" minVer="{DIAGRAM_NS}"/></a:ext></dgm:extLst>'
        "</dgm:dataModel>"
    )


def diagram_drawing_xml(text: str) -> str:
    return (f'<dsp:drawing {NS} {DRAWING_NS}><dsp:spTree><dsp:sp><dsp:txBody><a:bodyPr/>'
            f"<a:p><a:r><a:t>{text}</a:t></a:r></a:p></dsp:txBody></dsp:sp></dsp:spTree></dsp:drawing>")


CUSTOM_XML_ITEM = (
    '<p:properties xmlns:p="http://schemas.microsoft.com/office/2006/metadata/properties">'
    '<documentManagement><CaseWorker xmlns="urn:review-desk-test">Peregrine Voss</CaseWorker>'
    "<Status xmlns=\"urn:review-desk-test\">Draft</Status></documentManagement></p:properties>"
)
CUSTOM_XML_PROPS = (
    '<ds:datastoreItem ds:itemID="{6B1A0C43-0000-4000-8000-000000000001}" '
    'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/>'
    "</ds:datastoreItem>"
)
GLOSSARY_XML = (
    f"<w:glossaryDocument {NS}><w:docParts><w:docPart><w:docPartPr><w:name w:val=\"Signature\"/>"
    "</w:docPartPr><w:docPartBody><w:p>" + run("Regards, Cressida Hollins") + "</w:p></w:docPartBody>"
    "</w:docPart></w:docParts></w:glossaryDocument>"
)
MAIL_MERGE_XML = (
    f"<w:mailMerge {NS}><w:mainDocumentType w:val=\"formLetters\"/><w:linkToQuery/>"
    "<w:dataType w:val=\"native\"/>"
    '<w:connectString w:val="Provider=Microsoft.ACE.OLEDB.12.0;Data Source=C:\\Users\\agatha.authorly'
    '\\cases.xlsx"/>'
    "<w:query w:val=\"SELECT * FROM `Cases$` WHERE name = 'Jessamy Thorne'\"/>"
    '<w:dataSource r:id="{rid}"/></w:mailMerge>'
)


def jpeg_with_exif(artist: str) -> bytes:
    """A small JPEG whose EXIF names who took it, as a phone's camera does."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x013B] = artist  # Artist
    exif[0x010F] = "PhoneMaker"  # Make
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def extras_docx(*, drawing_text: str = "Referral by Thaddeus Marlowe-Pike (first version)") -> bytes:
    """A draft with a chart, a SmartArt diagram (Word's drawing of it saying ``drawing_text``), a
    custom XML item, an embedded OLE object with its preview picture, a glossary, a mail merge,
    an editing permission and a photograph with EXIF metadata."""
    document = docx.Document()
    document.add_paragraph("Kayden Moorcroft lived with his mother.")
    main = document.part
    package = main.package

    def part(name: str, content_type: str, content: str | bytes) -> Part:
        data = content.encode() if isinstance(content, str) else content
        return Part(PackURI(name), content_type, data, package)

    chart = part("/word/charts/chart1.xml",
                 "application/vnd.openxmlformats-officedocument.drawingml.chart+xml", CHART_XML)
    workbook = part("/word/embeddings/Microsoft_Excel_Worksheet.xlsx",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK workbook")
    assert chart.relate_to(workbook, f"{OFFICE_RELS}/package") == "rId1"
    chart.relate_to(part("/word/drawings/drawing1.xml",
                         "application/vnd.openxmlformats-officedocument.drawingml.chartshapes+xml",
                         CHART_SHAPES_XML), f"{OFFICE_RELS}/chartUserShapes")
    chart_rid = main.relate_to(chart, f"{OFFICE_RELS}/chart")
    chartex_rid = main.relate_to(part("/word/charts/chartEx1.xml", "application/vnd.ms-office.chartex+xml",
                                      CHARTEX_XML), "http://schemas.microsoft.com/office/2014/relationships/chartEx")

    drawing = part("/word/diagrams/drawing1.xml", "application/vnd.ms-office.drawingml.diagramDrawing+xml",
                   diagram_drawing_xml(drawing_text))
    drawing_rid = main.relate_to(drawing, "http://schemas.microsoft.com/office/2007/relationships/diagramDrawing")
    diagram = {"dm": ("data", "diagramData", diagram_data_xml(drawing_rid)),
               "lo": ("layout", "diagramLayout", f"<dgm:layoutDef {DRAWING_NS}/>"),
               "qs": ("quickStyle", "diagramQuickStyle", f"<dgm:styleDef {DRAWING_NS}/>"),
               "cs": ("colors", "diagramColors", f"<dgm:colorsDef {DRAWING_NS}/>")}
    diagram_rids = {}
    for key, (name, kind, xml) in diagram.items():
        content_type = {"quickStyle": "diagramStyle"}.get(name, kind)
        diagram_rids[key] = main.relate_to(
            part(f"/word/diagrams/{name}1.xml",
                 f"application/vnd.openxmlformats-officedocument.drawingml.{content_type}+xml", xml),
            f"{OFFICE_RELS}/{kind}")

    ole_rid = main.relate_to(part("/word/embeddings/oleObject1.bin",
                                  "application/vnd.openxmlformats-officedocument.oleObject",
                                  b"OLE compound file naming Perpetua Inchley"), f"{OFFICE_RELS}/oleObject")
    preview_rid = main.relate_to(part("/word/media/preview1.emf", "image/x-emf", b"EMF preview"),
                                 f"{OFFICE_RELS}/image")

    item = part("/customXml/item2.xml", "application/xml", CUSTOM_XML_ITEM)
    item.relate_to(part("/customXml/itemProps2.xml",
                        "application/vnd.openxmlformats-officedocument.customXmlProperties+xml",
                        CUSTOM_XML_PROPS), f"{OFFICE_RELS}/customXmlProps")
    main.relate_to(item, f"{OFFICE_RELS}/customXml")

    glossary = part("/word/glossary/document.xml",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.glossary+xml",
                    GLOSSARY_XML)
    glossary.relate_to(part("/word/glossary/styles.xml",
                            "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
                            f"<w:styles {NS}/>"), f"{OFFICE_RELS}/styles")
    main.relate_to(glossary, f"{OFFICE_RELS}/glossaryDocument")

    settings_part = main._settings_part
    source = settings_part.relate_to("file:///C:/Users/agatha.authorly/cases.xlsx",
                                     f"{OFFICE_RELS}/mailMergeSource", is_external=True)
    settings_part.element.append(parse_xml(MAIL_MERGE_XML.replace("{rid}", source)))

    graphic = ('<w:r><w:drawing><wp:inline><wp:extent cx="914400" cy="457200"/><wp:docPr id="{id}" '
               'name="{name}"/><a:graphic><a:graphicData uri="{uri}">{content}</a:graphicData></a:graphic>'
               "</wp:inline></w:drawing></w:r>")
    relids = " ".join(f'r:{key}="{rid}"' for key, rid in diagram_rids.items())

    def paragraph(*content: str) -> str:  # with the chart, diagram and VML prefixes too
        return f"<w:p {NS} {DRAWING_NS}>{''.join(content)}</w:p>"

    add_body_xml(
        document,
        paragraph(run("Contacts by month: "), graphic.format(
            id=40, name="Chart 1", uri=CHART_NS, content=f'<c:chart r:id="{chart_rid}"/>')),
        paragraph(run("Visits by school: "), graphic.format(
            id=42, name="Chart 2", uri=CHARTEX_NS, content=f'<cx:chart xmlns:cx="{CHARTEX_NS}" '
                                                          f'r:id="{chartex_rid}"/>')),
        paragraph(run("How the referral went: "), graphic.format(
            id=41, name="Diagram 1", uri=DIAGRAM_NS, content=f"<dgm:relIds {relids}/>")),
        paragraph(run("The letter is attached: "),
                  '<w:r><w:object w:dxaOrig="1440" w:dyaOrig="720">'
                  '<v:shape id="_x0000_i1025" style="width:72pt;height:36pt">'
                  f'<v:imagedata r:id="{preview_rid}" o:title=""/></v:shape>'
                  '<o:OLEObject Type="Embed" ProgID="Word.Document.8" ShapeID="_x0000_i1025" '
                  f'DrawAspect="Icon" ObjectID="_1700000001" r:id="{ole_rid}"/></w:object></w:r>'),
        paragraph('<w:permStart w:id="7" w:ed="CORP\\jessamy.thorne"/>', run("Only she may edit this."),
                  '<w:permEnd w:id="7"/>'),
    )
    document.add_picture(io.BytesIO(jpeg_with_exif("Cosmo Commenter")))
    return docx_bytes(document)
