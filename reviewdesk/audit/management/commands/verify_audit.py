from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviewdesk.audit.checkpoints import checkpoint_path, write_checkpoint
from reviewdesk.audit.verify import verify_chain

BROKEN, CANNOT_CHECK = 1, 2


class Command(BaseCommand):
    help = ("Check that the audit trail is intact: every event's signature, every chain's sequence "
            "and head, and every checkpoint. Exits 0 if it is (and writes a new checkpoint), 1 "
            "naming what was changed or removed, 2 if it cannot be checked (a key that is no "
            "longer listed in AUDIT_KEYS, a checkpoint file that cannot be read or written).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-checkpoint", action="store_true",
            help="Only check; do not append a checkpoint (e.g. on a copy of the database).")

    def handle(self, *args: object, **options: object) -> None:
        path = checkpoint_path()
        try:
            result = verify_chain(path=path)
        except OSError as exc:
            raise CommandError(f"The checkpoint file {path} cannot be read ({exc.strerror}): "
                               "check AUDIT_CHECKPOINT_PATH and the file's permissions.",
                               returncode=CANNOT_CHECK) from exc
        for warning in result.warnings:
            self.stderr.write(f"Warning: {warning}")
        counted = (f"{result.checked} events in {result.chains} chain(s) and "
                   f"{result.checkpoints} checkpoint(s)")
        if result.problems:
            if result.broken:
                first = next(p for p in result.problems if p.kind != "unverifiable")
                self.stderr.write(f"The audit chain is broken. First problem: {first.message}")
            else:
                first = result.problems[0]
                self.stderr.write(f"The audit chain cannot be checked in full: {first.message}")
            for problem in result.problems:
                if problem is not first:
                    self.stderr.write(f"Also: {problem.message}")
            raise CommandError(f"{len(result.problems)} problem(s) found in {counted}.",
                               returncode=BROKEN if result.broken else CANNOT_CHECK)
        self.stdout.write(f"The audit chain is intact: {counted} checked.")
        if options["no_checkpoint"]:
            return
        try:
            write_checkpoint(path)
        except OSError as exc:
            raise CommandError(f"The checkpoint could not be written to {path} ({exc.strerror}): "
                               "check AUDIT_CHECKPOINT_PATH and the file's permissions.",
                               returncode=CANNOT_CHECK) from exc
        except Exception as exc:  # the mail backend's own errors (SMTP, socket…)
            raise CommandError(f"The checkpoint was written to {path}, but e-mailing it to "
                               f"AUDIT_CHECKPOINT_EMAIL failed: {exc}", returncode=CANNOT_CHECK) from exc
        self.stdout.write(f"Checkpoint written to {path}.")
