"""Import one agency's chronology file into a review, for the data team.

    python manage.py import_chronology REVIEW_REF --agency "NAME" FILE
        [--columns "date=Date of contact,event=Details,..."] [--source "TEXT"]
        [--exclude-error-rows] [--received-on YYYY-MM-DD] [--accepted-on YYYY-MM-DD] [--dry-run]

The file is imported as received on --received-on (today unless given: lateness against the
author's due date is measured from it; never in the future or before the author was named) and,
since the data team imports for the business manager, accepted on --accepted-on (today unless
given; never before it was received). An agency whose chronology is accepted and not reopened
is refused: the business manager reopens it in Review Desk first.

Prints how the file's columns were understood (our heading ← their heading, or "not in the
file"), every problem as ``FILE:ROW: CODE: message`` (``FILE:TABLE.ROW`` for a Word document;
``FILE: CODE: message`` for the file as a whole), then a summary.

Exit codes: 0 imported (or a dry run that would import), 1 refused because the file has errors
(nothing saved; fix the file, or pass --exclude-error-rows), 2 bad arguments: an unknown review,
an agency not in its scope (the valid names are listed), a bad --columns, or a file that is
missing, unreadable or refused (the message on stderr says what is wrong and how to fix it).

The same code as the upload pages checks and stores the file (actions.import_file): all or
nothing, the agency's previous accepted version superseded and kept, one audit row with counts.
"""

import pathlib
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandParser

from reviewdesk.accounts.models import Agency
from reviewdesk.chronology import actions, checking, status
from reviewdesk.chronology.checks import format_problem
from reviewdesk.chronology.models import Submission
from reviewdesk.commands import DataTeamCommand, bad_input
from reviewdesk.lib.chronology_files.headings import parse_columns_option
from reviewdesk.lib.chronology_files.table import FileRefused
from reviewdesk.reviews.models import Review

REFUSED = 1
USAGE = ('Usage: manage.py import_chronology REVIEW_REF --agency "NAME" FILE [--columns '
         '"date=Date of contact,event=Details,..."] [--source "TEXT"] [--exclude-error-rows] '
         "[--received-on YYYY-MM-DD] [--accepted-on YYYY-MM-DD] [--dry-run]")



class Command(DataTeamCommand):
    usage = USAGE
    help = ("Check an agency's chronology file (.xlsx, .csv or .docx) and import it into a "
            "review. Exits 0 when imported, 1 when refused for errors (nothing saved), 2 on bad "
            "arguments.")


    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("review", metavar="REVIEW_REF", help="The review's reference, e.g. "
                                                                 "KV-2026-004")
        parser.add_argument("file", metavar="FILE", help="The agency's file: .xlsx, .csv or .docx")
        parser.add_argument("--agency", required=True, metavar="NAME",
                            help="The agency's name, as on the review (one with a named "
                                 "chronology author)")
        parser.add_argument("--columns", metavar="MAPPING",
                            help="Which of the file's headings holds which of our columns, e.g. "
                                 "'date=Date of contact,event=Details'. Columns not given are "
                                 "recognised from their headings as usual.")
        parser.add_argument("--source", default="", metavar="TEXT",
                            help="The source of information for rows without one (a file with no "
                                 "source column)")
        parser.add_argument("--exclude-error-rows", action="store_true",
                            help="Import the rows without errors and list each row with errors "
                                 "as excluded, with the reason: "
                                 f"'{actions.COMMAND_REASON}'")
        parser.add_argument("--received-on", metavar="YYYY-MM-DD",
                            help="The day the agency's chronology was received (default: today)")
        parser.add_argument("--accepted-on", metavar="YYYY-MM-DD",
                            help="The day it was accepted (default: today)")
        parser.add_argument("--dry-run", action="store_true",
                            help="Check and report, save nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        received_on = _day(options["received_on"], "--received-on")
        accepted_on = _day(options["accepted_on"], "--accepted-on")
        review = self.review_by_reference(options["review"])
        agency = self._agency(review, options["agency"])
        path = pathlib.Path(options["file"])
        data = self._read(path)
        filename = path.name
        mapping = None
        if options["columns"] is not None:
            mapping = self._columns(data, filename, options["columns"])
        try:
            outcome = actions.import_file(
                review, agency, data, filename, by=None, via=Submission.Via.COMMAND,
                mapping=mapping, default_source=options["source"],
                exclude_error_rows=options["exclude_error_rows"],
                exclusion_reason=actions.COMMAND_REASON if options["exclude_error_rows"] else "",
                dry_run=options["dry_run"], received_on=received_on, accepted_on=accepted_on)
        except FileRefused as exc:
            raise bad_input(str(exc)) from None
        except ValidationError as exc:
            raise bad_input(" ".join(exc.messages)) from None
        self._report(outcome, filename, options)
        if outcome.refused:
            raise SystemExit(REFUSED)

    # --- Arguments -----------------------------------------------------------------------------


    def _agency(self, review: Review, name: str) -> Agency:
        in_scope = list(status.agencies_in_scope(review))
        wanted = " ".join(name.split()).casefold()
        for agency in in_scope:
            if " ".join(agency.name.split()).casefold() == wanted:
                return agency
        valid = "\n".join(f"  {a.name}" for a in in_scope) or "  (none: name each agency's " \
                                                               "chronology author first)"
        raise bad_input(f"'{name}' is not an agency in the scope of {review.reference} (an agency "
                        f"with a named chronology author). Give one of these, exactly:\n{valid}")

    def _read(self, path: pathlib.Path) -> bytes:
        if not path.is_file():
            raise bad_input(f"There is no file '{path}'. Check the path and the file name.")
        try:
            return path.read_bytes()
        except OSError as exc:
            raise bad_input(f"Cannot read '{path}': {exc.strerror}. Check the file's "
                            "permissions.") from None

    def _columns(self, data: bytes, filename: str, text: str) -> dict[str, int | None]:
        try:
            table = checking.read_file(data, filename)
        except FileRefused as exc:
            raise bad_input(str(exc)) from None
        try:
            given = parse_columns_option(text, table.headers)
            return checking.normalise_mapping(checking.with_overrides(table.headers, given),
                                              table.headers)
        except ValidationError as exc:
            raise bad_input("--columns: " + " ".join(exc.messages)) from None
        except ValueError as exc:
            raise bad_input(f"--columns: {exc}") from None

    # --- Output --------------------------------------------------------------------------------

    def _report(self, outcome: actions.ImportOutcome, filename: str,
                options: dict[str, Any]) -> None:
        result = outcome.result
        write = self.stdout.write
        where = f" (sheet '{result.table.sheet}')" if result.table.sheet else ""
        write(f"Columns of {filename}{where}, header at {checking.header_label(result.table)}:")
        width = max(len(ours) for ours, _ in result.described)
        for ours, theirs in result.described:
            write(f"  {ours.ljust(width)} ← {repr(theirs) if theirs else 'not in the file'}")
        for heading in result.unused:
            write(f"  (kept with each event under its heading: {heading!r})")
        for note in result.table.notes:
            write(f"  Note: {note}")
        for problem in result.problems:
            write(format_problem(filename, problem))
        counts = _counts(result)
        if outcome.refused:
            how = ("fix the file (or the --columns and --source options)" if result.file_errors
                   else "fix the file, or pass --exclude-error-rows to import the other rows")
            write(f"Refused: {counts}. Nothing was saved: {how}.")
        elif options["dry_run"]:
            write(f"Dry run: {counts}. Would import {outcome.imported} entr"
                  f"{'ies' if outcome.imported != 1 else 'y'}"
                  + (f" and exclude {outcome.excluded} row{'s' if outcome.excluded != 1 else ''}"
                     if outcome.excluded else "") + ". Nothing was saved.")
        else:
            submission = outcome.submission
            write(f"Imported: {counts}. {outcome.imported} entr"
                  f"{'ies' if outcome.imported != 1 else 'y'} saved as version "
                  f"{submission.version} of {submission.agency.name}'s chronology"
                  + (f", {outcome.excluded} row{'s' if outcome.excluded != 1 else ''} excluded"
                     if outcome.excluded else "")
                  + (" (the previous version is kept as an earlier version)"
                     if outcome.superseded else "") + ".")


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise bad_input(f"{option}: '{text}' is not a date. Give it as YYYY-MM-DD, for example "
                        "2026-12-04.") from None


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _counts(result: checking.CheckResult) -> str:
    errors, warnings = len(result.errors), len(result.warnings)
    in_rows = len(result.error_rows)
    error_words = "no errors" if not errors else (
        _plural(errors, "error") + (f" in {_plural(in_rows, 'row')}" if in_rows else ""))
    return (f"{_plural(len(result.rows), 'row')}, {error_words}, "
            f"{_plural(warnings, 'warning') if warnings else 'no warnings'}")
