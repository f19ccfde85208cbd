from django.conf import settings
from django.db import models

from reviewdesk.reviews.models import Review


class LegalHold(models.Model):
    """A hold on a review's erasure (litigation, an inquest, a police investigation, a request
    from the Panel), placed by the business manager with a reason; lifted, never deleted."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="legal_holds")
    reason = models.TextField()
    placed_on = models.DateField(help_text="The day the hold took effect")
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    placed_at = models.DateTimeField(auto_now_add=True)
    lifted_on = models.DateField(null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["placed_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["review"],
                                               condition=models.Q(lifted_on__isnull=True),
                                               name="one_active_legal_hold")]

    def __str__(self) -> str:
        # No reason here: it may name people (pages show it through the redactor).
        return f"Legal hold from {self.placed_on:%d %b %Y}"

    @property
    def active(self) -> bool:
        return self.lifted_on is None


class Erasure(models.Model):
    """The record that a closed review's personal data was erased: when, by whom, and how many
    records of each kind were removed (counts only: nothing that was erased)."""

    review = models.OneToOneField(Review, on_delete=models.PROTECT, related_name="erasure")
    erased_on = models.DateField()
    erased_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    counts = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"Erased on {self.erased_on:%d %b %Y}"
