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
from reviewdesk.audit.events import EVENT_TYPES
from reviewdesk.audit.models import AuditEvent
from reviewdesk.audit.services import record
from reviewdesk.reviews.forms import AuditFilterForm
from reviewdesk.reviews.models import IdentityEntry, Review, ReviewMembership, ReviewRole
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
        codes = form.event_codes(event_types)
        if codes is not None:
            events = events.filter(event_type__in=codes)
        if data["changes_only"]:
            events = events.exclude(event_type__in=[
                code for code, kind in EVENT_TYPES.items() if not kind.is_change])
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
    """Each event as a sentence, its people as this viewer may see them (three queries in all:
    the reviews, their registers and the people's roles on them)."""
    review_ids = {e.review_id for e in events if e.review_id}
    reviews = {r.pk: r for r in Review.objects.filter(pk__in=review_ids)}
    entries: dict[int, list[IdentityEntry]] = {pk: [] for pk in review_ids}
    for entry in IdentityEntry.objects.filter(review_id__in=review_ids):
        entries[entry.review_id].append(entry)
    access.prime_roles(viewer, list(reviews.values()))
    names = {pk: Names(r, viewer, entries=entries[pk]) for pk, r in reviews.items()}
    roles = _review_roles(events, review_ids)
    rows = []
    for event in events:
        n = names.get(event.review_id)
        if n is not None:
            review_roles = roles.get(event.review_id, {})
            actor = _with_role(n.user(event.actor), event.actor, review_roles)
            on_behalf = (_with_role(n.user(event.on_behalf_of), event.on_behalf_of, review_roles)
                         if event.on_behalf_of else "")
            reference = n.review.reference
        else:
            actor = _with_role(_outside_review(event.actor, viewer), event.actor, {})
            on_behalf = (_with_role(_outside_review(event.on_behalf_of, viewer),
                                    event.on_behalf_of, {}) if event.on_behalf_of else "")
            reference = ""
        who = f"{actor}, on behalf of {on_behalf}," if on_behalf else actor
        kind = EVENT_TYPES.get(event.event_type)
        sentence = kind.sentence(who) if kind else f"{who}: {event.event_type}"
        # Summaries hold no names by design; redacting them too guards against a slip.
        summary = n.redact(event.summary) if n is not None else event.summary
        rows.append({"event": event, "sentence": sentence, "reference": reference,
                     "summary": summary, "is_change": kind.is_change if kind else True})
    return rows


def _review_roles(events: list[AuditEvent], review_ids: set[int]) -> dict[int, dict[int, list[str]]]:
    """Each person's roles on each review the events are on, ended ones too (they held them when
    they acted): {review: {person: ["lead reviewer", …]}}."""
    people = {e.actor_id for e in events if e.actor_id} | {
        e.on_behalf_of_id for e in events if e.on_behalf_of_id}
    found: dict[int, dict[int, list[str]]] = {}
    for review_id, person_id, role in (ReviewMembership.objects
                                       .filter(review_id__in=review_ids, person_id__in=people)
                                       .order_by("role").values_list("review_id", "person_id",
                                                                     "role")):
        words = _in_a_sentence(ReviewRole(role).label)
        held = found.setdefault(review_id, {}).setdefault(person_id, [])
        if words not in held:
            held.append(words)
    return found


def _with_role(shown: str, person: User | None, review_roles: dict[int, list[str]]) -> str:
    """'Hermione Kettleworth (business manager)': the name as shown, and the person's role. A
    partnership officer's role only beside their own name: beside a pseudonym it would say who
    they are."""
    if person is None:
        return shown
    if person.role and shown == person.display_name:
        role = _in_a_sentence(person.get_role_display())
    else:
        role = " and ".join(review_roles.get(person.pk, []))
    return f"{shown} ({role})" if role and role.lower() != shown.lower() else shown


def _in_a_sentence(label: str) -> str:
    """'Business manager' as 'business manager'; 'CSPR subgroup member' as it is."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def _outside_review(person: User | None, viewer: User) -> str:
    if person is None:
        return "Review Desk"
    if access.shows_name_in_audit(viewer, person):
        return person.display_name
    return "A review participant"
