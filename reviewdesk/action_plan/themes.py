"""The partnership's list of themes starts from the national themes: a new partnership gets them
when it is created (a signal), existing ones by migration 0002."""

from reviewdesk.accounts.models import Partnership
from reviewdesk.action_plan.models import NATIONAL_THEMES, Theme


def add_national_themes(partnership: Partnership) -> None:
    """Add any national theme the partnership's list lacks (never changes an existing one)."""
    have = set(Theme.objects.filter(partnership=partnership).values_list("name", flat=True))
    Theme.objects.bulk_create([Theme(partnership=partnership, name=name, national=True)
                               for name in NATIONAL_THEMES if name not in have])


def on_partnership_saved(sender: type, instance: Partnership, created: bool,
                         raw: bool = False, **kwargs: object) -> None:
    if created and not raw:
        add_national_themes(instance)
