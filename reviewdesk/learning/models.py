"""The similar-reviews search index: one row for each review, finding and recommendation, holding
only pseudonymised text (the anonymised redactor's), so a search never finds a review by a name
and a result never shows one (decision 0061: ``learning`` keeps its own search index).

PostgreSQL searches it with full-text search (a stored, GIN-indexed ``search_vector`` column
beside ``text``, migration 0003) and falls back to trigram similarity (pg_trgm); SQLite, in
development and the tests, with an FTS5 table kept in step by triggers (migration 0002)."""

from django.db import models

from reviewdesk.accounts.models import Partnership
from reviewdesk.reviews.models import Review


class SearchDocument(models.Model):
    class Kind(models.TextChoices):
        REVIEW = "review", "Review"
        FINDING = "finding", "Finding"
        RECOMMENDATION = "recommendation", "Recommendation"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The finding's or recommendation's pk (0 for the review itself) and number.
    object_id = models.PositiveIntegerField(default=0)
    number = models.PositiveIntegerField(default=0)
    # Pseudonymised: the anonymised redactor's text, never the register's names.
    text = models.TextField()
    # The themes' ids tagged on it (and, for the review, on its findings and recommendations).
    theme_ids = models.JSONField(default=list)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["review", "kind", "number", "pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "object_id", "review"],
                                               name="one_search_document_an_object")]
        indexes = [models.Index(fields=["partnership", "review"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number or ''}".strip()
