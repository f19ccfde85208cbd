"""Names for the tests' type hints.

What Django's test client returns (a response with ``context``, ``templates`` and ``json()``) has
a name only in django-stubs; at run time it is an ordinary HttpResponse. The factory fixtures of
the root conftest (``client_for``, ``make_review``, ``today_is``) are named here too.
"""

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.test import Client
from django.utils import timezone

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as ClientResponse

    from reviewdesk.accounts.models import User
    from reviewdesk.reviews.models import Review
else:
    from django.http import HttpResponse as ClientResponse

ClientFor = Callable[["User | None"], Client]
MakeReview = Callable[..., "Review"]
TodayIs = Callable[[date], date]

__all__ = ["ClientFor", "MakeReview", "ClientResponse", "TodayIs"]


def tomorrow() -> date:
    """The day after the test's today: in the future whatever day the suite runs on (CI moves the
    clock 400 days either way)."""
    return timezone.localdate() + timedelta(days=1)
