import time

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from reviewdesk.audit.context import as_system
from reviewdesk.jobs import recover_all


class Command(BaseCommand):
    help = ("Find background jobs (publication checks, chronology checks, account e-mails) whose "
            "worker stopped before they finished: queue each again once, then mark it failed. "
            "Run it every "
            "minute or so (cron), or with --every to keep running; it is safe to run at any time.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=float, metavar="SECONDS",
                            help="Keep running, sweeping every SECONDS (make run uses 60).")

    def handle(self, *args: object, **options: object) -> None:
        with as_system("command recover_jobs"):
            self._handle(*args, **options)

    def _handle(self, *args: object, **options: object) -> None:
        every = options["every"]
        while True:
            queued, failed = recover_all()
            if queued or failed or not every:
                self.stdout.write(f"{queued} stopped job(s) queued again, {failed} marked failed.")
            if not every:
                return
            close_old_connections()
            time.sleep(float(every))
