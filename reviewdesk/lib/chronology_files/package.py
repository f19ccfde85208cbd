"""The .xlsx and .docx zip package: opened after the shared checks (``reviewdesk.lib.ooxml``), each
refusal worded for an agency's chronology, and its parts and relationships read safely."""

import posixpath
import zipfile
import zlib

from lxml import etree

from reviewdesk.lib import ooxml
from reviewdesk.lib.chronology_files.table import FileRefused
from reviewdesk.lib.ooxml import ENCRYPTED_STREAM, MAX_ENTRIES, MAX_UNPACKED_BYTES, OLE_SIGNATURE


def app_for(kind: str) -> tuple[str, str]:
    """The program and what to save as in it, for messages: ("Excel", "an Excel Workbook (.xlsx)")."""
    return ("Excel", "an Excel Workbook (.xlsx)") if kind == "xlsx" else ("Word", "a Word Document (.docx)")


def macros_refused(name: str, kind: str) -> FileRefused:
    app, save_as = app_for(kind)
    return FileRefused(
        f"'{name}' is a macro-enabled {app} file. We do not take files that can run macros, to keep "
        f"everyone's computers safe. Open it in {app}, save it as a macro-free {save_as.split(' ', 1)[1]} "
        "and upload that."
    )


SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
OFFICE_DOCUMENT = "/officeDocument"
STRICT = "http://purl.oclc.org/ooxml/"


def open_package(data: bytes, name: str, kind: str) -> zipfile.ZipFile:
    """The file's zip package, after every check that can be made without unpacking it."""
    app, save_as = app_for(kind)
    if data.startswith(OLE_SIGNATURE):
        if ENCRYPTED_STREAM in data:
            raise FileRefused(
                f"'{name}' is password-protected, so we cannot read it. Open it in {app}, remove the "
                f"password (File > Info > Protect > Encrypt with Password, clear the box), save it and "
                "upload it again."
            )
        old = "an Excel 97-2003 (.xls)" if kind == "xlsx" else "a Word 97-2003 (.doc)"
        raise FileRefused(f"'{name}' is {old} file renamed to .{kind}. Open it in {app}, save it as "
                          f"{save_as} and upload the new file.")
    if not data.startswith(b"PK"):
        head = data[:512].lstrip().lower()
        if head.startswith((b"<html", b"<!doctype", b"<?xml", b"<table")):
            what = f"a web page (HTML or XML) with a .{kind} name, as some case-management systems export"
        elif kind == "xlsx" and b"\x00" not in head:
            what = "a text file (perhaps a CSV) with a .xlsx name"
        else:
            what = "damaged, or another kind of file renamed"
        raise FileRefused(f"'{name}' is not a real .{kind} file: it is {what}. Open it in {app}, save it as "
                          f"{save_as} and upload the new file.")
    try:
        archive = ooxml.open_package(data)
    except ooxml.PackageRefused as exc:
        match exc.problem:
            case ooxml.Problem.TOO_BIG:
                raise FileRefused(
                    f"'{name}' would unpack to far more than any chronology needs (over "
                    f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB, over {MAX_ENTRIES:,} parts, or packed "
                    "unusually tightly), so we did not open it. Copy your entries into a new file or our "
                    "template, save it and upload that.") from None
            case ooxml.Problem.PASSWORD:
                raise FileRefused(f"'{name}' is password-protected, so we cannot read it. Remove the "
                                  f"password in {app}, save it and upload it again.") from None
            case ooxml.Problem.MACROS:
                raise macros_refused(name, kind) from None
            case ooxml.Problem.ACTIVEX:
                raise FileRefused(
                    f"'{name}' holds ActiveX controls, small programs {app} runs when the file is opened. "
                    "We do not take files that can run programs, to keep everyone's computers safe. Copy "
                    "your entries into a new file or our template, save it and upload that.") from None
        raise damaged(name, kind, exc.detail) from None
    names = {i.filename.lower(): i for i in archive.infolist()}
    own, other = ("xl/", "word/") if kind == "xlsx" else ("word/", "xl/")
    if not any(n.startswith(own) for n in names):
        if any(n.startswith(other) for n in names):
            wrong = "a Word document" if kind == "xlsx" else "an Excel workbook"
            right = "docx" if kind == "xlsx" else "xlsx"
            raise FileRefused(f"'{name}' is {wrong} with a .{kind} name. Rename it to end in .{right} "
                              "and upload it again.")
        what = "an Excel workbook" if kind == "xlsx" else "a Word document"
        raise FileRefused(f"'{name}' is a zip file but not {what}. Open it in {app}, save it as {save_as} "
                          "and upload the new file.")
    return archive


def damaged(name: str, kind: str, why: str = "") -> FileRefused:
    app, save_as = app_for(kind)
    because = f" ({why})" if why else ""
    return FileRefused(f"'{name}' is damaged and cannot be read{because}. Open it in {app} (which may offer "
                       f"to repair it), save it again as {save_as} and upload the new file.")


def read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, kind: str) -> bytes:
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError, ValueError):
        raise damaged(name, kind, f"its part {info.filename} is broken") from None


def xml_part(archive: zipfile.ZipFile, part: str, name: str, kind: str) -> etree._Element | None:
    info = {i.filename.lower(): i for i in archive.infolist()}.get(part.lower())
    if info is None:
        return None
    try:
        return etree.fromstring(read_part(archive, info, name, kind), SAFE_XML)
    except etree.XMLSyntaxError as exc:
        raise damaged(name, kind, f"its part {part} is not well-formed XML: {exc}") from None


def relationships(archive: zipfile.ZipFile, part: str, name: str, kind: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id -> (type, target part)."""
    folder, base = posixpath.split(part)
    root = xml_part(archive, posixpath.join(folder, "_rels", f"{base}.rels"), name, kind)
    found = {}
    for rel in root.iter(PKG_RELS) if root is not None else ():
        target = rel.get("Target", "")
        target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found[rel.get("Id", "")] = (rel.get("Type", ""), target)
    return found


def main_part(archive: zipfile.ZipFile, name: str, kind: str, default: str) -> str:
    for rel_type, target in relationships(archive, "", name, kind).values():
        if rel_type.endswith(OFFICE_DOCUMENT):
            return target
    return default
