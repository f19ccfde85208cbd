from django.core.management.base import BaseCommand, CommandError

from reviewdesk.audit.checkpoints import checkpoint_path, write_checkpoint

CANNOT_WRITE = 2


class Command(BaseCommand):
    help = ("Append a checkpoint (every audit chain's head, signed) to AUDIT_CHECKPOINT_PATH, and "
            "e-mail it to AUDIT_CHECKPOINT_EMAIL if set. Run hourly, from cron or a systemd "
            "timer. Exits 0 written, 2 if the file cannot be written or the e-mail not sent.")

    def handle(self, *args: object, **options: object) -> None:
        path = checkpoint_path()
        try:
            body = write_checkpoint(path)
        except OSError as exc:
            raise CommandError(f"The checkpoint could not be written to {path} ({exc.strerror}): "
                               "check AUDIT_CHECKPOINT_PATH and the file's permissions.",
                               returncode=CANNOT_WRITE) from exc
        except Exception as exc:  # the mail backend's own errors (SMTP, socket…)
            raise CommandError(f"The checkpoint was written to {path}, but e-mailing it to "
                               f"AUDIT_CHECKPOINT_EMAIL failed: {exc}", returncode=CANNOT_WRITE) from exc
        heads = ", ".join(f"{chain} at #{head['seq']}" for chain, head in body["chains"].items())
        self.stdout.write(f"Checkpoint written to {path}: {heads or 'no events yet'}.")
