from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from reviewdesk.audit.checkpoints import checkpoint_path
from reviewdesk.audit.services import record
from reviewdesk.audit.verify import verify_chain
from reviewdesk.backups.archive import BackupError, restore_backup
from reviewdesk.commands import DataTeamCommand, bad_input

NOT_AS_BACKED_UP = 1


class Command(DataTeamCommand):
    help = ("Restore the database and stored files from an archive made by `manage.py backup`. "
            "The whole archive is checked first (every file's digest); a database that already "
            "holds work is refused unless --force. Afterwards every table's rows are counted "
            "against the archive's manifest and the audit chain is verified. Exits 0 restored and "
            "verified, 1 restored but not as backed up (the message says what differs), 2 if it "
            "cannot be restored (nothing was changed).")
    usage = "Usage: manage.py restore ARCHIVE.tar.gz [--force]"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--force", action="store_true",
                            help="replace a database that already holds work")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            outcome = restore_backup(options["archive"], force=options["force"])
        except BackupError as exc:
            raise bad_input(str(exc)) from None
        taken = outcome.manifest["taken_at"]
        self.stdout.write(f"Restored {outcome.rows:,} rows in {len(outcome.manifest['rows'])} tables "
                          f"and {outcome.files:,} stored files from the backup taken at {taken}.")
        problems = [f"{label}: {expected:,} rows backed up, {found:,} restored"
                    for label, (expected, found) in outcome.differences.items()]
        # The checkpoint file outlives the database: heads it signed after this backup are
        # reported as events missing, which is what a restore to an earlier point means.
        verification = verify_chain(path=checkpoint_path())
        problems += [f"audit: {p.message}" for p in verification.problems]
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"The restore is not as backed up: {len(problems)} problem(s).",
                               returncode=NOT_AS_BACKED_UP)
        record("backups.restored", summary="The database and stored files were restored from a "
               "backup.", data={"archive": outcome.path.name, "taken_at": taken})
        self.stdout.write(f"Every table's rows match the archive, and the audit chain is intact "
                          f"({verification.checked:,} events).")
