"""Scan a draft report for identifying details, for the data team's scripts.

    python manage.py scan_report FILE (--review REF | --register REGISTER.json) [--format text|json]

Exit codes: 0 nothing found, 1 findings, 2 bad input or a scan that could not run (the message
on stderr says what is wrong and how to fix it): 1 never means anything but findings. Offsets
in the output are Python string indices into the extracted text: for a .txt file, the file
decoded as UTF-8.
"""

import json
import pathlib
from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser

from reviewdesk.audit.services import record
from reviewdesk.commands import BAD_INPUT, DataTeamCommand, bad_input
from reviewdesk.lib.scanner.documents import DocumentError
from reviewdesk.lib.scanner.engine import ScanFinding, scan
from reviewdesk.lib.scanner.reading import read_path
from reviewdesk.reports.scanning import review_register, without_false_alarms
from reviewdesk.reviews.register_file import parse_register

FOUND = 1



class Command(DataTeamCommand):
    usage = ("Usage: manage.py scan_report FILE (--review REF | --register REGISTER.json) "
             "[--format text|json]")
    help = ("Scan a draft report (.docx, .pdf or .txt) for identifying details, against a "
            "review's identity register or a register file. Exits 0 when nothing is found, 1 when "
            "something is, 2 on bad input.")


    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="The draft report: .docx, .pdf or .txt")
        parser.add_argument("--review", metavar="REF",
                            help="Scan against this review's identity register, e.g. KV-2026-004")
        parser.add_argument("--register", metavar="REGISTER.json",
                            help="Scan against a register file instead of a review's register")
        parser.add_argument("--format", choices=["text", "json"], default="text",
                            help="text (a table, the default) or json")

    def handle(self, *args: Any, **options: Any) -> None:
        review_ref, register_path = options["review"], options["register"]
        if review_ref and register_path:
            raise bad_input("Give either --review or --register, not both: the scan uses one "
                            "register.")
        if not review_ref and not register_path:
            raise bad_input("Say which register to scan against: --review REF (a review's "
                            "reference, such as KV-2026-004) or --register REGISTER.json.")
        path = pathlib.Path(options["file"])
        if not path.is_file():
            raise bad_input(f"There is no file '{path}'. Check the path and the file name.")
        review = self.review_by_reference(review_ref) if review_ref else None
        if review is not None:
            entries, register = review_register(review.pk)
        else:
            entries, register = self._register(register_path), []
        try:
            document = read_path(path)
        except DocumentError as exc:
            raise bad_input(str(exc)) from None
        try:
            findings = scan(document, entries)
            if review is not None:
                # What the review's team marked as not identifying is not raised again.
                findings, _ = without_false_alarms(review.pk, findings, register)
        except Exception as exc:  # noqa: BLE001 - a script must not read a crash as "findings"
            detail = " ".join(str(exc).split()) or type(exc).__name__
            raise CommandError(f"The scan could not run: {detail}", returncode=BAD_INPUT) from None
        if review is not None:
            # The scan read every real name in the review's register: reads are audited.
            record("register.scanned_by_command", review=review,
                   summary="Scanned a file against the identity register (scan_report command)",
                   data={"words": document.words, "findings": len(findings)})
        if options["format"] == "json":
            self.stdout.write(json.dumps({"words": document.words,
                                          "findings": [f.as_json() for f in findings]},
                                         indent=2, ensure_ascii=False))
        else:
            self.stdout.write(as_table(findings, document.words))
        if findings:
            raise SystemExit(FOUND)


    def _register(self, name: str) -> list[dict]:
        path = pathlib.Path(name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise bad_input(f"Cannot read the register file '{path}': {exc.strerror}. Check the "
                            "path and the file name.") from None
        try:
            return parse_register(data)
        except ValidationError as exc:
            # One line, every problem: a script's log keeps it whole.
            raise bad_input(f"Register file '{path}': " + " | ".join(exc.messages)) from None
        except Exception as exc:  # noqa: BLE001 - bad input is exit 2, never a traceback and 1
            detail = " ".join(str(exc).split()) or type(exc).__name__
            raise bad_input(f"Register file '{path}' cannot be read: {detail}. Check it is a "
                            "register file, or download the register again.") from None


def _cell(text: str) -> str:
    # A name split across a line break stays visible as one cell.
    return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", " ")


def as_table(findings: list[ScanFinding], words: int) -> str:
    """One line per finding (part, offsets, category, text → suggestion, reason), then a summary."""
    head = ("PART", "OFFSETS", "CATEGORY", "FOUND → SUGGESTION", "REASON")
    rows = [(f.part, f"{f.start}-{f.end}", f.category,
             f"'{_cell(f.text)}' → {_cell(f.suggestion)}", _cell(f.reason)) for f in findings]
    lines = []
    if rows:
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(4)]
        for row in [head, *rows]:
            lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False))
                         + "  " + row[4])
        lines.append("")
        by_category = Counter(f.category for f in findings)
        detail = ", ".join(f"{n} {category}" for category, n in sorted(by_category.items()))
        noun = "finding" if len(findings) == 1 else "findings"
        lines.append(f"{len(findings)} {noun} in {words:,} words: {detail}.")
    else:
        lines.append(f"Nothing identifying found in {words:,} words.")
    return "\n".join(lines)
