"""Reading an agency's chronology file, whatever its format: the one entry point the app calls."""

from pathlib import PurePath

from reviewdesk.lib.chronology_files.delimited import read_csv
from reviewdesk.lib.chronology_files.docx import read_docx
from reviewdesk.lib.chronology_files.package import macros_refused
from reviewdesk.lib.chronology_files.table import (
    ACCEPTED,
    FileRefused,
    Progress,
    ProgressReporter,
    SourceTable,
)
from reviewdesk.lib.chronology_files.xlsx import read_xlsx

MAX_BYTES = 10 * 1024 * 1024


def read_table(data: bytes, filename: str, *, progress: Progress | None = None) -> SourceTable:
    """The file's header and data rows; raises FileRefused (and does nothing else) for a file we
    cannot or will not read. ``progress(done_rows, total_rows)`` is called now and then."""
    name = PurePath(filename).name or "the file"
    kind = _kind(name)
    if len(data) > MAX_BYTES:
        raise FileRefused(
            f"'{name}' is {len(data) / (1024 * 1024):.1f} MB, over the limit of "
            f"{MAX_BYTES // (1024 * 1024)} MB. "
            "A chronology is text and is rarely over 1 MB: remove pictures and any other sheets, or save "
            "it as .csv, and upload it again."
        )
    if not data:
        raise FileRefused(f"'{name}' is empty (0 bytes). Check you chose the right file and upload it again.")
    reader = {"xlsx": read_xlsx, "csv": read_csv, "docx": read_docx}[kind]
    return reader(data, name, ProgressReporter(progress))


OLD_FORMATS = {
    ".xls": "an Excel 97-2003 workbook (.xls). Open it in Excel, choose File > Save As > Excel Workbook "
            "(.xlsx)",
    ".doc": "a Word 97-2003 document (.doc). Open it in Word, choose File > Save As > Word Document (.docx)",
    ".xlsb": "an Excel binary workbook (.xlsb). Open it in Excel, choose File > Save As > Excel Workbook "
             "(.xlsx)",
    ".ods": "an OpenDocument spreadsheet (.ods). Save it as an Excel Workbook (.xlsx)",
    ".odt": "an OpenDocument text file (.odt). Save it as a Word Document (.docx)",
    ".rtf": "a Rich Text file (.rtf). Open it in Word and save it as a Word Document (.docx)",
    ".xltx": "an Excel template (.xltx). Open it in Excel and save it as an Excel Workbook (.xlsx)",
    ".dotx": "a Word template (.dotx). Open it in Word and save it as a Word Document (.docx)",
}
MACRO_FORMATS = {".xlsm": "xlsx", ".xltm": "xlsx", ".xlam": "xlsx", ".docm": "docx", ".dotm": "docx"}


def _kind(name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    if suffix in (".xlsx", ".csv", ".docx"):
        return suffix[1:]
    if suffix in MACRO_FORMATS:
        raise macros_refused(name, MACRO_FORMATS[suffix])
    if suffix in OLD_FORMATS:
        raise FileRefused(f"'{name}' is {OLD_FORMATS[suffix]}, then upload the new file. "
                          f"We read {ACCEPTED} files.")
    what = f"a {suffix} file" if suffix else "a file with no type at the end of its name"
    raise FileRefused(f"'{name}' is {what}. We read only {ACCEPTED} files: save your chronology as one "
                      "of those, or copy it into our template, and upload it again.")
