"""Every change this app makes, audited, with the effective date and on whose behalf.

The public site makes one change: it takes a request for a report. The person asking is not
signed in, so the audit event is the system's own (and carries no address: the rate limit keeps
only a keyed hash of it)."""

import hmac
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from hashlib import sha256

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from reviewdesk.audit import context as audit_context
from reviewdesk.audit.services import record
from reviewdesk.lib.workingdays import add_working_days
from reviewdesk.notices import guards
from reviewdesk.notices.actions import queue_from_template
from reviewdesk.public_site import notices, selectors
from reviewdesk.publication.models import Publication, ReportRequest

# At most this many requests from one address in the window; then the form says when to try
# again. Enough for a family or an office sharing an address, too few to flood the business unit.
REQUESTS_PER_ADDRESS = 5
RATE_WINDOW = timedelta(hours=1)


class TooManyRequests(ValidationError):
    """The address has sent ``REQUESTS_PER_ADDRESS`` requests in the last hour."""

    def __init__(self, retry_at: datetime):
        self.retry_at = retry_at
        local = timezone.localtime(retry_at)
        super().__init__(
            f"You have sent {REQUESTS_PER_ADDRESS} requests in the last hour, the most we take "
            f"from one address. Try again after {local:%H:%M} on {local.day} {local:%B %Y}.")


def hash_address(address: str | None) -> str:
    """A keyed hash of the client's address: the same address gives the same hash, and the
    address cannot be read back from it or guessed without the key."""
    key = f"reviewdesk.public_site request address:{settings.SECRET_KEY}".encode()
    return hmac.new(key, (address or "unknown").encode(), sha256).hexdigest()


def due_on(publication: Publication, received_on: date) -> date:
    """When the partnership will answer: its number of working days after the request arrives,
    with England's bank holidays."""
    return add_working_days(received_on, publication.review.partnership.request_working_days)


def retry_at(client_hash: str) -> datetime | None:
    """When an address that has used up its requests may send another; None if it may now."""
    since = timezone.now() - RATE_WINDOW
    recent = list(ReportRequest.objects.filter(client_hash=client_hash, received_at__gt=since)
                  .order_by("received_at").values_list("received_at", flat=True))
    if len(recent) < REQUESTS_PER_ADDRESS:
        return None
    # The oldest one that still counts leaves the window first.
    return recent[len(recent) - REQUESTS_PER_ADDRESS] + RATE_WINDOW


@dataclass(frozen=True)
class Received:
    request: ReportRequest
    acknowledged: bool  # False when a notice guard (advice of no contact) stopped the e-mail


@transaction.atomic
def take_request(publication: Publication, *, name: str, email: str, reason: str = "",
                 client_hash: str, on: date | None = None) -> Received:
    """Log a member of the public's request for a report (published or available on request),
    received ``on`` (today by default; the demo and the staff side may give an earlier day), due
    ``partnership.request_working_days`` working days after it; acknowledge it to them and tell
    the business unit. Refused (``TooManyRequests``) once the address has sent
    ``REQUESTS_PER_ADDRESS`` in the last hour."""
    publication = Publication.objects.select_for_update().select_related(
        "review", "review__partnership").get(pk=publication.pk)
    if publication.state not in selectors.REQUESTABLE:
        raise ValidationError(f"'{publication.title}' cannot be requested: it is "
                              f"{publication.get_state_display().lower()}.")
    today = timezone.localdate()
    received_on = on or today
    if received_on > today:
        raise ValidationError({"on": "The day a request was received cannot be in the future."})
    when = retry_at(client_hash)
    if when is not None:
        raise TooManyRequests(when)
    request = ReportRequest.objects.create(
        publication=publication, name=name.strip(), email=email.strip(), reason=reason.strip(),
        received_on=received_on, due_on=due_on(publication, received_on),
        client_hash=client_hash)
    review = publication.review
    extra = {"title": publication.title, "received_on": _day(received_on),
             "due_on": _day(request.due_on)}
    acknowledged = True
    with audit_context.as_system("the public request form"):
        try:
            queue_from_template(review, notices.ACKNOWLEDGEMENT,
                                dedupe_key=f"report_request:{request.uuid}:acknowledgement",
                                recipient_label="The person who asked for the report",
                                recipients=[request.email], extra=extra)
        except guards.NoticeRefused:
            # Advice of no contact with this address: the business unit sees the request in the
            # log and decides how to answer.
            acknowledged = False
        queue_from_template(review, notices.RECEIVED,
                            dedupe_key=f"report_request:{request.uuid}:business_unit",
                            recipient_label="The business unit",
                            recipients=[review.partnership.business_unit_email], extra=extra)
        record("public_site.request_received", review=review,
               summary=f"A request for the report '{publication.title}' was received",
               data={"effective_on": received_on.isoformat(), "request": str(request.uuid),
                     "publication": publication.slug, "due_on": request.due_on.isoformat(),
                     "acknowledged": acknowledged})
    return Received(request, acknowledged)


def _day(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"
