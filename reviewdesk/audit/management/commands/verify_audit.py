from django.core.management.base import BaseCommand, CommandError

from reviewdesk.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Check that the audit trail is intact: exits 0 if it is, 1 naming what was changed or removed."

    def handle(self, *args: object, **options: object) -> None:
        checked, problems = verify_chain()
        if not problems:
            self.stdout.write(f"The audit chain is intact: {checked} events checked.")
            return
        first = problems[0]
        self.stderr.write(f"The audit chain is broken. First problem: {first.message}")
        for problem in problems[1:]:
            self.stderr.write(f"Also: {problem.message}")
        raise CommandError(f"{len(problems)} problem(s) found in {checked} events.", returncode=1)
