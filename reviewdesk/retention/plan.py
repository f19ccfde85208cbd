"""What erasing a closed review removes and what it keeps, worked out from the models.

Every model whose rows belong to a review (a foreign key to the review, or to a row that belongs
to one) is either kept, with its free text as the public sees it (every identity that is not
public replaced by its pseudonym), or removed. The kept ones are named here with why; everything
else goes. So a model added later is removed unless someone decides it must be kept: erasure
never leaves a new kind of record behind by oversight (tests/test_retention.py checks the plan).
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db import models

# Model label -> why the partnership keeps it after erasure.
KEPT: dict[str, str] = {
    "reviews.Review": "the review itself: its reference, kind, stage and dates",
    "reviews.IdentityEntry": "the pseudonyms, which the audit trail and the kept records use; "
                             "real names, aliases, dates of birth and sign-ins are removed",
    "reviews.Incident": "what happened and when, in pseudonyms",
    "reviews.IncidentChild": "the children, by pseudonym, and whether they were looked after; "
                             "their other details are removed",
    "reviews.Clock": "the statutory deadlines and whether they were met",
    "reviews.TimelineEntry": "the review's history, stage by stage, in pseudonyms",
    "publication.Publication": "the published report (already anonymised for publication)",
    "publication.RepositoryDeposit": "the report's deposit in the national repository",
    "action_plan.Finding": "the anonymised learning: findings",
    "action_plan.Recommendation": "the anonymised learning: recommendations",
    "action_plan.ReviewTheme": "the anonymised learning: themes, for learning across reviews",
    "action_plan.Action": "the action plan, in pseudonyms",
    "action_plan.ActionUpdate": "progress and impact on each action, in pseudonyms",
    "action_plan.DueDateRevision": "changes to actions' due dates, in pseudonyms",
    "action_plan.PlanMeeting": "the subgroup's monitoring meetings, in pseudonyms",
    "action_plan.ActionsStatement": "the published statement of actions taken",
    "action_plan.BriefingDocument": "the learning briefing",
    "retention.LegalHold": "the holds placed on the review, in pseudonyms",
    "retention.Erasure": "the record of this erasure",
}


# Kept models' fields that identify someone whatever the redactor finds in them: emptied.
EMPTIED: dict[str, dict[str, object]] = {
    "reviews.IncidentChild": {"sex": "", "legal_status": "", "first_language": "",
                              "interpreter_needed": None},
}


@dataclass(frozen=True)
class Step:
    model: type[models.Model]
    path: str  # the lookup from the model to its review ("submission__review")

    @property
    def label(self) -> str:
        return self.model._meta.label


def _links(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.is_relation and f.many_to_one
            or f.one_to_one and f.concrete and not getattr(f, "parent_link", False)]


@cache
def belonging() -> dict[type[models.Model], str]:
    """Every model whose rows belong to a review -> the shortest lookup to it."""
    from reviewdesk.reviews.models import Review

    paths: dict[type[models.Model], str] = {Review: ""}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in paths or model._meta.proxy:
                continue
            # A link that may be empty finds only some rows: a required one, if any, finds all.
            found = [(f.null, f.name if f.related_model is Review
                      else f"{f.name}__{paths[f.related_model]}")
                     for f in _links(model) if f.related_model in paths
                     and f.related_model is not model]
            if found:
                paths[model] = min(found, key=lambda f: (f[0], f[1].count("__"), f[1]))[1]
                changed = True
    return paths


def kept() -> list[Step]:
    return [Step(m, p) for m, p in belonging().items() if m._meta.label in KEPT]


@cache
def removed() -> list[Step]:
    """The models erased, in an order that deletes each row before any row it points to (a
    model's links to itself are cleared first, in ``links_to_clear``)."""
    paths = belonging()
    gone = {m for m in paths if m._meta.label not in KEPT}
    # model -> the removed models pointing to it, which must go first
    needs: dict[type[models.Model], set] = defaultdict(set)
    for model in gone:
        for field in _links(model):
            if field.related_model in gone and field.related_model is not model:
                needs[field.related_model].add(model)
    order: list[type[models.Model]] = []
    waiting = set(gone)
    while waiting:
        ready = sorted((m for m in waiting if not (needs[m] & waiting)),
                       key=lambda m: m._meta.label)
        if not ready:
            raise RuntimeError("The models to erase point to each other in a circle: "
                               f"{sorted(m._meta.label for m in waiting)}")
        order += ready
        waiting -= set(ready)
    return [Step(m, paths[m]) for m in order]


def links_to_clear(model: type[models.Model]) -> list[str]:
    """Links cleared before anything goes: a kept model's to removed rows (it must not point to
    what is gone), and a removed model's to its own kind (one row of it may point to another)."""
    gone = {s.model for s in removed()}
    if model in gone:
        return [f.name for f in _links(model) if f.null and f.related_model is model]
    return [f.name for f in _links(model) if f.null and f.related_model in gone]


def file_fields(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def text_fields(model: type[models.Model]) -> list[str]:
    """A kept model's free text: what is put as the public sees it before the register goes."""
    return [f.name for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices
            and not isinstance(f, models.SlugField | models.EmailField | models.URLField)
            and not f.unique]
