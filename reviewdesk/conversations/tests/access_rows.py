"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py): the reviewer's
conversations with staff and the areas staff raise.

The marked practitioner is on the review's practitioner list with three conversations (one
waiting for another date, one booked on a day now past, one held with a note shared with the
business manager and their consent) and an area raised and answered; a second practitioner has
not been asked yet. Every free-text field — the areas to explore, the place, their answer, the
note, the area, the reply — names the family and staff with the review's markers.

Only the lead reviewer opens the conversations and the areas (``MANAGE_CONVERSATIONS``,
``READ_AREAS_RAISED``); the business manager reads the one shared note
(``may_read_conversation_note``); the practitioner answers, records their consent and raises an
area on their own records (``ACT_AS_PRACTITIONER``). Everyone else who sees the review — the
business manager elsewhere, partners, subgroup members, the executive group, L&D, the agency
author and the practitioner's manager — gets 403; an outsider 404.
"""

from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.reviews.actions import add_member
from reviewdesk.reviews.models import ReviewRole
from reviewdesk.reviews.tests.test_access_matrix import MatrixContext, day, done, version_of
from reviewdesk.staff.models import AreaRaised, Conversation, Meeting, Practitioner

URL_NAMES = {
    "conversations:staff", "conversations:ask", "conversations:conversation",
    "conversations:offer", "conversations:record_held", "conversations:note",
    "conversations:consent", "conversations:shared_note", "conversations:areas",
    "conversations:answer_area", "conversations:reply", "conversations:own_consent",
    "conversations:raise_area",
}

BM, LEAD, PRACT = "business_manager", "lead_reviewer", "practitioner"
# Far off, so still to come whatever day the suite runs on (CI moves the clock 400 days ahead).
LATER = datetime(2031, 1, 14, 10)


def _at(moment: datetime) -> datetime:
    return timezone.make_aware(moment)


def _practitioner(ctx: MatrixContext, person: User) -> Practitioner:
    membership = ctx.review.memberships.get(person=person, role=ReviewRole.PRACTITIONER,
                                            ended_at__isnull=True)
    agency = membership.agency or person.agency
    assert membership.identity is not None and agency is not None
    return Practitioner.objects.create(
        review=ctx.review, person=person, membership=membership, identity=membership.identity,
        agency=agency,
        job_title=f"Health Visitor for {ctx.markers['child']}",
        email=person.email, added_on=membership.started_on, recorded_by=ctx.business_manager)


def rows(ctx: MatrixContext) -> dict:
    review, m, bm = ctx.review, ctx.markers, ctx.business_manager
    pract_user = ctx.people[PRACT]
    assert pract_user is not None
    said = f"{m['practitioner']} on {m['child']} at {m['address']}. {m['typed']}"
    prac = _practitioner(ctx, pract_user)
    second_user = User.objects.create_user(
        f"second.practitioner@{pract_user.email.split('@')[1]}", "x",
        full_name="Quillon Secondhand", partnership=review.partnership, agency=pract_user.agency,
        job_title="School nurse")
    add_member(review, second_user, ReviewRole.PRACTITIONER, by=bm, started_on=date(2026, 3, 3))
    second = _practitioner(ctx, second_user)
    lead = ctx.people[LEAD]
    assert lead is not None
    offered = [{"starts_at": _at(LATER).isoformat(), "place": f"{m['address']}, {m['typed']}"}]

    def conversation(**values: object) -> Conversation:
        return Conversation.objects.create(
            review=review, practitioner=prac, requested_on=date(2026, 3, 12),
            areas=f"How {said}", proposed_dates=offered, recorded_by=lead, **values)

    waiting = conversation(status=Conversation.Status.OTHER_DATE_ASKED,
                           practitioner_reply=f"Not that week: {said}")
    meeting = Meeting.objects.create(
        review=review, kind=Meeting.Kind.CONVERSATION, title="Conversation with the lead reviewer",
        starts_at=_at(datetime(2026, 3, 20, 10)), ends_at=_at(datetime(2026, 3, 20, 11)),
        place=f"{m['address']}", recorded_by=pract_user)
    booked = conversation(status=Conversation.Status.BOOKED, meeting=meeting)
    held_meeting = Meeting.objects.create(
        review=review, kind=Meeting.Kind.CONVERSATION, title="Conversation with the lead reviewer",
        starts_at=_at(datetime(2026, 3, 21, 10)), ends_at=_at(datetime(2026, 3, 21, 11)),
        place=f"{m['address']}", recorded_by=pract_user)
    held = conversation(status=Conversation.Status.HELD, meeting=held_meeting,
                        held_on=date(2026, 3, 21), note=f"Note: {said}",
                        note_shared_with_business_manager=True, consent="paraphrased",
                        consent_recorded_on=date(2026, 3, 21))
    area = AreaRaised.objects.create(
        review=review, practitioner=prac, text=f"Please consider {said}",
        raised_on=date(2026, 3, 13), status="answered", reply=f"Answered: {said}",
        replied_on=date(2026, 3, 14), replied_by=lead, recorded_by=pract_user)
    AreaRaised.objects.create(review=review, practitioner=prac, text=f"Also {said}",
                              raised_on=date(2026, 3, 15), recorded_by=pract_user)

    def url(name: str, *args: object) -> str:
        return reverse(f"conversations:{name}", args=[review.uuid, *args])

    lead_only = ctx.review_page({LEAD})
    own = ctx.review_page({PRACT})
    later = _at(LATER).astimezone(timezone.get_current_timezone())
    offers = {**day("date_1", later.date()), "time_1": "14:00",
              "place": f"By video; {m['typed']}"}
    today = {**day("held_on", date(2026, 3, 22))}
    consent = {"consent": "quoted", **day("given_on", date(2026, 3, 22))}
    return {
        "conversations:staff": (url("staff"), lead_only, None),
        "conversations:ask": (url("ask", second.pk), lead_only, done(lead_only),
                              {"areas": f"Ask {said}", **offers}),
        "conversations:conversation": (url("conversation", held.pk), lead_only, None),
        "conversations:offer": (url("offer", waiting.pk), lead_only, done(lead_only), offers),
        "conversations:record_held": (url("record_held", booked.pk), lead_only, done(lead_only),
                                      {**today, "note": f"Held: {said}"}),
        "conversations:note": (url("note", held.pk), lead_only, done(lead_only),
                               lambda: {"note": f"Changed: {said}", "shared": "on",
                                        "version": version_of(held)}),
        "conversations:consent": (url("consent", held.pk), lead_only, done(lead_only), consent),
        "conversations:shared_note": (url("shared_note", held.pk), ctx.review_page({LEAD, BM}),
                                      None),
        "conversations:areas": (url("areas"), lead_only, None),
        "conversations:answer_area": (url("answer_area", area.pk), lead_only, done(lead_only), {
            "status": "in_terms_of_reference", "reply": f"Taken in: {said}",
            **day("replied_on", date(2026, 3, 15))}),
        # Choosing a date diarises a meeting; on a closed review none is, and the form comes back
        # saying so.
        "conversations:reply": (url("reply", waiting.pk), own,
                                own if ctx.stage == "closed" else done(own),
                                {"choice": _at(LATER).isoformat()}),
        "conversations:own_consent": (url("own_consent", held.pk), own, done(own), consent),
        "conversations:raise_area": (url("raise_area"), own, done(own),
                                     {"text": f"Raised: {said}"}),
    }
