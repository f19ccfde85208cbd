"""Rebuild the similar-reviews index at once (the daily reminders run rebuilds it every night).
Exits 0 when done, 2 for bad usage (a partnership code that does not exist)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from reviewdesk.accounts.models import Partnership
from reviewdesk.learning.search import index_review
from reviewdesk.reviews.models import Review


class Command(BaseCommand):
    help = "Rebuild the similar-reviews search index (pseudonymised text only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnership", metavar="CODE",
                            help="Only this partnership's reviews (its code)")

    def handle(self, *args: Any, **options: Any) -> None:
        reviews = Review.objects.all()
        if options["partnership"]:
            partnership = Partnership.objects.filter(code=options["partnership"]).first()
            if partnership is None:
                self.stderr.write(f"No partnership has the code '{options['partnership']}': "
                                  "give one of the codes in Settings, or leave it out.")
                raise SystemExit(2)
            reviews = reviews.filter(partnership=partnership)
        rows = sum(index_review(review) for review in reviews.iterator())
        self.stdout.write(f"Indexed {reviews.count()} reviews ({rows} rows).")
