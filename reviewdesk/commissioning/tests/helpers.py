"""Helpers shared by the commissioning tests."""

import html
import re
from datetime import date

from reviewdesk.accounts.models import User
from reviewdesk.commissioning import testing
from reviewdesk.reviews.models import Review, ReviewKind
from reviewdesk.testing import ClientResponse

DECIDED_ON = testing.DAYS["initiate_review"]


def walk(review: Review, by: User, stage: str, kind: str = ReviewKind.LOCAL_CSPR) -> Review:
    """The review taken to ``stage`` through every requirement on the way."""
    return testing.walk(review, by, stage, kind=kind)


def text(response: ClientResponse) -> str:
    return html.unescape(response.content.decode())


def date_fields(name: str, day: date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month),
            f"{name}-year": str(day.year)}


def tag_count(page: str, label: str) -> int:
    """How many GOV.UK tags on the page say exactly this."""
    return len(re.findall(r'class="govuk-tag[^"]*">\s*' + re.escape(label) + r"\s*</strong>", page))
