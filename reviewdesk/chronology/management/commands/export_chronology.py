"""Export a review's merged chronology, for the data team.

    python manage.py export_chronology REVIEW_REF --format csv|xlsx|docx|pdf [--anonymised]
        [--include-restricted --by EMAIL] -o FILE

Personalised (real names) unless --anonymised: the data team holds the database already; anything
shared outside it should be --anonymised. ``-o -`` writes to standard output (the report then goes
to standard error). The file is written next to FILE under a temporary name and moved into place
once complete, so a failed export never leaves half a file behind.

Chronology entries restricted by the advice in force (a police investigation, proceedings) are
left out, as for everyone the advice does not name. ``--include-restricted --by EMAIL`` includes
those that person may see: one of the roles the advice names (the business manager, a lead
reviewer, a named agency's author or practitioner on the review); anyone else is refused.

Exit codes: 0 exported (prints the rows written), 1 refused: a DOCX or PDF of a chronology too
long for a document (use xlsx or csv), 2 bad arguments: an unknown review or format, a file
that cannot be written, or --include-restricted without a permitted person. Every export is
audited (services in reviewdesk.chronology.exports).
"""

import os
import pathlib
import sys
import tempfile
from typing import Any

from django.core.management.base import CommandParser

from reviewdesk import access
from reviewdesk.accounts.models import User
from reviewdesk.chronology import duplicates, exports
from reviewdesk.commands import DataTeamCommand, bad_input
from reviewdesk.reviews.models import Review

REFUSED = 1
# Up to this many current entries the command works out out-of-date duplicate suggestions
# itself (tens of seconds at most); above it the background worker does.
COMMAND_INLINE_ENTRIES = 50_000
USAGE = ("Usage: manage.py export_chronology REVIEW_REF --format csv|xlsx|docx|pdf "
         "[--anonymised] [--include-restricted --by EMAIL] -o FILE")


class Command(DataTeamCommand):
    usage = USAGE
    help = ("Export a review's merged chronology as CSV, XLSX, DOCX or PDF (personalised unless "
            "--anonymised). Exits 0 when written, 1 when refused as too long for a document, 2 on "
            "bad arguments.")


    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("review", metavar="REVIEW_REF",
                            help="The review's reference, e.g. KV-2026-004")
        parser.add_argument("--format", required=True, dest="fmt", choices=list(exports.EXPORT_FORMATS),
                            help="csv, xlsx (any size), docx or pdf (up to "
                                 f"{exports.MAX_ENTRIES['docx']:,} / {exports.MAX_ENTRIES['pdf']:,} "
                                 "entries)")
        parser.add_argument("--anonymised", action="store_true",
                            help="Replace every registered name with its pseudonym or role label")
        parser.add_argument("--include-restricted", action="store_true",
                            help="Include the chronology entries restricted by the advice in "
                                 "force that the person given with --by may see")
        parser.add_argument("--by", metavar="EMAIL",
                            help="With --include-restricted: the person the export is for, one "
                                 "of the roles the advice names")
        parser.add_argument("-o", "--output", required=True, metavar="FILE",
                            help="Where to write the export ('-' for standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        review = self.review_by_reference(options["review"])
        fmt, anonymised = options["fmt"], options["anonymised"]
        target = options["output"]
        report = self.stderr if target == "-" else self.stdout
        restricted_for = self._restricted_for(review, options)
        # The suggested_duplicate_of column: worked out now if the stored suggestions are out of
        # date, for any chronology a data team would wait for; above that the worker does it.
        if duplicates.out_of_date(review):
            report.write("Working out the possible duplicates first: chronologies have been "
                         "accepted since they were last found.")
            if duplicates.bring_up_to_date(review, inline_up_to=COMMAND_INLINE_ENTRIES):
                report.write(f"The chronology has more than {COMMAND_INLINE_ENTRIES:,} entries: "
                             "the background worker is working them out. The "
                             "suggested_duplicate_of column holds those found before, between "
                             "entries still in the chronology; export again later for the rest.")
        try:
            if target == "-":
                rows = exports.export_chronology(review, fmt=fmt, anonymised=anonymised,
                                                 out=sys.stdout.buffer,
                                                 restricted_for=restricted_for)
            else:
                rows = self._to_file(review, fmt, anonymised, pathlib.Path(target),
                                     restricted_for)
        except exports.ExportTooLarge as exc:
            self.stderr.write(str(exc))
            raise SystemExit(REFUSED) from None
        view = "anonymised" if anonymised else "personalised"
        report.write(f"Wrote {rows} entries of {review.reference}'s merged chronology ({view}, "
                     f"{fmt.upper()}) to {target}.")
        if access.restricted_chronology_entries(restricted_for, review) is not None:
            report.write("Entries restricted by the advice in force were left out. A person the "
                         "advice names may have them included: --include-restricted --by EMAIL.")

    def _restricted_for(self, review: Review, options: dict[str, Any]) -> User | None:
        """The permitted person named with --include-restricted --by, or None without it."""
        email = (options.get("by") or "").strip()
        if not options.get("include_restricted"):
            if email:
                raise bad_input("--by names the person restricted entries are included for: "
                                "give it with --include-restricted.")
            return None
        if not email:
            raise bad_input("--include-restricted needs --by EMAIL: the person the export is "
                            "for, one of the roles the advice in force names.")
        person = User.objects.filter(email__iexact=email, is_active=True,
                                     partnership_id=review.partnership_id).first()
        rules = access.chronology_restrictions(review)
        if person is None or (rules and not any(
                access.may_see_restricted_entries(person, review, rule) for rule in rules)):
            raise bad_input(f"'{email}' may not see the chronology entries restricted by the "
                            f"advice in force on {review.reference}: only the roles it names "
                            "may (the business manager, a lead reviewer, or a named agency's "
                            "author or practitioner on the review, as the advice says). Nothing "
                            "was exported.")
        return person

    def _to_file(self, review: Review, fmt: str, anonymised: bool, path: pathlib.Path,
                 restricted_for: User | None) -> int:
        folder = path.parent if str(path.parent) else pathlib.Path(".")
        if not folder.is_dir():
            raise bad_input(f"Cannot write '{path}': the folder '{folder}' does not exist.")
        try:
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".export-", suffix=f".{fmt}")
        except OSError as exc:
            raise bad_input(f"Cannot write in '{folder}': {exc.strerror}.") from None
        try:
            with os.fdopen(handle, "wb") as out:
                rows = exports.export_chronology(review, fmt=fmt, anonymised=anonymised, out=out,
                                                 restricted_for=restricted_for)
            os.replace(temporary, path)
        except BaseException:
            pathlib.Path(temporary).unlink(missing_ok=True)
            raise
        return rows
