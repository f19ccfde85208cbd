"""Pages for the rapid review. Views stay thin: access in reviewdesk.access, rules in actions.py.

Who may do what: the business manager records and changes everything; the rapid review's
readers (VIEW_RAPID_REVIEW: partners, scrutineer, subgroup, lead reviewer) read it; an agency's
named contact sees and completes only their own agency's summary request.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.audit.services import record
from reviewdesk.parallel.restrictions import topics_as_seen
from reviewdesk.rapid_review import actions, exports
from reviewdesk.rapid_review.forms import (
    AcceptForm,
    MeetingForm,
    NotificationForm,
    PanelCopyForm,
    RecordForm,
    RequestSummariesForm,
    ReturnForm,
    SignOffForm,
    StartForm,
    SummaryForm,
)
from reviewdesk.rapid_review.models import RapidReviewRecord, SummaryRequest
from reviewdesk.rapid_review.selectors import (
    PLAN_KEYS,
    is_looked_after_death,
    is_open,
    notification_checklist,
    notification_missing,
    plan_dates,
    record_gaps,
    sign_off_state,
)
from reviewdesk.reviews import transitions
from reviewdesk.reviews.forms import ShownRedacted
from reviewdesk.reviews.models import ClockKind, Review
from reviewdesk.reviews.names import Names
from reviewdesk.shortcuts import login_required, save_form


def _review(request: HttpRequest, review_uuid: str, permission: Permission) -> tuple[Review, Names]:
    """Outsiders get 404 (the review 'does not exist'); members without the permission 403."""
    review = access.get_review_for(request.user, review_uuid)
    access.require(request.user, review, permission)
    return review, Names(review, request.user)


def _page(request: HttpRequest, template: str, review: Review, names: Names, heading: str,
          **context: Any) -> HttpResponse:
    return render(request, template, {"title": f"{heading} – {names.title}", "heading": heading,
                                      "review": review, "names": names, **context})


def _form_page(request: HttpRequest, review: Review, names: Names, form: Form, heading: str,
               button: str, back_url: str = "", back_text: str = "Back to the review",
               intro: str = "") -> HttpResponse:
    """One form on the shared GOV.UK form page."""
    return render(request, "form_page.html", {
        "title": f"{heading} – {names.title}", "heading": heading, "caption": names.title,
        "form": form, "intro": intro, "button": button, "back_text": back_text,
        "back_url": back_url or reverse("reviews:review", args=[review.uuid]) + "#rapid-review"})


def _closed(request: HttpRequest, review: Review, names: Names, heading: str) -> HttpResponse:
    return _page(request, "rapid_review/closed.html", review, names, heading)


# --- Notification ------------------------------------------------------------------------------


@login_required
def notification(request: HttpRequest, review_uuid: str, incident_pk: int) -> HttpResponse:
    """The local authority's partner records the notification it submitted; the business manager
    may record it on their behalf."""
    review, names = _review(request, review_uuid, Permission.RECORD_NOTIFICATION)
    incident = get_object_or_404(review.incidents.prefetch_related("children"), pk=incident_pk)
    current = getattr(incident, "notification", None)  # None until something is recorded
    form = NotificationForm(incident, current, request.POST or None, by=request.user,
                            on_behalf=access.is_business_manager(request.user))
    if save_form(request, form, lambda data: actions.record_notification(
            incident, by=request.user, **data), "Notification recorded."):
        return redirect("reviews:review", review.uuid)
    looked_after_death = is_looked_after_death(incident)
    checklist = notification_checklist(incident, current, looked_after_death)
    return _page(request, "rapid_review/notification.html", review, names,
                 "Record the notification", form=form, incident=incident, checklist=checklist,
                 missing=notification_missing(checklist), looked_after_death=looked_after_death,
                 clock=review.clocks.filter(incident=incident,
                                           kind=ClockKind.PANEL_NOTIFICATION).first())


# --- Start, with the plan ----------------------------------------------------------------------


@login_required
def start(request: HttpRequest, review_uuid: str) -> HttpResponse:
    """Takes over 'Start the rapid review': the stage change and the plan, in one transaction."""
    review, names = _review(request, review_uuid, Permission.CHANGE_STAGE)
    access.require(request.user, review, Permission.MANAGE_RAPID_REVIEW)
    transition = transitions.TRANSITIONS["start_rapid_review"]
    form = StartForm(request.user, request.POST or None)
    if save_form(request, form, lambda data: actions.start_rapid_review(
            review, by=request.user, **data),
            f"{transition.label}: done. The plan's steps are on the review page."):
        return redirect("reviews:review", review.uuid)
    return _page(request, "rapid_review/start.html", review, names, transition.label, form=form,
                 transition=transition, unmet=transition.unmet(review), plan=plan_dates(review),
                 has_plan=review.tasks.filter(key__in=PLAN_KEYS).exists())


# --- Agency summaries -----------------------------------------------------------------------------


def _may_read_requests(user: Any, review: Review) -> bool:
    return access.can(user, review, Permission.VIEW_RAPID_REVIEW)


@login_required
@require_GET
def requests(request: HttpRequest, review_uuid: str) -> HttpResponse:
    """Every agency's request for the rapid review's readers; a named contact sees only theirs."""
    review = access.get_review_for(request.user, review_uuid)
    items = review.summary_requests.select_related("agency", "contact")
    if not _may_read_requests(request.user, review):
        items = items.filter(contact=request.user)
        if not items or access.is_practitioner_only(request.user, review):
            raise PermissionDenied("Only the rapid review's readers and agencies' named contacts "
                                   "may see summary requests.")
    names = Names(review, request.user)
    return _page(request, "rapid_review/requests.html", review, names, "Agency summaries",
                 items=list(items), today=timezone.localdate(),
                 can_manage=access.can(request.user, review, Permission.MANAGE_RAPID_REVIEW)
                 and is_open(review))


@login_required
def request_new(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = _review(request, review_uuid, Permission.MANAGE_RAPID_REVIEW)
    if not is_open(review):
        return _closed(request, review, names, "Request agency summaries")
    involved = {a.pk for i in review.incidents.prefetch_related("agencies") for a in i.agencies.all()}
    asked = set(review.summary_requests.values_list("agency_id", flat=True))
    due = next((d for step, d in plan_dates(review) if step.key == "rapid-review-agencies-reply"))
    form = RequestSummariesForm(review, involved, asked, due, request.POST or None)
    if save_form(request, form, lambda data: actions.request_summaries(
            review, by=request.user, contacts=form.chosen, due_on=data["due_on"],
            requested_on=data["requested_on"]),
            "Summaries requested. Each named contact has been sent the request."):
        return redirect("rapid_review:requests", review.uuid)
    return _page(request, "rapid_review/request_new.html", review, names,
                 "Request agency summaries", form=form)


def _request_for(request: HttpRequest, review_uuid: str, request_uuid: str
                 ) -> tuple[Review, Names, SummaryRequest]:
    """A summary request, for its named contact and the rapid review's readers only."""
    review = access.get_review_for(request.user, review_uuid)
    item = get_object_or_404(review.summary_requests.select_related("agency", "contact"),
                             uuid=request_uuid)
    if item.contact_id != request.user.pk and not _may_read_requests(request.user, review):
        raise PermissionDenied("Only the agency's named contact and the rapid review's readers may "
                               "see this request.")
    return review, Names(review, request.user), item


@login_required
def request_page(request: HttpRequest, review_uuid: str, request_uuid: str) -> HttpResponse:
    """The request: its named contact sends the summary, or the business manager records one
    the agency sent another way, with the date it was received."""
    review, names, item = _request_for(request, review_uuid, request_uuid)
    is_manager = access.can(request.user, review, Permission.MANAGE_RAPID_REVIEW)
    may_send = item.contact_id == request.user.pk or is_manager
    if request.method == "POST" and not may_send:
        raise PermissionDenied("Only the agency's named contact may send its summary.")
    # A returned summary comes back as this reader may see it; what they leave as shown is kept
    # as it was written.
    shown = ShownRedacted({"what_known": item.what_known,
                           "immediate_actions": item.immediate_actions,
                           "early_learning": item.early_learning}, names.redact)
    form = SummaryForm(request.POST or None, initial=shown.shown,
                       recording_for_agency=item.contact_id != request.user.pk)
    # The business manager may record a summary the agency sent another way: say so to them.
    sent = ("Summary sent. The business manager will check it." if item.contact_id == request.user.pk
            else f"Summary recorded on behalf of {names.user(item.contact)}. Check it, then accept "
                 "it or return it for more work.")
    if save_form(request, form, lambda data: actions.submit_summary(
            item, by=request.user, **shown.restore(data)), sent):
        return redirect("rapid_review:request", review.uuid, item.uuid)
    return _request_page(request, review, names, item, form, AcceptForm(),
                         hides_names=shown.hides_names)


def _request_page(request: HttpRequest, review: Review, names: Names, item: SummaryRequest,
                  form: Form, accept_form: Form, hides_names: bool = False) -> HttpResponse:
    """The request page, with whichever of its forms was sent back with errors."""
    is_manager = access.can(request.user, review, Permission.MANAGE_RAPID_REVIEW)
    may_send = item.contact_id == request.user.pk or is_manager
    record("rapid_review.summary_viewed", review=review,
           summary="Viewed an agency summary request", data={"request": item.pk})
    return _page(request, "rapid_review/request.html", review, names,
                 f"Agency summary: {item.agency.name}", item=item,
                 form=accept_form if accept_form.errors else form, summary_form=form,
                 accept_form=accept_form,
                 may_send=may_send and is_open(review) and item.is_open, is_manager=is_manager,
                 is_contact=item.contact_id == request.user.pk, open=is_open(review),
                 hides_names=hides_names,
                 today=timezone.localdate())


def _manage_request(request: HttpRequest, review_uuid: str, request_uuid: str
                    ) -> tuple[Review, Names, SummaryRequest]:
    review, names = _review(request, review_uuid, Permission.MANAGE_RAPID_REVIEW)
    item = get_object_or_404(review.summary_requests.select_related("agency", "contact"),
                             uuid=request_uuid)
    return review, names, item


def _act_and_return(request: HttpRequest, item: SummaryRequest, action: Callable[[], Any],
                    success: str) -> HttpResponse:
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect("rapid_review:request", item.review.uuid, item.uuid)


@login_required
@require_POST
def request_accept(request: HttpRequest, review_uuid: str, request_uuid: str) -> HttpResponse:
    """Accept the summary on the date it took effect (today unless an earlier day is given)."""
    review, names, item = _manage_request(request, review_uuid, request_uuid)
    form = AcceptForm(request.POST)
    if "accepted_on-day" not in request.POST:  # the button alone: accepted today
        form = AcceptForm(_today_parts("accepted_on"))
    if save_form(request, form, lambda data: actions.accept_summary(
            item, by=request.user, **data),
            f"{item.agency.name}'s summary accepted."):
        return redirect("rapid_review:request", review.uuid, item.uuid)
    if not form.has_error("accepted_on"):
        # Refused for a reason that is not the date (the rapid review is complete, the summary
        # not sent): said at the top of the request page, as for the other buttons.
        messages.error(request, " ".join(form.non_field_errors()))
        return redirect("rapid_review:request", review.uuid, item.uuid)
    item.refresh_from_db()
    summary_form = SummaryForm(initial={}, recording_for_agency=item.contact_id != request.user.pk)
    return _request_page(request, review, names, item, summary_form, form)


def _today_parts(name: str) -> dict[str, str]:
    today = timezone.localdate()
    return {f"{name}-day": str(today.day), f"{name}-month": str(today.month),
            f"{name}-year": str(today.year)}


@login_required
@require_POST
def request_chase(request: HttpRequest, review_uuid: str, request_uuid: str) -> HttpResponse:
    _review_, _names, item = _manage_request(request, review_uuid, request_uuid)
    return _act_and_return(request, item, lambda: actions.chase_summary(
        item, by=request.user),
        f"{item.agency.name}'s named contact has been chased.")


@login_required
def request_return(request: HttpRequest, review_uuid: str, request_uuid: str) -> HttpResponse:
    review, names, item = _manage_request(request, review_uuid, request_uuid)
    heading = f"Return {item.agency.name}'s summary for more work"
    if not is_open(review):
        return _closed(request, review, names, heading)
    form = ReturnForm(request.POST or None)
    if save_form(request, form, lambda data: actions.return_summary(
            item, by=request.user, **data),
            f"{item.agency.name}'s summary returned. The named contact has been told why."):
        return redirect("rapid_review:request", review.uuid, item.uuid)
    return _form_page(request, review, names, form, heading, "Return the summary",
                      reverse("rapid_review:request", args=[review.uuid, item.uuid]),
                      "Back to the request", intro="The named contact is told why by e-mail and "
                      "can send the summary again.")


# --- Meetings -------------------------------------------------------------------------------------


@login_required
def meeting_form(request: HttpRequest, review_uuid: str, meeting_uuid: str | None = None
                 ) -> HttpResponse:
    review, names = _review(request, review_uuid, Permission.MANAGE_RAPID_REVIEW)
    meeting = get_object_or_404(review.rapid_review_meetings, uuid=meeting_uuid) \
        if meeting_uuid else None
    heading = "Change the meeting's record" if meeting else "Record a rapid review meeting"
    if not is_open(review):
        return _closed(request, review, names, heading)
    initial = {"held_on": meeting.held_on, "attendees": list(meeting.attendees.all()),
               "other_attendees": meeting.other_attendees, "notes": meeting.notes,
               "immediate_actions": meeting.immediate_actions} if meeting else None
    form = MeetingForm(review.partnership_id, request.POST or None, initial=initial,
                       meeting=meeting)

    def save(data: dict) -> Any:
        values = data | {"attendees": list(data["attendees"])}
        if meeting is None:
            values.pop("version", None)
        return actions.record_meeting(review, by=request.user, meeting=meeting,
                                      **values)

    if save_form(request, form, save, "Meeting recorded."):
        return redirect("reviews:review", review.uuid)
    return _form_page(request, review, names, form, heading, "Save the meeting",
                      intro="Record who attended, what was discussed and the immediate actions "
                            "agreed to keep children safe. You can record several meetings.")


@login_required
@require_GET
def meeting(request: HttpRequest, review_uuid: str, meeting_uuid: str) -> HttpResponse:
    review, names = _review(request, review_uuid, Permission.VIEW_RAPID_REVIEW)
    item = get_object_or_404(review.rapid_review_meetings.prefetch_related("attendees__agency"),
                             uuid=meeting_uuid)
    record("rapid_review.meeting_viewed", review=review,
           summary="Viewed a rapid review meeting's record", data={"meeting": item.pk})
    return _page(request, "rapid_review/meeting.html", review, names,
                 f"Rapid review meeting, {item.held_on:%-d %B %Y}", meeting=item,
                 topics=topics_as_seen(review, names),
                 can_manage=access.can(request.user, review, Permission.MANAGE_RAPID_REVIEW)
                 and is_open(review))


# --- The record, the Panel copy and the exports ---------------------------------------------------


@login_required
@require_GET
def record_page(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = _review(request, review_uuid, Permission.VIEW_RAPID_REVIEW)
    item = RapidReviewRecord.objects.filter(review=review).first()
    record("rapid_review.record_viewed", review=review,
           summary="Viewed the rapid review record")
    return _page(request, "rapid_review/record.html", review, names, "Rapid review record",
                 record=item, missing=record_gaps(item),
                 meetings=review.rapid_review_meetings.all(),
                 can_manage=access.can(request.user, review, Permission.MANAGE_RAPID_REVIEW),
                 open=is_open(review), sign_offs=sign_off_state(review),
                 may_sign_off=access.can(request.user, review, Permission.SIGN_OFF_RAPID_REVIEW))


@login_required
def sign_off(request: HttpRequest, review_uuid: str) -> HttpResponse:
    """A partner signs off the rapid review record; the business manager records a partner's
    sign-off on their behalf."""
    review, names = _review(request, review_uuid, Permission.VIEW_RAPID_REVIEW)
    access.require(request.user, review, Permission.SIGN_OFF_RAPID_REVIEW)
    bm = access.is_business_manager(request.user)
    form = SignOffForm(review.partnership_id, request.POST or None, on_behalf=bm)

    def sign(data: dict[str, Any]) -> Any:
        partner_for = data.pop("partner_for", None) or request.user.partner_for
        return actions.record_sign_off(review, by=request.user, partner_for=partner_for, **data)

    if save_form(request, form, sign, "Sign-off recorded."):
        return redirect("rapid_review:record", review.uuid)
    item = RapidReviewRecord.objects.filter(review=review).first()
    state = sign_off_state(review)
    own = next((row for row in state["rows"] if row["partner_for"] == request.user.partner_for),
               None)
    record("rapid_review.sign_offs_viewed", review=review,
           summary="Viewed the partners' sign-offs of the rapid review")
    return _page(request, "rapid_review/sign_off.html", review, names,
                 "Sign off the rapid review", form=form, record=item, missing=record_gaps(item),
                 sign_offs=state, own=own, is_business_manager=bm)


@login_required
def record_edit(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = _review(request, review_uuid, Permission.MANAGE_RAPID_REVIEW)
    if not is_open(review):
        return _closed(request, review, names, "Change the rapid review record")
    item = RapidReviewRecord.objects.filter(review=review).first()
    initial = {name: getattr(item, name) for name in actions.RECORD_FIELDS} if item else None
    form = RecordForm(request.POST or None, initial=initial, record=item)
    if save_form(request, form, lambda data: actions.save_record(
            review, by=request.user, **data), "Rapid review record saved."):
        return redirect("rapid_review:record", review.uuid)
    return _page(request, "rapid_review/record_edit.html", review, names,
                 "Change the rapid review record", form=form)


@login_required
def panel_copy(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = _review(request, review_uuid, Permission.MANAGE_RAPID_REVIEW)
    form = PanelCopyForm(request.user, request.POST or None)
    if save_form(request, form, lambda data: actions.record_panel_copy(
            review, by=request.user, **data),
            "Recorded: the copy of the rapid review was sent to the Panel."):
        return redirect("reviews:review", review.uuid)
    item = RapidReviewRecord.objects.filter(review=review).first()
    return _page(request, "rapid_review/panel_copy.html", review, names,
                 "Record the copy sent to the Panel", form=form, record=item,
                 missing=record_gaps(item))


def _export(request: HttpRequest, review_uuid: str, fmt: str) -> HttpResponse:
    review, _names = _review(request, review_uuid, Permission.VIEW_RAPID_REVIEW)
    document = exports.build(review)
    content, content_type = (
        (exports.to_pdf(document), "application/pdf") if fmt == "pdf" else
        (exports.to_docx(document), "application/vnd.openxmlformats-officedocument."
                                    "wordprocessingml.document"))
    actions.record_export(review, by=request.user, fmt=fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="rapid-review-{review.reference}.{fmt}"'
    return response


@login_required
@require_GET
def export_docx(request: HttpRequest, review_uuid: str) -> HttpResponse:
    return _export(request, review_uuid, "docx")


@login_required
@require_GET
def export_pdf(request: HttpRequest, review_uuid: str) -> HttpResponse:
    return _export(request, review_uuid, "pdf")
