"""The partners' decision on a rapid review (DESIGN.md §2, stage 3).

Each of the three safeguarding partners records their own decision with reasons. When all three
agree, that is the outcome; when they do not, the independent scrutineer's final decision is.
The National Panel's response on a national review is recorded beside them.
"""

from django.conf import settings
from django.db import models

from reviewdesk.accounts.models import PartnerFor, User
from reviewdesk.reviews.models import Review, ReviewKind


class Outcome(models.TextChoices):
    LOCAL_CSPR = "local_cspr", "Local child safeguarding practice review"
    LEARNING_REVIEW = "learning_review", "Local learning review / 'near miss'"
    OTHER_LEARNING = "other_learning", "Other learning activity"
    NO_REVIEW = "no_review", "No review"


# The kind of review each outcome starts (no review closes the case instead).
OUTCOME_KIND = {
    Outcome.LOCAL_CSPR: ReviewKind.LOCAL_CSPR,
    Outcome.LEARNING_REVIEW: ReviewKind.LEARNING_REVIEW,
    Outcome.OTHER_LEARNING: ReviewKind.OTHER_LEARNING,
}


class CriteriaView(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNCLEAR = "unclear", "Unclear"


class SubgroupView(models.TextChoices):
    RECOMMENDED = "recommended", "Yes, it recommended a review"
    NOT_RECOMMENDED = "not_recommended", "No, it did not recommend a review"
    NO_RECOMMENDATION = "no_recommendation", "It made no recommendation"


class PartnerDecision(models.Model):
    """One safeguarding partner's decision on one review. Each partner decides once."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="partner_decisions")
    partner_for = models.CharField("partner", max_length=20, choices=PartnerFor.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    reasons = models.TextField()
    meets_criteria = models.CharField(
        "meets the criteria for a CSPR, in this partner's view", max_length=10,
        choices=CriteriaView.choices)
    subgroup_recommended = models.CharField(
        "whether the CSPR subgroup recommended a review", max_length=20,
        choices=SubgroupView.choices)
    lines_of_enquiry = models.TextField("suggested initial lines of enquiry", blank=True)
    methodology = models.TextField("suggested methodology", blank=True)
    decided_on = models.DateField(help_text="The date the decision took effect")
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    on_behalf_of = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["review", "partner_for"]
        constraints = [
            models.UniqueConstraint(fields=["review", "partner_for"],
                                    name="one_decision_per_partner"),
        ]

    def __str__(self) -> str:
        return f"{self.get_partner_for_display()}: {self.get_outcome_display()}"

    @property
    def decided_by(self) -> User:
        """The partner whose decision it is (the business unit may have typed it)."""
        return self.on_behalf_of or self.recorded_by


class Escalation(models.Model):
    """The partners disagreed: the independent scrutineer makes the final decision."""

    review = models.OneToOneField(Review, on_delete=models.PROTECT,
                                  related_name="decision_escalation")
    opened_on = models.DateField(help_text="The date the last partner's decision took effect")
    opened_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Escalation on {self.review}"


class DecisionOutcome(models.Model):
    """What was decided: by the three partners in agreement, or by the independent scrutineer."""

    class Route(models.TextChoices):
        AGREEMENT = "agreement", "The three safeguarding partners, in agreement"
        SCRUTINEER = "scrutineer", "The independent scrutineer, after the partners disagreed"

    review = models.OneToOneField(Review, on_delete=models.PROTECT,
                                  related_name="decision_outcome")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    route = models.CharField(max_length=20, choices=Route.choices)
    decided_on = models.DateField()
    reasons = models.TextField()
    # The scrutineer's own suggestions (the partners' are on their decisions).
    lines_of_enquiry = models.TextField("initial lines of enquiry", blank=True)
    methodology = models.TextField(blank=True)
    review_kind = models.CharField(
        max_length=20, choices=ReviewKind.choices, blank=True,
        help_text="The kind of review it started; empty when no review is held")
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    on_behalf_of = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return self.get_outcome_display()


class PanelResponse(models.Model):
    """The National Child Safeguarding Practice Review Panel's response on a national review."""

    class Decision(models.TextChoices):
        NATIONAL = "national", "A national review by the Panel"
        LOCAL = "local", "A local review"
        NO_REVIEW = "no_review", "No review"

    review = models.OneToOneField(Review, on_delete=models.PROTECT, related_name="panel_response")
    received_on = models.DateField("date received")
    panel_decision = models.CharField("the Panel's decision", max_length=20,
                                      choices=Decision.choices)
    notes = models.TextField("the Panel's reasons, and notes")
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    on_behalf_of = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return self.get_panel_decision_display()
