"""The 'Rapid review' section of a review's page (registered with reviews.sections).

The rapid review's readers see all of it; an agency's named contact sees only their own request;
everyone else (practitioners among them) sees nothing of it. A fixed number of queries, however
many requests, meetings or incidents there are.
"""

from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.notices.models import Notice
from reviewdesk.rapid_review.chasers import KEY_PREFIX, chase_history
from reviewdesk.rapid_review.models import RapidReviewRecord
from reviewdesk.rapid_review.selectors import (
    PLAN_KEYS,
    is_looked_after_death,
    is_open,
    notification_checklist,
    notification_missing,
    record_gaps,
    sign_off_state,
)
from reviewdesk.reviews.clocks import clock_status
from reviewdesk.reviews.models import ClockKind, Review, Stage
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.sections import Section

ORDER = 20
# The rapid review, and the decision that reads it.
STAGES = (Stage.NOTIFICATION, Stage.RAPID_REVIEW, Stage.DECISION)


def rapid_review_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    user = request.user
    if access.can(user, review, Permission.VIEW_RAPID_REVIEW):
        return Section("rapid_review/_section.html", ORDER, overview(review, names, user))
    own = list(review.summary_requests.filter(contact=user).select_related("agency"))
    if own:
        return Section("rapid_review/_section_contact.html", ORDER,
                       {"requests": own, "today": timezone.localdate(), "open": is_open(review)})
    return None


def overview(review: Review, names: Names, user: Any) -> dict[str, Any]:
    today = timezone.localdate()
    incidents = list(review.incidents.select_related("notification").prefetch_related(
        "children", "agencies"))
    panel_clocks = {c.incident_id: c for c in review.clocks.filter(
        kind=ClockKind.PANEL_NOTIFICATION)}
    notifications = []
    for incident in incidents:
        looked_after_death = is_looked_after_death(incident, list(incident.children.all()))
        items = notification_checklist(incident, getattr(incident, "notification", None),
                                       looked_after_death)
        clock = panel_clocks.get(incident.pk)
        notifications.append({
            "incident": incident, "items": items, "missing": notification_missing(items),
            "looked_after_death": looked_after_death,
            "status": clock_status(clock, today) if clock else None,
        })
    requests = list(review.summary_requests.select_related("agency", "contact"))
    history = chase_history(Notice.objects.filter(
        review=review, dedupe_key__startswith=KEY_PREFIX).values_list("dedupe_key", "created_at"))
    asked = {item.agency_id for item in requests}
    not_asked = sorted({a.name for i in incidents for a in i.agencies.all() if a.pk not in asked})
    record = RapidReviewRecord.objects.filter(review=review).first()
    return {
        "today": today, "notifications": notifications,
        "tasks": list(review.tasks.filter(key__in=PLAN_KEYS).select_related("owner")),
        "requests": [(item, history.get(item.pk, {"chased": None, "escalated": None, "count": 0}))
                     for item in requests],
        "not_asked": not_asked,
        "meetings": list(review.rapid_review_meetings.annotate(people=Count("attendees"))),
        "record": record, "missing": record_gaps(record), "open": is_open(review),
        "sign_offs": sign_off_state(review),
        "may_sign_off": access.can(user, review, Permission.SIGN_OFF_RAPID_REVIEW),
        "can_manage": access.can(user, review, Permission.MANAGE_RAPID_REVIEW),
        "can_record_notification": access.can(user, review, Permission.RECORD_NOTIFICATION),
    }
