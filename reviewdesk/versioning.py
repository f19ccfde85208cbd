"""Edits that never overwrite each other silently (decision 0023).

Every record people change through a form carries an integer ``version``. The edit page sends
the version it showed in a hidden input; the action claims the record by moving it from that
version to the next in one conditional UPDATE (``WHERE pk = … AND version = …``), so of two
people who opened the same version only the first save wins. The second is refused with
``StaleEdit``: the page shows who changed the record and when, the record as it is now (through
the same redaction the page uses for that viewer) and the second person's input, kept, with the
new version, to check and save again. A save with no version at all (a page opened before this
existed) is refused the same way rather than overwriting.

The actions call ``claim``; the forms mix in ``VersionedForm``; ``shortcuts.save_form`` turns the
refusal into the error summary and the "their version" panel.
"""

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.forms.models import model_to_dict
from django.utils import timezone


def version_field() -> models.PositiveIntegerField:
    return models.PositiveIntegerField(
        default=1, editable=False,
        help_text="Goes up by one with every saved change: an edit made from an older version "
                  "is refused rather than overwriting someone else's change")


def changed_by_field() -> models.ForeignKey:
    return models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
                             on_delete=models.PROTECT, related_name="+",
                             help_text="Who saved the latest version")


def changed_at_field() -> models.DateTimeField:
    return models.DateTimeField(null=True, blank=True, editable=False,
                                help_text="When the latest version was saved")


def version_name(model: Any) -> str:
    """The field holding a record's version: ``version``, unless the model already uses that
    name for something else (a chronology submission's ``version`` is its number, 1, 2, 3…) and
    names another in ``edit_version_field``."""
    return getattr(model, "edit_version_field", "version")


class StaleEdit(ValidationError):
    """A save made from a version that is no longer the record's: a domain rule's refusal, with
    the record as it is now attached (``shortcuts.save_form`` shows it)."""

    def __init__(self, message: str, current: Any) -> None:
        super().__init__(message, code="stale")
        self.current = current


def _when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local:%-d %B %Y} at {local:%H:%M}"


def last_change(record: Any) -> tuple[Any, datetime | None]:
    """Who last changed the record and when, from whichever fields the model keeps."""
    for who, when in (("changed_by", "changed_at"), ("edited_by", "edited_at"),
                      ("updated_by", "updated_at"), ("created_by", "created_at")):
        if hasattr(record, when) and hasattr(record, who):
            return getattr(record, who), getattr(record, when)
    return None, getattr(record, "updated_at", None)


def stale_message(record: Any, thing: str, *,
                  name_of: Callable[[Any], str] | None = None) -> str:
    """"Someone else changed this entry since you opened it (Bea Manager on 5 December 2026 at
    10:14)…" ``thing`` is what was changed, as a phrase ("this entry", "these terms of
    reference"); ``name_of`` shows the person as this viewer may see them in the review."""
    person, moment = last_change(record)
    parts = []
    if person is not None:
        parts.append((name_of or (lambda p: p.display_name))(person))
    if moment is not None:
        parts.append(f"on {_when(moment)}")
    who = f" ({' '.join(parts)})" if parts else ""
    return (f"Someone else changed {thing} since you opened it{who}. Their version is shown "
            f"below; your changes are kept in the form — check them against theirs and save "
            f"again.")


def missing_message(thing: str) -> str:
    return (f"This page was opened before Review Desk checked for other people's changes, so "
            f"your change to {thing} was not saved. The version saved now is shown below; your "
            f"changes are kept in the form — check them against it and save again.")


class _Unchecked:
    def __repr__(self) -> str:
        return "UNCHECKED"


# What an action's ``version`` defaults to for callers that are not an edit page (the demo
# loader, scripts, tests of other rules): the change is made and the version still goes up. An
# edit page always passes what was posted, so a missing version there is None, and refused.
UNCHECKED: Any = _Unchecked()


def claim(record: Any, seen: int | None, *, thing: str, by: Any = None,
          name_of: Callable[[Any], str] | None = None) -> None:
    """Move ``record`` from version ``seen`` to the next, or refuse with ``StaleEdit``.

    Call it inside the action's transaction, before saving ``record``: the conditional UPDATE is
    atomic on every database (two saves from one version cannot both match it), and ``record``
    is given the new version so its own save keeps it. Models with ``changed_by``/``changed_at``
    have them set here too."""
    if seen is UNCHECKED:
        bump(record, by=by)
        return
    model = type(record)
    manager = model._default_manager
    if seen is None:
        raise StaleEdit(missing_message(thing), manager.get(pk=record.pk))
    field_names = {f.name for f in model._meta.get_fields()}
    also: dict[str, Any] = {}
    if "changed_at" in field_names:
        also = {"changed_by": by, "changed_at": timezone.now()}
    name = version_name(model)
    won = manager.filter(pk=record.pk, **{name: seen}).update(**{name: F(name) + 1}, **also)
    if not won:
        current = manager.get(pk=record.pk)
        raise StaleEdit(stale_message(current, thing, name_of=name_of), current)
    setattr(record, name, seen + 1)
    for field, value in also.items():
        setattr(record, field, value)


def bump(record: Any, *, by: Any = None) -> None:
    """For a change that did not come from an edit page (an import, a copy): the next version,
    so an edit page opened before it is refused."""
    model = type(record)
    also: dict[str, Any] = {}
    if "changed_at" in {f.name for f in model._meta.get_fields()}:
        also = {"changed_by": by, "changed_at": timezone.now()}
    name = version_name(model)
    model._default_manager.filter(pk=record.pk).update(**{name: F(name) + 1}, **also)
    record.refresh_from_db(fields=[name, *also])


def refuse_if_stale(record: Any, seen: int | None, *, thing: str,
                    name_of: Callable[[Any], str] | None = None) -> None:
    """Before slow work (reading a file again): refuse at once a save made from a version that
    is no longer ``record``'s (as just read), or from none. ``claim`` inside the transaction
    still decides between two saves that both get past this."""
    if seen is UNCHECKED:
        return
    if seen is None:
        raise StaleEdit(missing_message(thing), record)
    if getattr(record, version_name(type(record))) != seen:
        raise StaleEdit(stale_message(record, thing, name_of=name_of), record)


# --- Forms -----------------------------------------------------------------------------------

def _text(field: forms.Field, value: Any) -> str:
    if value in (None, "", [], ()):
        return "Not given"
    if isinstance(field, forms.BooleanField):
        return "Yes" if value else "No"
    if isinstance(value, (list, tuple, set)) and hasattr(field, "choices"):
        labels = {str(k): str(v) for k, v in field.choices}
        return ", ".join(labels.get(str(getattr(v, "pk", v)), str(v)) for v in value)
    if hasattr(field, "choices"):
        labels = {str(k): str(v) for k, v in field.choices}
        return labels.get(str(getattr(value, "pk", value)), str(value))
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    return str(value)


class VersionedForm:
    """Mixed into a form that changes an existing record: a hidden ``version`` input holding
    the version the page showed, and, after a refused save, ``theirs``: the record as it is
    now, field by field, for the page to show beside the kept input."""

    theirs: list[dict[str, Any]] | None = None

    def add_version(self, record: Any) -> None:
        self.fields["version"] = forms.IntegerField(  # type: ignore[attr-defined]
            widget=forms.HiddenInput, required=False, min_value=0,
            initial=self.version_of(record))

    def version_of(self, record: Any) -> int | None:
        if record is None or not record.pk:
            return None
        return getattr(record, version_name(type(record)))

    def values_of(self, record: Any) -> dict[str, Any]:
        """The record as this form shows it (override where the form shows it differently,
        e.g. through the viewer's redaction)."""
        return model_to_dict(record, fields=list(self.fields))  # type: ignore[attr-defined]

    def shown_fields(self) -> Iterable[str]:
        return [name for name, field in self.fields.items()  # type: ignore[attr-defined]
                if not field.widget.is_hidden]

    def also_shown(self, record: Any) -> list[tuple[str, str]]:
        """More of the record than the form asks for, as (label, text), where the other
        person's change may be there (a deadline delayed while this page marks it met)."""
        return []

    def show_theirs(self, stale: StaleEdit) -> None:
        """Keep the posted input, take the record's new version (so the next save, made after
        checking, is accepted) and describe their version."""
        current = stale.current
        data = self.data.copy()  # type: ignore[attr-defined]
        data[self.add_prefix("version")] = str(self.version_of(current))  # type: ignore[attr-defined]
        self.data = data
        values = self.values_of(current)
        rows = []
        for name in self.shown_fields():
            field = self.fields[name]  # type: ignore[attr-defined]
            theirs = _text(field, values.get(name))
            mine = _text(field, (getattr(self, "cleaned_data", None) or {}).get(name))
            rows.append({"label": str(field.label or name), "text": theirs,
                         "differs": theirs != mine})
        rows += [{"label": label, "text": text, "differs": False}
                 for label, text in self.also_shown(current)]
        self.theirs = rows
