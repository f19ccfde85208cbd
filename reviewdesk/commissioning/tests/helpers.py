"""Helpers shared by the commissioning tests."""

import html
import re
from datetime import date

from reviewdesk.accounts.models import User
from reviewdesk.reviews import transitions
from reviewdesk.reviews.models import Review, ReviewKind
from reviewdesk.testing import ClientResponse

DECIDED_ON = date(2026, 3, 31)
ROUTE = [("start_rapid_review", date(2026, 3, 4)), ("complete_rapid_review", date(2026, 3, 20)),
         ("initiate_review", DECIDED_ON), ("complete_commissioning", date(2026, 4, 15)),
         ("complete_set_up", date(2026, 5, 1)), ("start_chronology", date(2026, 5, 15))]
REACHES = {"commissioning": 3, "set_up": 4, "informing_staff": 5, "chronology": 6}


def walk(review: Review, by: User, stage: str, kind: str = ReviewKind.LOCAL_CSPR) -> Review:
    with transitions.requirements_suspended():
        for name, day in ROUTE[:REACHES[stage]]:
            extra = {"kind": kind, "reason": "Criteria met."} if name == "initiate_review" else {}
            review = transitions.FUNCTIONS[name](review, by=by, effective_on=day, **extra)
    review.refresh_from_db()
    assert review.stage == stage
    return review


def text(response: ClientResponse) -> str:
    return html.unescape(response.content.decode())


def date_fields(name: str, day: date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month),
            f"{name}-year": str(day.year)}


def tag_count(page: str, label: str) -> int:
    """How many GOV.UK tags on the page say exactly this."""
    return len(re.findall(r'class="govuk-tag[^"]*">\s*' + re.escape(label) + r"\s*</strong>", page))
