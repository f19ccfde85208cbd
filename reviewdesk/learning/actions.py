"""Every change to the partnership's list of themes: one function each, in one transaction with
its audit event. Themes are renamed, described, retired and restored, never deleted: a theme
tagged on a review keeps its word (decision 0061).

The similar-reviews index is derived data, rebuilt from the records (``learning.search``), not
changed here."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from reviewdesk.accounts.models import Partnership, User
from reviewdesk.action_plan.models import Theme
from reviewdesk.audit.services import record

NAME_MAX = 120


def _today() -> str:
    # A change to the list takes effect when it is made: the date is today's.
    return timezone.localdate().isoformat()


def _clean_name(partnership: Partnership, name: str, *, other_than: Theme | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Enter the theme's name"})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": f"The name must be {NAME_MAX} characters or fewer"})
    same = Theme.objects.annotate(lower=Lower("name")).filter(
        partnership=partnership, lower=name.lower())
    if other_than is not None:
        same = same.exclude(pk=other_than.pk)
    found = same.first()
    if found is not None:
        where = " (retired: restore it instead)" if found.retired_at else ""
        raise ValidationError({"name": f"The list already has a theme called '{found.name}'"
                                       f"{where}. Choose another name"})
    return name


@transaction.atomic
def add_theme(partnership: Partnership, *, by: User, name: str, description: str = "",
              on_behalf_of: User | None = None) -> Theme:
    name = _clean_name(partnership, name)
    theme = Theme.objects.create(partnership=partnership, name=name,
                                 description=description.strip())
    record("learning.theme_added", actor=by, partnership_id=partnership.pk,
           on_behalf_of=on_behalf_of, summary="Added a theme to the partnership's list",
           data={"effective_on": _today(), "theme": theme.pk, "name": name})
    return theme


@transaction.atomic
def change_theme(theme: Theme, *, by: User, name: str, description: str, was_name: str,
                 was_description: str, on_behalf_of: User | None = None) -> Theme:
    """Rename or describe a theme. ``was_*`` are the values the form showed: if someone else
    saved in between, the change is refused rather than overwriting theirs."""
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    if (theme.name, theme.description) != (was_name, was_description.strip()):
        raise ValidationError(
            f"Someone else changed this theme while you were editing it: it is now called "
            f"'{theme.name}'. Check the name and description below and save again.")
    new_name = _clean_name(theme.partnership, name, other_than=theme)
    new_description = description.strip()
    if (new_name, new_description) == (theme.name, theme.description):
        raise ValidationError("Nothing has changed: change the name or the description, or go "
                              "back to the list")
    before = {"name": theme.name, "description": theme.description}
    theme.name, theme.description = new_name, new_description
    theme.save(update_fields=["name", "description"])
    record("learning.theme_changed", actor=by, partnership_id=theme.partnership_id,
           on_behalf_of=on_behalf_of, summary="Renamed or described a theme",
           data={"effective_on": _today(), "theme": theme.pk, "before": before,
                 "after": {"name": new_name, "description": new_description}})
    return theme


@transaction.atomic
def retire_theme(theme: Theme, *, by: User, on_behalf_of: User | None = None) -> Theme:
    """No longer offered for tagging; existing tags keep it, and the dashboard still counts it."""
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    if theme.retired_at is not None:
        raise ValidationError(f"'{theme.name}' is already retired")
    theme.retired_at = timezone.now()
    theme.save(update_fields=["retired_at"])
    record("learning.theme_retired", actor=by, partnership_id=theme.partnership_id,
           on_behalf_of=on_behalf_of, summary="Retired a theme",
           data={"effective_on": _today(), "theme": theme.pk, "name": theme.name})
    return theme


@transaction.atomic
def restore_theme(theme: Theme, *, by: User, on_behalf_of: User | None = None) -> Theme:
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    if theme.retired_at is None:
        raise ValidationError(f"'{theme.name}' is not retired")
    theme.retired_at = None
    theme.save(update_fields=["retired_at"])
    record("learning.theme_restored", actor=by, partnership_id=theme.partnership_id,
           on_behalf_of=on_behalf_of, summary="Restored a retired theme",
           data={"effective_on": _today(), "theme": theme.pk, "name": theme.name})
    return theme
