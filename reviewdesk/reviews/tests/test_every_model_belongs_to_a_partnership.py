"""Every model of Review Desk's apps belongs to one partnership: it holds the partnership itself,
or a required link to a parent that does (its review, its submission, its draft check…).

A new model that forgets its partnership fails here, before one partnership's record can be shown
to another's people: access.py scopes every list by partnership or by review.
"""

from django.apps import apps
from django.db import models

from reviewdesk.accounts.models import Partnership

# Truly installation-wide, each with the reason. Nothing else may join this list lightly.
INSTALLATION_WIDE = {
    # The partnership itself.
    "accounts.Partnership": "it is the partnership",
    # A lead reviewer from outside may have no partnership; what they see comes from their
    # memberships of reviews, each of which belongs to one partnership (access.reviews_visible_to).
    "accounts.User": "an outside lead reviewer has no partnership; access comes from memberships",
    # The audit trail keeps one hash chain per partnership and a system chain for events that
    # belong to none (sign-in attempts by unknown addresses); partnership_id is a plain number,
    # not a key, so no deletion can break a chain. Audit pages filter by it (audit_views).
    "audit.AuditEvent": "per-partnership chains plus the system chain; partnership_id is a number",
    "audit.AuditHead": "the head of each chain, one per partnership and the system",
}


def project_models() -> list[type[models.Model]]:
    return [model for config in apps.get_app_configs() if config.name.startswith("reviewdesk.")
            for model in config.get_models()]


def required_parents(model: type[models.Model]) -> list[type[models.Model]]:
    """The models this one cannot exist without (non-null foreign keys and one-to-ones)."""
    return [field.related_model for field in model._meta.fields
            if (field.many_to_one or field.one_to_one) and not field.null
            and isinstance(field.related_model, type)]


def path_to_partnership(model: type[models.Model], seen: frozenset = frozenset()) -> list[str] | None:
    """The chain of required links from the model to its partnership, e.g.
    ``['chronology.AnonymisedText', 'chronology.Entry', 'reviews.Review', 'accounts.Partnership']``,
    or None where there is none."""
    label = model._meta.label
    if model is Partnership:
        return [label]
    if label in seen:
        return None
    for parent in required_parents(model):
        if parent._meta.label in INSTALLATION_WIDE and parent is not Partnership:
            continue  # a required person does not make a record the partnership's
        path = path_to_partnership(parent, seen | {label})
        if path:
            return [label, *path]
    return None


def test_the_project_has_models_to_check() -> None:
    labels = {m._meta.label for m in project_models()}
    # The test would pass vacuously if app discovery broke.
    assert {"reviews.Review", "chronology.Entry", "commissioning.TermsOfReferenceShare"} <= labels


def test_every_model_belongs_to_a_partnership_directly_or_through_a_parent() -> None:
    orphans = [m._meta.label for m in project_models()
               if m._meta.label not in INSTALLATION_WIDE and path_to_partnership(m) is None]
    assert not orphans, (
        f"These models belong to no partnership: {orphans}. Give each a required link to its "
        "review (or another parent that has one), or, if it truly serves the whole installation, "
        "list it in INSTALLATION_WIDE with the reason.")


def test_the_installation_wide_list_names_only_real_models() -> None:
    labels = {m._meta.label for m in project_models()}
    assert set(INSTALLATION_WIDE) <= labels


def test_a_chain_follows_required_links_only() -> None:
    share = apps.get_model("commissioning", "TermsOfReferenceShare")
    assert path_to_partnership(share) == ["commissioning.TermsOfReferenceShare",
                                          "commissioning.TermsOfReference", "reviews.Review",
                                          "accounts.Partnership"]
    # A model linked only to a person (nullable partnership) has no chain.
    assert path_to_partnership(apps.get_model("accounts", "User")) is None
