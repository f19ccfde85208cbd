"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

The briefings are read by the partnership's oversight roles, the review's lead reviewer and
subgroup members and, from publication, the L&D subgroup (``VIEW_BRIEFINGS``); sessions and the
seven-minute briefing are run by the business manager and, from publication, the L&D subgroup
(``MANAGE_BRIEFINGS``). The reflection form is the attendee's own, found through their
invitation: the practitioner here; anyone else gets 404, as if it did not exist. The session's
title and place, the briefing's words and a reflection name everyone with marker names.
"""

import secrets
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from reviewdesk.accounts.models import Agency, User
from reviewdesk.action_plan import documents
from reviewdesk.action_plan.models import Briefing, BriefingDocument, Reflection
from reviewdesk.reviews.tests.test_access_matrix import (
    ANON,
    BM,
    EVERYONE,
    LEAD,
    LEARNING,
    OTHER_SUBGROUP,
    PARTNER,
    PRACT,
    SCRUTINEER,
    STAGES,
    SUBGROUP,
    MatrixContext,
    day,
    done,
    version_of,
)
from reviewdesk.staff.models import Invitation, Meeting

URL_NAMES = {"briefings:list", "briefings:schedule", "briefings:session", "briefings:attendance",
             "briefings:reflections", "briefings:reflect", "briefings:document",
             "briefings:generate", "briefings:edit", "briefings:check", "briefings:approve",
             "briefings:download"}


def _at(days: int, hour: int) -> datetime:
    moment = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(moment.year, moment.month, moment.day, hour))


def post_only() -> dict[str, int]:
    return {p: 302 if p == ANON else 405 for p in EVERYONE}


def rows(ctx: MatrixContext) -> dict:
    review, m, bm = ctx.review, ctx.markers, ctx.business_manager
    person = ctx.people[PRACT]
    assert person is not None
    learning_stage = STAGES.index(ctx.stage) >= STAGES.index("publication")
    readers = {BM, PARTNER, SCRUTINEER, SUBGROUP, OTHER_SUBGROUP, LEAD} | (
        {LEARNING} if learning_stage else set())
    managers = {BM} | ({LEARNING} if learning_stage else set())
    said = f"{m['practitioner']} saw {m['child']} at {m['address']} with {m['mother']}. " \
           f"{m['typed']}"

    def session(title: str, days: int) -> Briefing:
        meeting = Meeting.objects.create(
            # The title names three people and stays within its 200 characters (PostgreSQL
            # refuses a longer one); the agenda holds the whole passage.
            review=review, kind=Meeting.Kind.BRIEFING,
            title=f"{title}: {m['practitioner']} saw {m['child']} with {m['mother']}",
            starts_at=_at(days, 9), ends_at=_at(days, 10), place=f"{m['address']}",
            agenda=said, recorded_by=bm)
        return Briefing.objects.create(meeting=meeting, capacity=20, recorded_by=bm)

    coming = session("Coming", 10)
    held = session("Held", -1)
    Invitation.objects.create(meeting=coming.meeting, person=person, sequence_sent=0)
    came = Invitation.objects.create(meeting=held.meeting, person=person, sequence_sent=0,
                                     attended=True)
    # Someone else's answer on the held session (an agency's staff member, in no row's
    # audience), naming everyone.
    someone = User.objects.create_user(
        f"briefing.guest.{secrets.token_hex(4)}@example.test", "x",
        full_name="Abel Brook", partnership=review.partnership)
    other = Invitation.objects.create(meeting=held.meeting, person=someone, sequence_sent=0,
                                      attended=True)
    Reflection.objects.create(briefing=held, invitation=other, answered_on=timezone.localdate(),
                              will_do_differently=f"Ask {said}", useful=4)
    # Wider staff of an agency: the audience of the session the form diarises.
    agency = Agency.objects.filter(partnership=review.partnership).order_by("pk").first()
    User.objects.create_user(f"briefing.{secrets.token_hex(4)}@example.test", "x",
                             full_name="Wanda Widerstaff", partnership=review.partnership,
                             agency=agency)
    approved = BriefingDocument.objects.create(
        review=review, number=1, background="Background.", findings="- Finding",
        practice="- Practice", questions="- Question?", recorded_by=bm,
        approved_on=timezone.localdate(), approved_at=timezone.now(), approved_by=bm,
        replaced_at=timezone.now(), scan={"findings": []})
    # Real files: the matrix reads each download's text for the markers.
    sections = [documents.Section("Findings", ("- Finding",))]
    approved.docx.save("briefing.docx", ContentFile(documents.to_docx("Briefing", sections)),
                       save=False)
    approved.pdf.save("briefing.pdf", ContentFile(documents.to_pdf("Briefing", sections)),
                      save=True)
    draft = BriefingDocument.objects.create(
        review=review, number=2, background=f"Background: {said}", findings=f"- {said}",
        practice=f"- Practice: {said}", questions="- Question?", recorded_by=bm,
        scan={"findings": [{"text": m["child"], "reason": "A name in the register"}]})

    def url(name: str, *more: object) -> str:
        return reverse(f"briefings:{name}", args=[review.uuid, *more])

    def new_session() -> dict:
        return {"title": "Seven-minute briefing", **day(
            "meeting_date", timezone.localdate() + timedelta(days=14)), "start": "09:30",
            "end": "10:30", "place": "Room 4", "online_link": "", "capacity": "20",
            "agencies": [str(agency.pk)] if agency else []}

    def edit_body() -> dict:
        draft.refresh_from_db()
        return {"background": "Background.", "findings": "- Finding", "practice": "- Practice",
                "questions": "- Question?", "version": version_of(draft)}

    read = ctx.review_page(readers)
    form = ctx.review_page(managers)
    # A closed review diarises nothing more: the form comes back saying so.
    scheduled = form if ctx.stage == "closed" else done(form)
    own = {p: 302 if p == ANON else (200 if p == PRACT else 404) for p in EVERYONE}
    return {
        "briefings:list": (url("list"), read, None),
        "briefings:schedule": (url("schedule"), form, scheduled, new_session),
        "briefings:session": (url("session", coming.pk), read, None),
        "briefings:attendance": (url("attendance", held.pk), form, done(form), {
            "attended": [str(came.pk)], **day("on", timezone.localdate())}),
        "briefings:reflections": (url("reflections"), read, None),
        "briefings:reflect": (url("reflect", held.pk), own, done(own), {
            "will_do_differently": "Ask who lives in the house.", "useful": "4"}),
        "briefings:document": (url("document"), read, None),
        "briefings:download": (url("download", 1, "pdf"), read, None),
        "briefings:edit": (url("edit", 2), form, done(form), edit_body),
        "briefings:check": (url("check", 2), post_only(), done(form), {}),
        "briefings:approve": (url("approve", 2), post_only(), done(form), {
            **day("approved_on", timezone.localdate())}),
        # Last: a new version replaces the draft the rows above change.
        "briefings:generate": (url("generate"), post_only(), done(form), {}),
    }
