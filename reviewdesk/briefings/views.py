"""Briefings for staff: the review's sessions, the seven-minute briefing and the reflections in
aggregate for those who read the briefings (``Permission.VIEW_BRIEFINGS``); scheduling,
attendance and the document's changes for the L&D subgroup and the business manager
(``MANAGE_BRIEFINGS``); and the reflection form for an attendee, found through their own
invitation (anyone else's is 404, as if it did not exist).

Free text is shown through the viewer's redactor; a session's page names its invitees and is
audited as a read (through ``Names``). The reflections page names nobody."""

from typing import Any, cast

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.action_plan.models import Briefing, BriefingDocument
from reviewdesk.audit.services import record
from reviewdesk.briefings import actions, selectors
from reviewdesk.briefings.forms import ApproveForm, DocumentForm, ReflectionForm, ScheduleForm
from reviewdesk.meetings.calendar import uk_time
from reviewdesk.meetings.forms import AttendanceForm
from reviewdesk.meetings.selectors import may_record_attendance
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.pages import review_for
from reviewdesk.shortcuts import form_page, login_required, run_action, save_form
from reviewdesk.staff.models import Invitation


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view here is behind login_required


def _list_url(review: Review) -> str:
    return reverse("briefings:list", args=[review.uuid])


def _document_url(review: Review) -> str:
    return reverse("briefings:document", args=[review.uuid])


def _invitee(invitation: Invitation, names: Names) -> str:
    if invitation.practitioner_id and invitation.practitioner:
        return names.entry_with_label(invitation.practitioner.identity)
    agency = invitation.person.agency
    return names.user(invitation.person) + (f", {agency.name}" if agency else "")


def _briefing(review: Review, pk: int) -> Briefing:
    found = selectors.briefing_of(review, pk)
    if found is None:
        raise Http404("No such briefing on this review")
    found.meeting.review = review
    return found


@login_required
@require_GET
def briefings(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.VIEW_BRIEFINGS)
    sessions = selectors.briefings_of(review)
    now = timezone.now()
    return render(request, "briefings/list.html", {
        "title": f"Briefings – {names.title}", "review": review, "names": names,
        "rows": [{"briefing": b, "when": uk_time(b.meeting),
                  "held": b.meeting.ends_at < now, "cancelled": b.meeting.cancelled_at is not None}
                 for b in sessions],
        "document": actions.current_document(review),
        "reflections": selectors.aggregate(selectors.reflections_of(review)),
        "may_manage": access.can(_user(request), review, Permission.MANAGE_BRIEFINGS),
    })


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_BRIEFINGS)
    user = _user(request)
    form = ScheduleForm(review, user, request.POST or None,
                        initial={"title": "Seven-minute briefing", "for_practitioners": True})

    def done(made: actions.Scheduled) -> str:
        said = f"Briefing diarised: {made.invited} calendar invitation(s) sent."
        if made.not_invited:
            left = ", ".join(names.user(p) for p in made.not_invited[:20])
            more = len(made.not_invited) - 20
            said += (f" The session is full: {len(made.not_invited)} not invited ({left}"
                     f"{f' and {more} more' if more > 0 else ''}). Diarise another session "
                     f"for them.")
        return said

    saved: dict[str, Any] = {}

    def save(data: dict) -> actions.Scheduled:
        made = actions.schedule_briefing(
            review, title=data["title"], starts_at=data["starts_at"], ends_at=data["ends_at"],
            place=data.get("place") or "", online_link=data.get("online_link") or "",
            capacity=data["capacity"], for_practitioners=data["for_practitioners"],
            agencies=list(data["agencies"]), agenda=data.get("agenda") or "", by=user,
            on_behalf_of=data["on_behalf_of"])
        saved["briefing"] = made.briefing
        return made

    if save_form(request, form, save, done):
        return redirect("briefings:session", review.uuid, saved["briefing"].pk)
    return form_page(
        request, form, heading="Diarise a briefing session", caption=names.title,
        intro="Each person invited gets their own calendar invitation by e-mail. The review's "
              "practitioners are invited first, then the staff of the agencies you choose, up "
              "to the session's capacity; those left out are listed so you can diarise another "
              "session for them.",
        button="Diarise and send the invitations", back_url=_list_url(review),
        back_text="Back to briefings", template="briefings/form.html",
        context={"review": review, "names": names})


@login_required
@require_GET
def session(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.VIEW_BRIEFINGS)
    briefing = _briefing(review, pk)
    invitations: list[Invitation] = getattr(briefing.meeting, "current", [])
    return render(request, "briefings/session.html", {
        "title": f"Briefing session – {names.title}", "review": review, "names": names,
        "briefing": briefing, "meeting": briefing.meeting, "when": uk_time(briefing.meeting),
        "invitees": [{"invitation": i, "name": _invitee(i, names)} for i in invitations],
        "reflections": selectors.aggregate(selectors.reflections_of(review, briefing)),
        "may_manage": access.can(_user(request), review, Permission.MANAGE_BRIEFINGS),
        "may_record": may_record_attendance(briefing.meeting),
    })


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_BRIEFINGS)
    briefing = _briefing(review, pk)
    invitations: list[Invitation] = getattr(briefing.meeting, "current", [])
    form = AttendanceForm([(i.pk, _invitee(i, names)) for i in invitations],
                          request.POST or None,
                          initial={"attended": [i.pk for i in invitations if i.attended]})
    if save_form(request, form, lambda data: actions.record_attendance(
            briefing, [int(v) for v in data["attended"]], by=_user(request),
            on=data["on"]), "Attendance is recorded. Those who came have been asked by e-mail "
                            "for their reflection."):
        return redirect("briefings:session", review.uuid, briefing.pk)
    when = uk_time(briefing.meeting)
    return form_page(
        request, form, heading="Who came to the briefing", caption=names.title,
        intro=(f"{when}." if may_record_attendance(briefing.meeting) else
               f"{when}. Attendance can be recorded from the day of the session."),
        button="Record attendance", back_url=reverse("briefings:session",
                                                     args=[review.uuid, briefing.pk]),
        back_text="Back to the session")


# --- The seven-minute briefing ------------------------------------------------------------------

def _version(review: Review, number: int) -> BriefingDocument:
    found = BriefingDocument.objects.filter(review=review, number=number).first()
    if found is None:
        raise Http404("No such version of the briefing")
    found.review = review
    return found


@login_required
@require_GET
def document(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.VIEW_BRIEFINGS)
    current = actions.current_document(review)
    if current is not None:
        current.review = review
    return render(request, "briefings/document.html", {
        "title": f"Seven-minute briefing – {names.title}", "review": review, "names": names,
        "document": current, "versions": selectors.documents_of(review),
        "parts": [(actions.HEADINGS[f], names.redact(getattr(current, f)).splitlines())
                  for f in actions.DOCUMENT_FIELDS] if current else [],
        "check_stands": current is not None and actions.check_stands(current),
        "found": [{**f, "text": names.redact(f.get("text", ""))}
                  for f in ((current.scan or {}).get("findings") or [])] if current else [],
        "has_findings": bool(selectors.findings_of(review)),
        "may_manage": access.can(_user(request), review, Permission.MANAGE_BRIEFINGS),
        "approve_form": ApproveForm(_user(request)),
    })


@login_required
@require_POST
def generate(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, _ = review_for(request, review_uuid, Permission.MANAGE_BRIEFINGS)
    run_action(request, lambda: actions.generate_document(review, by=_user(request)),
               lambda d: f"Version {d.number} drafted from the findings and recommendations. "
                         f"Check the words, then run the publication check.")
    return redirect(_document_url(review))


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, review_uuid: str, number: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_BRIEFINGS)
    found = _version(review, number)
    # The words as this viewer may read them: saved, any name they may not see stays replaced.
    initial = {f: names.redact(getattr(found, f)) for f in actions.DOCUMENT_FIELDS}
    form = DocumentForm(found, request.POST or None, initial=initial)
    if save_form(request, form, lambda data: actions.edit_document(
            found, by=_user(request), version=data.get("version"),
            **{f: data[f] for f in actions.DOCUMENT_FIELDS}),
            "Briefing saved. Run the publication check on it before approving."):
        return redirect(_document_url(review))
    return form_page(
        request, form, heading=f"Edit the seven-minute briefing (version {found.number})",
        caption=names.title, intro="One page: background, findings, what it means for practice "
        "and questions for reflection. Use pseudonyms and roles only: the briefing is shared "
        "with staff across the partnership.", button="Save the briefing",
        back_url=_document_url(review), back_text="Back to the seven-minute briefing",
        template="briefings/form.html", context={"review": review, "names": names})


@login_required
@require_POST
def check(request: HttpRequest, review_uuid: str, number: int) -> HttpResponse:
    review, _ = review_for(request, review_uuid, Permission.MANAGE_BRIEFINGS)
    found = _version(review, number)
    run_action(request, lambda: actions.check_document(found, by=_user(request)),
               lambda d: ("The publication check found nothing: the briefing can be approved."
                          if not d.scan.get("findings") else
                          f"The publication check found {len(d.scan['findings'])} thing(s) that "
                          f"may identify someone: see the list below."))
    return redirect(_document_url(review))


@login_required
@require_POST
def approve(request: HttpRequest, review_uuid: str, number: int) -> HttpResponse:
    review, _ = review_for(request, review_uuid, Permission.MANAGE_BRIEFINGS)
    found = _version(review, number)
    form = ApproveForm(_user(request), request.POST)
    if not form.is_valid():
        from django.contrib import messages

        messages.error(request, " ".join(str(e) for errors in form.errors.values()
                                         for e in errors))
        return redirect(_document_url(review))
    run_action(request, lambda: actions.approve_document(
        found, by=_user(request), approved_on=form.cleaned_data["approved_on"],
        on_behalf_of=form.cleaned_data["on_behalf_of"]),
        "Briefing approved: the Word and PDF files are ready to share.")
    return redirect(_document_url(review))


@login_required
@require_GET
def download(request: HttpRequest, review_uuid: str, number: int, fmt: str) -> HttpResponse:
    review, _ = review_for(request, review_uuid, Permission.VIEW_BRIEFINGS)
    found = _version(review, number)
    stored = found.docx if fmt == "docx" else found.pdf if fmt == "pdf" else None
    if not stored or found.approved_at is None:
        raise Http404("No file for this version")
    with stored.open("rb") as handle:
        content = handle.read()
    record("briefings.document_downloaded", review=review,
           summary=f"Downloaded the seven-minute briefing (version {found.number}, {fmt})",
           data={"document": found.pk, "format": fmt})
    content_type = ("application/pdf" if fmt == "pdf" else "application/vnd.openxmlformats-"
                    "officedocument.wordprocessingml.document")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        True, f"seven-minute-briefing-{found.number}.{fmt}")
    return response


# --- Reflections ---------------------------------------------------------------------------------

@login_required
@require_GET
def reflections(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.VIEW_BRIEFINGS)
    found = selectors.aggregate(selectors.reflections_of(review))
    return render(request, "briefings/reflections.html", {
        "title": f"Reflections after briefings – {names.title}", "review": review,
        "names": names, "aggregate": found,
        "answers": [names.redact(a) for a in found.answers],
        "smallest": selectors.SMALLEST_GROUP,
    })


def _own(request: HttpRequest, review_uuid: str, pk: int) -> Invitation:
    """The viewer's own invitation to this briefing: an agency's staff member may have no part
    in the review, so it is found through the invitation, not the review's roles."""
    found = (Invitation.objects.filter(meeting__review__uuid=review_uuid, meeting__briefing__pk=pk,
                                       person=_user(request))
             .select_related("meeting__review__partnership", "meeting__briefing", "practitioner")
             .first())
    if found is None or not _user(request).is_active:
        raise Http404("No such invitation")
    return found


@login_required
@require_http_methods(["GET", "POST"])
def reflect(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    invitation = _own(request, review_uuid, pk)
    review = invitation.meeting.review
    from reviewdesk.reviews.names import anonymised

    public = anonymised(review)
    reason = actions.may_reflect(invitation)
    form = ReflectionForm(request.POST or None)
    if not reason and save_form(request, form, lambda data: actions.reflect(
            invitation, by=_user(request), will_do_differently=data["will_do_differently"],
            useful=data["useful"]), "Thank you: your reflection is recorded, without your name."):
        return redirect("reviews:home")
    return render(request, "briefings/reflect.html", {
        "title": "Reflect on the briefing", "form": form, "reason": reason,
        "session_title": public.redact(invitation.meeting.title),
        "when": uk_time(invitation.meeting), "review_title": public.title,
    })
