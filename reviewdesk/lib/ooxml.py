"""One reader for Office Open XML packages (.docx, .xlsx) that come from outside: the checks made
on the zip directory before anything is unpacked, shared by the chronology's upload and the
publication check's drafts, with one set of (the stricter) limits: size unpacked, number of parts,
compression ratio, password, macros and ActiveX controls.

No Django here: the scanner and the chronology's readers both sit above it. Each caller words the
refusal for its own page, from ``PackageRefused.problem``.
"""

import io
import zipfile
import zlib
from enum import StrEnum

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted package is an OLE compound file holding a stream with this (UTF-16) name.
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")

# A real chronology or report is a few MB unpacked; past these it is a zip bomb or not one.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ENTRIES = 1_000
MAX_RATIO = 200  # real packages compress 5-50 times; deflate bombs about 1,000 times
RATIO_FROM_BYTES = 1024 * 1024  # small parts may compress as they like
# A macro-enabled document (.docm, .xlsm…) says so in its content types, or carries the macros
# themselves; renaming it to .docx or .xlsx changes neither.
MACRO_MARKERS = (b"macroenabled", b"vbaproject", b"macrosheet")
# An ActiveX control is a program the document asks Office to run: its parts sit in an activeX
# folder (word/activeX/activeX1.bin) and its content type names it.
ACTIVEX_FOLDER = "/activex/"
ACTIVEX_MARKER = b"application/vnd.ms-office.activex"


class Problem(StrEnum):
    DAMAGED = "damaged"
    TOO_BIG = "too_big"
    PASSWORD = "password"
    MACROS = "macros"
    ACTIVEX = "activex"


class PackageRefused(ValueError):
    def __init__(self, problem: Problem, detail: str = ""):
        super().__init__(problem.value + (f": {detail}" if detail else ""))
        self.problem = problem
        self.detail = detail


def open_package(data: bytes) -> zipfile.ZipFile:
    """The zip package, after every check that can be made without unpacking its parts: a zip
    at all, its size and number of parts, no part packed like a bomb, not encrypted, no macros and
    no ActiveX controls."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise PackageRefused(Problem.DAMAGED) from None
    unpacked = sum(i.file_size for i in infos)
    packed_tight = any(i.file_size > RATIO_FROM_BYTES
                       and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos)
    if len(infos) > MAX_ENTRIES or unpacked > MAX_UNPACKED_BYTES or packed_tight:
        raise PackageRefused(Problem.TOO_BIG)
    if any(i.flag_bits & 0x1 for i in infos):
        raise PackageRefused(Problem.PASSWORD)
    names = {i.filename.lower(): i for i in infos}
    if any(n.endswith("vbaproject.bin") for n in names):
        raise PackageRefused(Problem.MACROS)
    if any(ACTIVEX_FOLDER in f"/{n}" for n in names):
        raise PackageRefused(Problem.ACTIVEX)
    types = names.get("[content_types].xml")
    if types is not None:
        try:
            content_types = archive.read(types).lower()
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
                OSError, ValueError):
            raise PackageRefused(Problem.DAMAGED, f"its part {types.filename} is broken") from None
        if any(marker in content_types for marker in MACRO_MARKERS):
            raise PackageRefused(Problem.MACROS)
        if ACTIVEX_MARKER in content_types:
            raise PackageRefused(Problem.ACTIVEX)
    return archive
