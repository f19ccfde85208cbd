"""Read a draft report (.docx, .pdf or .txt) into a ``Document``, refusing what the scanner
cannot read with a message that says what to do."""

import pathlib

from reviewdesk.lib.scanner.documents import MAX_BYTES, SUPPORTED, Document, DocumentError, read_text
from reviewdesk.lib.scanner.docx_reader import read_docx
from reviewdesk.lib.scanner.pdf_reader import read_pdf


def read_document(data: bytes, filename: str) -> Document:
    suffix = pathlib.PurePath(filename or "").suffix.lower()
    if suffix not in SUPPORTED:
        raise DocumentError(
            f"'{filename}' is not a file the scanner can read. Upload a Word document (.docx), "
            "a PDF (.pdf) or a plain text file (.txt)."
        )
    if not data:
        raise DocumentError(f"'{filename}' is empty. Choose the draft report file again.")
    if len(data) > MAX_BYTES:
        raise DocumentError(
            f"'{filename}' is larger than {MAX_BYTES // (1024 * 1024)} MB. Remove large images "
            "or upload the text as a .docx without them."
        )
    if suffix == ".txt":
        return read_text(data)
    if suffix == ".docx":
        return read_docx(data, filename)
    return read_pdf(data, filename)


def read_path(path: str | pathlib.Path) -> Document:
    path = pathlib.Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"Cannot read '{path}': {exc.strerror}.") from None
    return read_document(data, path.name)
