"""Keeping the similar-reviews index in step with findings, recommendations and themes.

A derived index, not the flow: whatever app saves a finding, a recommendation or a tag, the
review's rows are rebuilt in the same transaction (so a rolled-back save leaves the index as it
was). Pseudonyms and incident summaries change rarely: the daily run rebuilds every review.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from reviewdesk.action_plan.models import Finding, Recommendation, ReviewTheme
from reviewdesk.notices.reminders import Reminder
from reviewdesk.reviews.models import Review


def _reindex(review_id: int | None) -> None:
    from reviewdesk.learning.search import index_review

    if review_id is None:
        return
    review = Review.objects.filter(pk=review_id).first()
    if review is not None:
        index_review(review)


def _saved(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _reindex(instance.review_id)


def _tags_changed(sender: type, instance: Any, action: str, **kwargs: Any) -> None:
    if action in {"post_add", "post_remove", "post_clear"} and hasattr(instance, "review_id"):
        _reindex(instance.review_id)


def connect() -> None:
    for model in (Finding, Recommendation, ReviewTheme):
        post_save.connect(_saved, sender=model, dispatch_uid=f"learning-index-{model.__name__}")
    post_delete.connect(_saved, sender=ReviewTheme, dispatch_uid="learning-index-untag")
    for through in (Finding.themes.through, Recommendation.themes.through):
        m2m_changed.connect(_tags_changed, sender=through,
                            dispatch_uid=f"learning-index-{through.__name__}")


def daily_reindex(today: date) -> Iterable[Reminder]:
    """Rebuilds the index; sends nothing."""
    from reviewdesk.learning.search import index_review

    for review in Review.objects.all().iterator():
        index_review(review)
    return []
