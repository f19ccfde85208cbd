"""The audit pages, for the business manager and the independent scrutineer.

They live here rather than in the audit app because every name on them is rendered through the
review's identity register.
"""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from reviewdesk import access
from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.audit.services import record
from reviewdesk.reviews.forms import AuditFilterForm
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.reviews.names import Names
from reviewdesk.shortcuts import login_required

PAGE_SIZE = 50


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@login_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    viewer = request.user
    if not access.may_view_audit(viewer):
        raise PermissionDenied("The audit trail is for the business manager and the scrutineer.")
    events = AuditEvent.objects.filter(partnership_id=viewer.partnership_id).select_related(
        "actor", "on_behalf_of")
    people = User.objects.filter(partnership_id=viewer.partnership_id)
    if not access.is_business_manager(viewer):
        # Staff who take part only in reviews are identified through each review's register,
        # never listed by name for the scrutineer.
        people = people.exclude(role="")
    event_types = sorted(set(AuditEvent.objects.filter(partnership_id=viewer.partnership_id)
                             .values_list("event_type", flat=True).distinct()))
    form = AuditFilterForm(people, event_types, request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["person"]:
            events = events.filter(actor=data["person"])
        if data["review"]:
            review = Review.objects.filter(partnership_id=viewer.partnership_id,
                                           reference__iexact=data["review"].strip()).first()
            events = events.filter(review_id=review.pk if review else -1)
        if data["event_type"]:
            events = events.filter(event_type=data["event_type"])
        if data["date_from"]:
            events = events.filter(occurred_at__gte=_day_start(data["date_from"]))
        if data["date_to"]:
            events = events.filter(occurred_at__lt=_day_start(data["date_to"] + timedelta(days=1)))
    page = Paginator(events.order_by("-seq"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _rows(list(page.object_list), viewer)
    record("audit.viewed", actor=viewer, summary="Viewed the audit trail",
           data={"filters": {k: str(v) for k, v in (form.cleaned_data if form.is_valid()
                                                    else {}).items() if v}})
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "reviews/audit.html", {
        "title": "Audit trail", "form": form, "page": page, "rows": rows,
        "query": query.urlencode(),
    })


def _rows(events: list[AuditEvent], viewer: User) -> list[dict]:
    """Each event with its people rendered as this viewer may see them (two queries in all)."""
    review_ids = {e.review_id for e in events if e.review_id}
    reviews = {r.pk: r for r in Review.objects.filter(pk__in=review_ids)}
    entries: dict[int, list[IdentityEntry]] = {pk: [] for pk in review_ids}
    for entry in IdentityEntry.objects.filter(review_id__in=review_ids):
        entries[entry.review_id].append(entry)
    access.prime_roles(viewer, list(reviews.values()))
    names = {pk: Names(r, viewer, entries=entries[pk]) for pk, r in reviews.items()}
    rows = []
    for event in events:
        n = names.get(event.review_id)
        if n is not None:
            actor, on_behalf = n.user(event.actor), (
                n.user(event.on_behalf_of) if event.on_behalf_of else "")
            review_label = n.title
        else:
            actor = _outside_review(event.actor, viewer)
            on_behalf = _outside_review(event.on_behalf_of, viewer) if event.on_behalf_of else ""
            review_label = ""
        # Summaries hold no names by design; redacting them too guards against a slip.
        summary = n.redact(event.summary) if n is not None else event.summary
        rows.append({"event": event, "actor": actor, "on_behalf_of": on_behalf,
                     "review": review_label, "summary": summary})
    return rows


def _outside_review(person: User | None, viewer: User) -> str:
    if person is None:
        return "Review Desk"
    if access.shows_name_in_audit(viewer, person):
        return person.display_name
    return "A review participant"
