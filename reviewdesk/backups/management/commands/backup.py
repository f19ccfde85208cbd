from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from reviewdesk.audit.services import record
from reviewdesk.backups.archive import BackupError, take_backup
from reviewdesk.commands import DataTeamCommand, bad_input


class Command(DataTeamCommand):
    help = ("Back up the database and every stored file into one archive (a .tar.gz): the database "
            "through SQLite's backup API or pg_dump, with a manifest of every table's rows and "
            "every file's SHA-256. Restore it with `manage.py restore`. Exits 0 written, 2 if it "
            "cannot be (the message says why and changes nothing).")
    usage = "Usage: manage.py backup -o ARCHIVE.tar.gz"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", required=True, type=Path,
                            help="where to write the archive; it must not exist yet")

    def handle(self, *args: Any, **options: Any) -> None:
        # Recorded first, so the archive holds the record of its own taking.
        record("backups.backup_taken", summary="A backup of the database and stored files was "
               "taken.", data={"archive": options["output"].name})
        try:
            outcome = take_backup(options["output"])
        except BackupError as exc:
            raise bad_input(str(exc)) from None
        size = outcome.path.stat().st_size
        self.stdout.write(f"Backed up {outcome.rows:,} rows in {len(outcome.manifest['rows'])} "
                          f"tables and {outcome.files:,} stored files to {outcome.path} "
                          f"({size / 1e6:,.1f} MB).")
