"""Bring a review in flight into Review Desk from a JSON file, for the data team.

    python manage.py import_review FILE.json [--partnership CODE] [--by EMAIL] [--dry-run]

Exit codes: 0 created (the last line printed is the new review's reference; a dry run prints
what would be created and creates nothing), 1 problems found (each printed as
``$.json.path: what is wrong and how to fix it``; nothing created), 2 bad usage or an unreadable
file (a missing or non-JSON file, an unknown partnership, no business manager to record it).

The format, and the keys each stage needs, are in docs/import-review.md; ``review_import`` does the work.
"""

import pathlib
from typing import Any

from django.core.management.base import CommandParser
from django.db import DatabaseError, transaction

from reviewdesk.accounts.models import Partnership, PartnershipRole, User
from reviewdesk.commands import DataTeamCommand, bad_input
from reviewdesk.commissioning import review_import
from reviewdesk.reviews.models import Stage

PROBLEMS = 1
USAGE = "Usage: manage.py import_review FILE.json [--partnership CODE] [--by EMAIL] [--dry-run]"
MAX_BYTES = 5 * 1024 * 1024


class DryRun(Exception):
    """Raised inside the transaction to undo a dry run."""


class Command(DataTeamCommand):
    usage = USAGE
    help = ("Create a review in flight from a JSON file, through the same steps as the pages, "
            "all or nothing. Exits 0 when created (the last line is its reference), 1 when the "
            "file has problems (nothing created), 2 on bad usage or an unreadable file.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE.json",
                            help="The review, in the format of docs/import-review.md")
        parser.add_argument("--partnership", metavar="CODE",
                            help="The partnership's code, e.g. KV (needed when there are several)")
        parser.add_argument("--by", metavar="EMAIL",
                            help="The business manager the steps are recorded by (needed when "
                                 "the partnership has several)")
        parser.add_argument("--dry-run", action="store_true",
                            help="Check everything and say what would be created; create nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path = pathlib.Path(options["file"])
        data = self._read(path)
        raw = self._parse(path, data)
        partnership = self._partnership(options["partnership"])
        by = self._by(partnership, options["by"])
        plan, problems = review_import.check(raw, partnership)
        if problems:
            self._refuse(path.name, problems)
        try:
            with transaction.atomic():
                made = review_import.create(plan, partnership, by=by,
                                            sha256=review_import.file_digest(data))
                self._say(plan, made, dry_run=options["dry_run"])
                if options["dry_run"]:
                    raise DryRun
        except DryRun:
            self.stdout.write("Dry run: nothing was created.")
            return
        except review_import.ImportRefused as exc:
            self._refuse(path.name, exc.problems)
        self.stdout.write(made.review.reference)

    # --- Arguments -----------------------------------------------------------------------------

    def _read(self, path: pathlib.Path) -> bytes:
        if not path.is_file():
            raise bad_input(f"There is no file '{path}'. Check the path and the file name.")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise bad_input(f"Cannot read '{path}': {exc.strerror}. Check the file's "
                            "permissions.") from None
        if len(data) > MAX_BYTES:
            raise bad_input(f"'{path.name}' is larger than 5 MB: a review file is a few "
                            "kilobytes. Check it is the right file.")
        return data

    def _parse(self, path: pathlib.Path, data: bytes) -> Any:
        try:
            return review_import.parse_json(data)
        except ValueError as exc:
            raise bad_input(f"Cannot read '{path.name}': {exc}. Check it against the example in "
                            "docs/import-review.md.") from None

    def _partnership(self, code: str | None) -> Partnership:
        try:
            partnerships = list(Partnership.objects.order_by("code"))
        except DatabaseError:
            raise bad_input("The database is not set up: run `manage.py migrate` (or `make run`) "
                            "first, or point DATABASE_URL at the partnership's database.") from None
        codes = ", ".join(p.code for p in partnerships) or "none yet"
        if code is None:
            if len(partnerships) == 1:
                return partnerships[0]
            raise bad_input(f"Say which partnership the review belongs to with --partnership "
                            f"CODE (the codes: {codes}).")
        found = next((p for p in partnerships if p.code.lower() == code.strip().lower()), None)
        if found is None:
            raise bad_input(f"No partnership has the code '{code}'. The codes: {codes}.")
        return found

    def _by(self, partnership: Partnership, email: str | None) -> User:
        managers = User.objects.filter(partnership=partnership, is_active=True,
                                       role=PartnershipRole.BUSINESS_MANAGER).order_by("email")
        if email:
            found = managers.filter(email__iexact=email.strip()).first()
            if found is None:
                raise bad_input(f"'{email}' is not an active business manager of "
                                f"{partnership.name}: the steps are recorded by one. Give one of "
                                f"theirs: {', '.join(m.email for m in managers) or 'none yet'}.")
            return found
        managers = list(managers)
        if len(managers) == 1:
            return managers[0]
        if not managers:
            raise bad_input(f"{partnership.name} has no active business manager to record the "
                            "import by: invite one first.")
        raise bad_input("Say which business manager records the import with --by EMAIL: "
                        + ", ".join(m.email for m in managers) + ".")

    # --- Output --------------------------------------------------------------------------------

    def _refuse(self, filename: str, problems: list[review_import.Problem]) -> None:
        for problem in problems:
            self.stdout.write(str(problem))
        count = len(problems)
        self.stdout.write(f"{count} problem{'s' if count != 1 else ''} in {filename}: nothing "
                          "was created. Fix them and run the command again.")
        raise SystemExit(PROBLEMS)

    def _say(self, plan: review_import.Plan, made: review_import.Created, *,
             dry_run: bool) -> None:
        review = made.review
        write = self.stdout.write
        verb = "Would create" if dry_run else "Created"
        write(f"{verb} review {review.reference} at {Stage(review.stage).label.lower()} "
              f"({review.get_kind_display().lower()}).")
        children = review.incidents.get().children.select_related("identity")
        write("  Children: " + ", ".join(c.identity.pseudonym for c in children) + ".")
        if review.initiated_on:
            write(f"  Decided on {review.initiated_on:%-d %B %Y} (recorded as decided before "
                  "Review Desk).")
        lead = review.memberships.filter(role="lead_reviewer").select_related("person").first()
        if lead:
            write(f"  Lead reviewer: {lead.person.email}.")
        tor = review.terms_of_reference.filter(status="approved").first()
        if tor:
            write(f"  Terms of reference: version {tor.number}, approved, period "
                  f"{tor.period_from:%-d %B %Y} to {tor.period_to:%-d %B %Y}.")
        for author in review.chronology_authors.select_related("agency", "person"):
            write(f"  {author.agency.name}: chronology by {author.person.email}, due "
                  f"{author.due_on:%-d %B %Y}.")
        for agency in made.agencies:
            write(f"  New agency: {agency.name} ({agency.get_kind_display()}).")
        for person in made.people:
            write(f"  New person (not invited): {person.email}.")
        write("  No notices were sent.")
