"""Filling in notice templates: Django's template language, autoescape off (plain-text e-mail)."""

from typing import Any

from django.conf import settings
from django.template import Context, Engine

from reviewdesk.reviews.models import IdentityEntry

_engine = Engine(autoescape=False)


def render_text(source: str, context: dict[str, Any]) -> str:
    return _engine.from_string(source).render(Context(context, autoescape=False)).strip()


def review_context(review: Any) -> dict[str, Any]:
    """What every review notice may say: never a real identity (see models.py)."""
    children = [e.pseudonym for e in review.identities.filter(kind=IdentityEntry.Kind.CHILD)]
    return {
        "partnership": review.partnership.name,
        "review_reference": review.reference,
        "review_kind": review.get_kind_display(),
        "review_stage": review.get_stage_display(),
        "children": ", ".join(children) or "the child",
        "business_unit_email": review.partnership.business_unit_email,
        "site_url": settings.SITE_URL,
    }
