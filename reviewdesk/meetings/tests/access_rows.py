"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

Meetings with staff are diarised and run by the business manager and the review's lead
reviewer (``MANAGE_MEETINGS``); everyone else who sees the review gets 403 on those pages. An
invitation is read, answered and downloaded by the person invited (``ACT_AS_PRACTITIONER``, and
``access.is_invitee``): the practitioner here; everyone else who sees the review gets 403 (a
practitioner opening someone else's gets 404: test_pages). The meetings' title, place and agenda,
a cancellation's reason and the practitioner's answer name everyone with marker names.
"""

from datetime import date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from reviewdesk.accounts.models import Agency
from reviewdesk.reviews.tests.test_access_matrix import (
    ANON,
    EVERYONE,
    PRACT,
    MatrixContext,
    day,
    done,
    version_of,
)
from reviewdesk.staff import actions as staff_actions
from reviewdesk.staff.models import Invitation, Meeting

URL_NAMES = {"meetings:list", "meetings:schedule", "meetings:meeting", "meetings:change",
             "meetings:cancel", "meetings:invite", "meetings:uninvite", "meetings:attendance",
             "meetings:invitation", "meetings:respond", "meetings:calendar"}

BM, LEAD = "business_manager", "lead_reviewer"
ORGANISERS = {BM, LEAD}  # Permission.MANAGE_MEETINGS
INVITEE = {PRACT}  # Permission.ACT_AS_PRACTITIONER, their own invitation


def _at(days: int, hour: int) -> datetime:
    moment = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(moment.year, moment.month, moment.day, hour))


def post_only() -> dict[str, int]:
    """A GET where only a POST is taken: refused before anything is looked up."""
    return {p: 302 if p == ANON else 405 for p in EVERYONE}


def rows(ctx: MatrixContext) -> dict:
    review, m, bm = ctx.review, ctx.markers, ctx.business_manager
    person = ctx.people[PRACT]
    assert person is not None

    # The practitioner the forms invite: the matrix's own is taken off the review by the team
    # page's row before these run, and may no longer be invited.
    invitee = staff_actions.add_practitioner(
        review, by=bm, name="Ivy Invitee", email=f"ivy.invitee@{bm.email.split('@', 1)[1]}",
        agency=Agency.objects.get(partnership=review.partnership, kind="health"),
        job_title="School Nurse", added_on=date(2026, 3, 12))

    def meeting(title: str, days: int = 10, **extra: object) -> Meeting:
        return Meeting.objects.create(
            review=review, kind=Meeting.Kind.LEARNING_EVENT,
            title=f"{title}: what {m['practitioner']} saw of {m['child']}",
            starts_at=_at(days, 9), ends_at=_at(days, 12),
            place=f"{m['address']}, with {m['mother']}",
            agenda=f"What {m['practitioner']} and {m['author']} saw. {m['typed']}",
            recorded_by=bm, **extra)

    def invited(to: Meeting, **extra: object) -> Invitation:
        return Invitation.objects.create(meeting=to, person=person, sequence_sent=to.sequence,
                                         **extra)

    shown = meeting("Learning event")
    mine = invited(shown, response=Invitation.Response.REARRANGE,
                   response_note=f"{m['practitioner']} asks to rearrange. {m['typed']}",
                   responded_at=timezone.now())
    meeting("Cancelled", cancelled_at=timezone.now(),
            cancelled_reason=f"{m['mother']} objected. {m['typed']}")
    to_cancel = meeting("To cancel")
    to_invite = meeting("To invite to")
    to_withdraw = meeting("To withdraw from")
    withdrawn = invited(to_withdraw)
    held = meeting("Held yesterday", days=-1)
    came = invited(held)

    def url(name: str, *args: object) -> str:
        return reverse(name, args=[review.uuid, *args])

    def new_meeting() -> dict:
        return {"kind": "learning_event", "title": "Learning event", **day(
            "meeting_date", timezone.localdate() + timedelta(days=14)), "start": "09:30",
            "end": "12:00", "place": "Room 4", "agenda": "Welcome", "invitees": [
            str(invitee.pk)]}

    def change_body() -> dict:
        moment = timezone.localtime(shown.starts_at).date()
        return {"title": "Learning event, moved", **day("meeting_date", moment),
                "start": "13:00", "end": "15:00", "place": "Room 5", "agenda": "Welcome",
                "version": version_of(shown)}

    form = ctx.review_page(ORGANISERS)
    # A closed review diarises nothing more: the form comes back saying so.
    scheduled = form if ctx.stage == "closed" else done(form)
    own = ctx.review_page(INVITEE)
    return {
        "meetings:list": (url("meetings:list"), form, None),
        "meetings:schedule": (url("meetings:schedule"), form, scheduled, new_meeting),
        "meetings:meeting": (url("meetings:meeting", shown.pk), form, None),
        "meetings:change": (url("meetings:change", shown.pk), form, done(form), change_body),
        "meetings:cancel": (url("meetings:cancel", to_cancel.pk), form, done(form),
                            {"reason": "The room is not available"}),
        "meetings:invite": (url("meetings:invite", to_invite.pk), form, done(form),
                            {"invitees": [str(invitee.pk)]}),
        "meetings:uninvite": (url("meetings:uninvite", to_withdraw.pk, withdrawn.pk),
                              post_only(), done(form), {}),
        "meetings:attendance": (url("meetings:attendance", held.pk), form, done(form), {
            "attended": [str(came.pk)], **day("on", timezone.localdate())}),
        "meetings:invitation": (url("meetings:invitation", mine.pk), own, None),
        "meetings:respond": (url("meetings:respond", mine.pk), post_only(), done(own),
                             {"response": "attending", "note": ""}),
        "meetings:calendar": (url("meetings:calendar", mine.pk), own, None),
    }
