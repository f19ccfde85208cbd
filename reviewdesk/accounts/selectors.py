"""What points to an agency: for the delete rule and the merge of two agencies recorded twice.

The links are found from the model registry, not listed by hand, so an app added later (the
action plan, briefings…) is covered without changing this module. Django's
``Agency._meta.related_objects`` leaves out foreign keys declared with ``related_name="+"`` (most
of ours), so every reverse relation is read with ``include_hidden=True``; a many-to-many link is
counted through its table's foreign key to the agency (one row per record and agency).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.text import capfirst

from reviewdesk.accounts.models import Agency

# Clearer names than the models' own, where theirs would not say what the record is.
LABELS = {
    "accounts.User": "People who work there",
    "reviews.Incident": "Incidents (agencies involved)",
    "reviews.IdentityEntry": "Identity register entries",
    "reviews.ReviewMembership": "Review team memberships",
    "rapid_review.SummaryRequest": "Rapid review summary requests",
    "commissioning.CaseFileCheck": "Case-file checklist lines",
    "commissioning.TermsOfReference": "Terms of reference versions (agencies in scope)",
    "commissioning.ChronologyAuthor": "Chronology authors",
    "chronology.Submission": "Chronology submissions",
    "chronology.Entry": "Chronology entries",
}


@dataclass(frozen=True)
class Link:
    """One foreign key to Agency: on a model, or on a many-to-many link table."""

    model: type[models.Model]
    field_name: str
    label: str
    is_link_table: bool  # an auto-created many-to-many table: rows are links, not records

    def rows(self, agency: Agency) -> models.QuerySet:
        return self.model._default_manager.filter(**{self.field_name: agency})


def _label(model: type[models.Model]) -> str:
    return LABELS.get(model._meta.label) or capfirst(
        f"{model._meta.verbose_name_plural} ({model._meta.app_config.verbose_name})")


def agency_links() -> list[Link]:
    links = []
    for rel in Agency._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete) or rel.many_to_many:
            continue  # forward fields; many-to-many is counted through its table below
        model = rel.field.model
        through_of = model._meta.auto_created  # the model owning the many-to-many, if any
        links.append(Link(model, rel.field.name, _label(through_of or model),
                          is_link_table=bool(through_of)))
    return sorted(links, key=lambda link: link.label)


def records_of(agency: Agency) -> list[tuple[str, int]]:
    """(kind of record, how many) for every kind of record pointing to ``agency``; none if 0."""
    counts = [(link.label, link.rows(agency).count()) for link in agency_links()]
    return [(label, n) for label, n in counts if n]


def has_records(agency: Agency) -> bool:
    return any(link.rows(agency).exists() for link in agency_links())


def _unique_sets(model: type[models.Model], field_name: str) -> list[tuple[list[str], object]]:
    """The other fields of each uniqueness rule that includes ``field_name``, with its condition
    (a partial constraint such as 'one accepted chronology per agency')."""
    found = []
    for fields in model._meta.unique_together:
        if field_name in fields:
            found.append(([f for f in fields if f != field_name], None))
    for constraint in model._meta.constraints:
        fields = getattr(constraint, "fields", ()) or ()
        if isinstance(constraint, models.UniqueConstraint) and field_name in fields:
            found.append(([f for f in fields if f != field_name], constraint.condition))
    return found


def _clashing(link: Link, duplicate: Agency, keep: Agency
              ) -> list[tuple[list[str], set[tuple]]]:
    """For each uniqueness rule, the values the duplicate's and the kept agency's rows share."""
    out = []
    for others, condition in _unique_sets(link.model, link.field_name):
        mine, theirs = link.rows(duplicate), link.rows(keep)
        if condition is not None:
            mine, theirs = mine.filter(condition), theirs.filter(condition)
        shared = set(mine.values_list(*others)) & set(theirs.values_list(*others))
        if shared:
            out.append((others, shared))
    return out


def merge_clashes(duplicate: Agency, keep: Agency) -> list[str]:
    """Records that exist for both agencies where only one may (one summary request per agency
    on a review…): moving them would break that rule, so the merge is refused and says where."""
    problems = []
    for link in agency_links():
        if link.is_link_table:
            continue  # a record linked to both: the duplicate's link is simply dropped
        for others, shared in _clashing(link, duplicate, keep):
            where = ""
            first = link.model._meta.get_field(others[0]) if others else None
            if first is not None and first.is_relation:
                # Usually the review: named by its reference (its str), never by the child.
                objs = first.related_model._default_manager.filter(pk__in={v[0] for v in shared})
                where = f" on {', '.join(sorted(str(o) for o in objs))}"
            problems.append(
                f"{link.label}: both {duplicate.name} and {keep.name} have one{where}, and a "
                "review may have only one per agency. Settle that first (for example withdraw "
                "or cancel the duplicate's), then merge.")
    return problems


def move_records(duplicate: Agency, keep: Agency) -> list[tuple[str, int]]:
    """Point every record of ``duplicate`` to ``keep`` (inside the caller's transaction);
    (kind of record, how many) moved."""
    moved = []
    for link in agency_links():
        rows = link.rows(duplicate)
        if link.is_link_table:
            for others, shared in _clashing(link, duplicate, keep):
                # The record already lists the kept agency: drop the duplicate's link.
                for values in shared:
                    rows.filter(**dict(zip(others, values, strict=True))).delete()
        n = rows.update(**{link.field_name: keep})
        if n:
            moved.append((link.label, n))
    return moved
