"""Reads of confidential records are audited, structurally (docs/decisions/0024).

Every page that shows an identity a pseudonym-only reader may not see writes a *read* event: one
whose type ends in ``viewed``, ``read``, ``exported`` or ``downloaded`` (``review.viewed``,
``chronology.merged_viewed``, ``reports.original_downloaded``).

How, without a ``record()`` in every view: ``ReadAuditMiddleware`` opens a small ledger for each
request. ``Names`` (which every review page builds to render people through the identity register)
notes the review in it whenever the viewer's tier lets them see real identities; a partnership
page that names people outside a review says so with ``@audited_read``. When the response is a
200 and the view wrote no read event of its own (a richer one, such as ``register.viewed``), the
middleware writes ``page.viewed`` naming the page. A view that shows no identity although it builds
``Names`` (a polled status region) is marked ``@shows_no_identities``; the access matrix proves
both directions: a page that shows a marker must have written a read event.
"""

import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.db.models.signals import post_save
from django.http import HttpRequest, HttpResponse

from reviewdesk.audit.models import AuditEvent
from reviewdesk.audit.services import record

READ_EVENT = re.compile(r"[._](viewed|read|exported|downloaded)$")
PAGE_VIEWED = "page.viewed"


def is_read_event(event_type: str) -> bool:
    return bool(READ_EVENT.search(event_type))


@dataclass
class _Ledger:
    user: Any = None
    reviews: dict[int, tuple[Any, int]] = field(default_factory=dict)  # pk -> (review, tier)
    partnership_page: bool = False
    no_identities: bool = False
    audited: bool = False  # the view wrote a read event of its own


_ledger: ContextVar[_Ledger | None] = ContextVar("identity_reads", default=None)


def note_identities(review: Any, viewer: Any, tier: int) -> None:
    """Called by ``Names``: this request rendered the review for a signed-in person who may see
    identities (not for a notice's recipient, whose names are rendered for them)."""
    ledger = _ledger.get()
    if (ledger is not None and tier > 0 and review.pk is not None
            and getattr(viewer, "pk", None) == getattr(ledger.user, "pk", None)):
        ledger.reviews.setdefault(review.pk, (review, int(tier)))


def _note_read_event(sender: Any, instance: AuditEvent, created: bool, **kwargs: Any) -> None:
    ledger = _ledger.get()
    if ledger is not None and created and is_read_event(instance.event_type):
        ledger.audited = True


post_save.connect(_note_read_event, sender=AuditEvent, dispatch_uid="reviewdesk.reads")


View = Callable[..., HttpResponse]


def audited_read(view: View) -> View:
    """A page outside any review that names people (the partnership's people and agencies)."""
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ledger = _ledger.get()
        if ledger is not None:
            ledger.partnership_page = True
        return view(request, *args, **kwargs)

    return wrapper


def shows_no_identities(view: View) -> View:
    """A region that builds ``Names`` but shows no identity (polled while a file is checked):
    recording each poll would bury the trail. The access matrix fails if it ever shows one."""
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ledger = _ledger.get()
        if ledger is not None:
            ledger.no_identities = True
        return view(request, *args, **kwargs)

    return wrapper


class ReadAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        ledger = _Ledger(user=getattr(request, "user", None))
        token = _ledger.set(ledger)
        try:
            response = self.get_response(request)
        finally:
            _ledger.reset(token)
        user = getattr(request, "user", None)
        if (response.status_code == 200 and user is not None and user.is_authenticated
                and not ledger.audited and not ledger.no_identities
                and (ledger.reviews or ledger.partnership_page)):
            _record_page_read(request, ledger)
        return response


def _record_page_read(request: HttpRequest, ledger: _Ledger) -> None:
    match = request.resolver_match
    page = match.view_name if match else request.path
    data: dict[str, Any] = {"page": page, "method": request.method}
    review = None
    if len(ledger.reviews) == 1:
        review, tier = next(iter(ledger.reviews.values()))
        data["tier"] = tier
    elif ledger.reviews:
        # A list across reviews (the dashboard): one row naming them, not one per review.
        data["reviews"] = sorted(ledger.reviews)
    record(PAGE_VIEWED, review=review,
           summary=f"Viewed a page showing identities ({page})", data=data)
