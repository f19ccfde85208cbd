"""What the data team's commands share (DESIGN §6): bad input exits 2 with one clear line.

A command sets ``usage`` and raises ``bad_input(message)``; argparse's own usage errors exit 2
too, from a shell or from ``call_command``.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from reviewdesk.audit.context import as_system
from reviewdesk.reviews.models import Review

BAD_INPUT = 2


def bad_input(message: str) -> CommandError:
    return CommandError(message, returncode=BAD_INPUT)


class DataTeamCommand(BaseCommand):
    usage = ""  # e.g. "Usage: manage.py scan_report FILE …", added to argument errors
    # Django's system checks look at the web side (URLs, templates, the admin): building the
    # template engine alone compiles every GOV.UK component, half a second before a command
    # could start. They say nothing about a file to import or export, and `manage.py check`
    # (CI, deploys) runs them all.
    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        argparse_error = parser.error

        def error(message: str) -> None:
            # From a shell argparse prints the usage and exits 2; called from Python (Django
            # would raise an error with exit code 1) a usage error is bad input too.
            if parser.called_from_command_line:
                argparse_error(message)
            raise bad_input(f"{message}. {self.usage}")

        parser.error = error
        return parser

    def execute(self, *args: Any, **options: Any) -> Any:
        # What a command records without a named person is the data team's work through Review
        # Desk, said so, rather than a missing actor (see audit/context.py).
        with as_system(f"command {self.__module__.rsplit('.', 1)[-1]}"):
            return super().execute(*args, **options)

    def review_by_reference(self, reference: str) -> Review:
        try:
            review = Review.objects.filter(reference__iexact=reference.strip()).first()
        except DatabaseError:
            raise bad_input("The database is not set up: run `manage.py migrate` (or `make run`) "
                            "first, or point DATABASE_URL at the partnership's database.") from None
        if review is None:
            raise bad_input(f"No review has the reference '{reference.strip()}'. Check it on the "
                            "review's page: it looks like KV-2026-004.")
        return review
