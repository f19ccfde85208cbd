"""What the report's versions ask of people (their home page items)."""

from datetime import date

from django.urls import reverse

from reviewdesk import access
from reviewdesk.accounts.models import User
from reviewdesk.reports.models import InformationRequest
from reviewdesk.reviews.models import Stage
from reviewdesk.reviews.needs import WAITING, Need


def needs(viewer: User, today: date) -> list[Need]:
    """For the business manager: each partner's regulation 14 request not yet answered, waiting
    since it was made. One query."""
    if not access.is_business_manager(viewer) or viewer.partnership_id is None:
        return []
    waiting = (InformationRequest.objects.filter(
        review__partnership_id=viewer.partnership_id, answered_on__isnull=True)
        .exclude(review__stage=Stage.CLOSED).select_related("review", "review__partnership")
        .order_by("requested_on", "pk"))
    return [Need(item.review,
                 "Answer a regulation 14 request from the "
                 f"{item.get_partner_for_display()} partner",
                 reverse("reports:answer_request", args=[item.review.uuid, item.pk]), WAITING,
                 since=item.requested_on)
            for item in waiting]
