"""Meetings with staff: the organiser's pages (the business manager and the review's lead
reviewer(s), ``Permission.MANAGE_MEETINGS``) and the invitee's own (``ACT_AS_PRACTITIONER``,
their own invitation only: anyone else's is 404, as if it did not exist).

The organiser's pages name the invitees (they see staff identities) and are audited as reads;
the invitee's page names nobody but them. Every free text goes through the viewer's redactor.
"""

from typing import Any, cast

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.audit.services import record
from reviewdesk.meetings import actions, selectors
from reviewdesk.meetings.calendar import uk_time
from reviewdesk.meetings.forms import (
    AnswerForm,
    AttendanceForm,
    CancelForm,
    InviteForm,
    MeetingForm,
    NewMeetingForm,
)
from reviewdesk.parallel.restrictions import topics_as_seen
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.pages import review_for
from reviewdesk.reviews.sections import Section
from reviewdesk.shortcuts import form_page, login_required, run_action, save_form
from reviewdesk.staff.models import Invitation, Meeting, Practitioner


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # signed in (login_required)


def _meeting(request: HttpRequest, review: Review, pk: int) -> Meeting:
    found = selectors.meeting_of(review, pk, selectors.kinds_for(_user(request), review))
    if found is None:
        raise Http404("No such meeting on this review")
    found.review = review
    return found


def _label(names: Names) -> Any:
    def label(p: Practitioner) -> str:
        return f"{names.entry_with_label(p.identity)}, {p.job_title}, {p.agency.name}"
    return label


def _back(review: Review, meeting: Meeting | None = None) -> tuple[str, str]:
    if meeting is None:
        return reverse("meetings:list", args=[review.uuid]), "Back to meetings with staff"
    return reverse("meetings:meeting", args=[review.uuid, meeting.pk]), "Back to the meeting"


def _organiser(request: HttpRequest, review_uuid: str) -> tuple[Review, Names]:
    review, names = review_for(request, review_uuid, Permission.MANAGE_MEETINGS)
    return cast(Review, review), cast(Names, names)


@login_required
@require_GET
def meetings(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = _organiser(request, review_uuid)
    found = selectors.meetings_of(review, selectors.kinds_for(_user(request), review))
    record("meetings.meeting_viewed", review=review, summary="Read the review's meetings with staff")
    return render(request, "meetings/list.html", {
        "title": f"Meetings with staff – {names.title}", "review": review, "names": names,
        "now": timezone.now(),
        "rows": [{"meeting": m, "when": uk_time(m), "answers": selectors.answers(m)}
                 for m in found],
    })


@login_required
def schedule(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = _organiser(request, review_uuid)
    form = NewMeetingForm(selectors.practitioners_to_invite(review), _label(names),
                          request.POST or None)
    made: list[Meeting] = []

    def save(data: dict) -> None:
        made.append(actions.schedule_meeting(
            review, kind=data["kind"], title=data["title"], starts_at=data["starts_at"],
            ends_at=data["ends_at"], place=data["place"], agenda=data["agenda"],
            invitees=list(data["invitees"]), by=_user(request)))

    if save_form(request, form, save, "The meeting is diarised. Each invitee is sent their own "
                                      "calendar invitation."):
        return redirect("meetings:meeting", review.uuid, made[0].pk)
    back_url, back_text = _back(review)
    return form_page(request, form, heading="Diarise a learning event or briefing",
                     button="Diarise and send invitations", caption=names.title,
                     back_url=back_url, back_text=back_text,
                     intro="Each practitioner invited gets a calendar invitation naming only "
                           "them, and answers in Review Desk.",
                     template="meetings/form.html",
                     context={"topics": topics_as_seen(review, names), "review": review})


@login_required
@require_GET
def meeting(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names = _organiser(request, review_uuid)
    found = _meeting(request, review, pk)
    # The invitees' names and their answers: reading them is recorded.
    record("meetings.meeting_viewed", review=review, summary="Read a meeting with staff",
           data={"meeting": found.pk})
    invitations: list[Invitation] = getattr(found, "current", [])
    return render(request, "meetings/meeting.html", {
        "title": f"{names.redact(found.title)} – {names.title}", "review": review,
        "may_open_review": access.can(_user(request), review, Permission.VIEW),
        "names": names, "meeting": found, "when": uk_time(found),
        "invitations": invitations, "answers": selectors.answers(found),
        "topics": topics_as_seen(review, names),
        "withdrawn": list(found.invitations.filter(withdrawn_at__isnull=False).select_related(
            "person", "practitioner__identity")),
        "may_record_attendance": selectors.may_record_attendance(found),
        "may_invite": found.cancelled_at is None and bool(
            selectors.practitioners_to_invite(review, found)),
        "recorded_by": names.user(found.recorded_by),
        "on_behalf_of": names.user(found.on_behalf_of) if found.on_behalf_of else "",
    })


@login_required
def change(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names = _organiser(request, review_uuid)
    found = _meeting(request, review, pk)
    if found.cancelled_at is not None:
        raise Http404("This meeting is cancelled")
    form = MeetingForm(request.POST or None, meeting=found)

    def save(data: dict) -> Any:
        return actions.change_meeting(
            found, by=_user(request), version=data.get("version"), title=data["title"],
            starts_at=data["starts_at"], ends_at=data["ends_at"], place=data["place"],
            agenda=data["agenda"])

    if save_form(request, form, save, "Saved. Each invitee is sent the change as an update to "
                                      "their calendar (nothing is sent if nothing changed)."):
        return redirect("meetings:meeting", review.uuid, found.pk)
    back_url, back_text = _back(review, found)
    return form_page(request, form, heading=f"Change {names.redact(found.title)}", button="Save "
                     "and send the update", caption=names.title, back_url=back_url,
                     back_text=back_text, template="meetings/form.html",
                     context={"topics": topics_as_seen(review, names), "review": review})


@login_required
def cancel(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names = _organiser(request, review_uuid)
    found = _meeting(request, review, pk)
    if found.cancelled_at is not None:
        raise Http404("This meeting is cancelled already")
    form = CancelForm(request.POST or None)
    if save_form(request, form, lambda data: actions.cancel_meeting(
            found, by=_user(request), reason=data["reason"]),
            "The meeting is cancelled. Each invitee is sent a cancellation for their calendar."):
        return redirect("meetings:meeting", review.uuid, found.pk)
    back_url, back_text = _back(review, found)
    return form_page(request, form, heading=f"Cancel {names.redact(found.title)}",
                     button="Cancel the meeting", caption=names.title, back_url=back_url,
                     back_text=back_text, warning=True,
                     intro=f"{uk_time(found)}. Every invitee is sent a cancellation that removes "
                           f"it from their calendar. This cannot be undone.")


@login_required
def invite(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names = _organiser(request, review_uuid)
    found = _meeting(request, review, pk)
    if found.cancelled_at is not None:
        raise Http404("This meeting is cancelled")
    form = InviteForm(selectors.practitioners_to_invite(review, found), _label(names),
                      request.POST or None)
    if save_form(request, form, lambda data: actions.invite(
            found, list(data["invitees"]), by=_user(request)),
            lambda made: f"Invited {len(made)}: each is sent their own calendar invitation."):
        return redirect("meetings:meeting", review.uuid, found.pk)
    back_url, back_text = _back(review, found)
    return form_page(request, form, heading=f"Invite practitioners to {names.redact(found.title)}",
                     button="Invite", caption=names.title, back_url=back_url,
                     back_text=back_text,
                     intro="The review's practitioners not yet invited. Each invitation names "
                           "only its recipient.")


@login_required
@require_POST
def uninvite(request: HttpRequest, review_uuid: str, pk: int, invitation_id: int) -> HttpResponse:
    review, _names = _organiser(request, review_uuid)
    found = _meeting(request, review, pk)
    invitation = next((i for i in getattr(found, "current", []) if i.pk == invitation_id), None)
    if invitation is None:
        raise Http404("No such invitation")
    run_action(request, lambda: actions.uninvite(invitation, by=_user(request)),
               "The invitation is withdrawn: they are sent a cancellation for their calendar.")
    return redirect("meetings:meeting", review.uuid, found.pk)


@login_required
def attendance(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names = _organiser(request, review_uuid)
    found = _meeting(request, review, pk)
    invitations: list[Invitation] = getattr(found, "current", [])
    choices = [(i.pk, _invitee(i, names)) for i in invitations]
    initial = {"attended": [i.pk for i in invitations if i.attended]}
    form = AttendanceForm(choices, request.POST or None, initial=initial)

    def save(data: dict) -> Any:
        return actions.record_attendance(found, [int(v) for v in data["attended"]],
                                         by=_user(request), on=data["on"])

    if save_form(request, form, save, "Attendance is recorded."):
        return redirect("meetings:meeting", review.uuid, found.pk)
    back_url, back_text = _back(review, found)
    intro = (f"{uk_time(found)}." if selectors.may_record_attendance(found) else
             f"{uk_time(found)}. Attendance can be recorded from the day of the meeting.")
    return form_page(request, form, heading=f"Who came to {names.redact(found.title)}",
                     button="Record attendance", caption=names.title, back_url=back_url,
                     back_text=back_text, intro=intro)


def _invitee(invitation: Invitation, names: Names) -> str:
    if invitation.practitioner_id and invitation.practitioner:
        return names.entry_with_label(invitation.practitioner.identity)
    return names.user(invitation.person)


# --- The invitee's own invitation ------------------------------------------------------------------

def _own(request: HttpRequest, review_uuid: str, pk: int) -> tuple[Review, Names, Invitation]:
    user = _user(request)
    briefing = selectors.own_briefing_invitation(user, review_uuid, pk)
    if briefing is not None:
        # Wider staff invited to a briefing have no part in the review: their own invitation
        # is all of it they may open, with names as a reader with no part sees them.
        review = briefing.meeting.review
        return review, Names(review, user), briefing
    review, names = review_for(request, review_uuid, Permission.ACT_AS_PRACTITIONER)
    invitation = selectors.own_invitation(user, review, pk)
    if invitation is None or not access.is_invitee(user, invitation):
        raise Http404("No such invitation")
    invitation.meeting.review = review
    return review, names, invitation


def _render_invitation(request: HttpRequest, review: Review, names: Names,
                       invitation: Invitation, form: AnswerForm | None = None) -> HttpResponse:
    found = invitation.meeting
    stands = invitation.withdrawn_at is None and found.cancelled_at is None
    # Their note is not put back in the box: free text is shown only through the reader's
    # redactor (the summary above shows it so), and a redacted copy must not be saved over it.
    initial = {"response": invitation.response}
    return render(request, "meetings/invitation.html", {
        "title": f"{names.redact(found.title)} – {names.title}", "review": review,
        "may_open_review": access.can(_user(request), review, Permission.VIEW),
        "names": names, "invitation": invitation, "meeting": found, "when": uk_time(found),
        "stands": stands, "topics": topics_as_seen(review, names),
        # A conversation's date was agreed on the conversation's own page: nothing to answer.
        "form": form or (AnswerForm(initial=initial) if stands and found.ends_at > timezone.now()
                         and found.kind != Meeting.Kind.CONVERSATION else None),
    })


@login_required
@require_GET
def invitation(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names, found = _own(request, review_uuid, pk)
    record("meetings.invitation_viewed", review=review, summary="Read their invitation",
           data={"invitation": found.pk})
    return _render_invitation(request, review, names, found)


@login_required
@require_POST
def respond(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names, found = _own(request, review_uuid, pk)
    form = AnswerForm(request.POST)
    if save_form(request, form, lambda data: actions.respond(
            found, data["response"], data["note"], by=_user(request)),
            "Your answer is sent to the organiser."):
        return redirect("meetings:invitation", review.uuid, found.pk)
    return _render_invitation(request, review, names, found, form)


@login_required
@require_GET
def calendar_file(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, _names, found = _own(request, review_uuid, pk)
    made = actions.calendar_file(found)
    record("meetings.calendar_downloaded", review=review,
           summary="Downloaded their calendar invitation", data={"invitation": found.pk})
    response = HttpResponse(made.content, content_type=f"{made.content_type}; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, made.filename)
    return response


# --- Sections ---------------------------------------------------------------------------------------

def review_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    """On the review page, for those who diarise meetings: how many, and the way in."""
    if not access.can(_user(request), review, Permission.MANAGE_MEETINGS):
        return None
    return Section(template="meetings/_section.html", order=70,
                   context={"summary": selectors.summary(review)})


def practitioner_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    """On a practitioner's own page: their invitations, to answer or download again."""
    if not access.can(_user(request), review, Permission.ACT_AS_PRACTITIONER):
        return None
    rows = [{"invitation": i, "when": uk_time(i.meeting),
             "stands": i.withdrawn_at is None and i.meeting.cancelled_at is None}
            for i in selectors.own_invitations(_user(request), review)]
    return Section(template="meetings/_practitioner_section.html", order=40,
                   context={"rows": rows})
