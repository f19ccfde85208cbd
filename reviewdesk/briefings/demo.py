"""The demo's briefings (``manage.py load_demo``), through the actions.

On up to two reviews whose report is final (the action plan or closed stage where the demo has
them, else published ones): a briefing session for the review's practitioners and the wider staff
of children's social care, the police and the school (demo staff made here), held, with
attendance recorded and reflections given — enough from children's social care to be counted on
its own, the others merged as "Other agencies"; a coming session; and the seven-minute briefing
drafted, checked and, where the check finds nothing, approved.

A session is diarised in the future (the meetings app refuses a past one), so the held session is
diarised and then moved back to when the story has it held, as if the demo had been loaded then.
"""

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from reviewdesk.accounts.models import Agency, User
from reviewdesk.action_plan.models import Briefing
from reviewdesk.briefings import actions
from reviewdesk.reports.models import FinalReport
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.staff.models import Meeting

DOMAIN = "demo.reviewdesk.invalid"
STAGES = (Stage.ACTION_PLAN, Stage.CLOSED, Stage.PUBLICATION)
# (agency index in the demo's list, how many of its staff): six from children's social care are
# counted on their own; the police's and the school's few are merged.
STAFF = [(0, 6), (1, 2), (9, 1)]
REFLECTIONS = [
    "Ask who else lives in the household, and check it with the other agencies, every time.",
    "Escalate when I disagree with another agency's decision, and write down that I did.",
    "See the baby undressed on a home visit when there is any injury, however small.",
    "Record what the child says in their own words, not my summary of it.",
    "Use the interpreter service rather than a family member, even for short visits.",
    "Check the chronology of previous referrals before closing a case.",
    "Book supervision to talk through cases where I feel uneasy but cannot say why.",
    "Share information with health visiting straight away when a partner is bailed.",
    "Ask about alcohol use at night when a baby is sleeping in the adults' bed.",
]


def _at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def _staff(command: Any) -> list[User]:
    agencies: list[Agency] = command.agencies
    made: list[User] = []
    for index, count in STAFF:
        agency = agencies[index]
        for n in range(1, count + 1):
            person, _ = User.objects.get_or_create(
                email=f"briefing.staff{index}.{n}@{DOMAIN}",
                defaults={"full_name": f"{agency.short_name or agency.name} staff member {n}",
                          "partnership": command.kv, "agency": agency,
                          "job_title": "Practitioner"})
            made.append(person)
    return made


def _reviews(command: Any) -> list[Review]:
    found = [r for r in command.reviews.values() if r.stage in STAGES
             and FinalReport.objects.filter(review=r, replaced_at__isnull=True).exists()]
    return sorted(found, key=lambda r: STAGES.index(r.stage))[:2]


def load(command: Any) -> None:
    # Loaded once: a second run adds nothing, whichever reviews it is given.
    if Briefing.objects.filter(meeting__review__partnership=command.kv).exists():
        return
    reviews = _reviews(command)
    if not reviews:
        return
    lead = command.people.get("learning", command.bm)
    staff = _staff(command)
    for number, review in enumerate(reviews):
        _held(review, lead, staff if number == 0 else [], number)
        try:
            actions.schedule_briefing(
                review, title="Seven-minute briefing: second session", starts_at=_at(20, 14),
                ends_at=_at(20, 15), place="", online_link="https://meet.example.invalid/kv-b2",
                capacity=40, for_practitioners=True, agencies=[command.agencies[2]], by=lead)
        except ValidationError:
            pass  # nobody in the audience (no practitioner with a sign-in): no second session
        document = actions.generate_document(review, by=lead)
        document = actions.check_document(document, by=lead)
        if not document.scan.get("findings"):
            actions.approve_document(document, by=lead)


def _held(review: Review, lead: User, staff: list[User], number: int) -> None:
    agencies = sorted({p.agency for p in staff if p.agency}, key=lambda a: a.pk)
    try:
        made = actions.schedule_briefing(
            review, title="Seven-minute briefing", starts_at=_at(1, 10), ends_at=_at(1, 11),
            place="Committee Room 2, Kirkvale Civic Centre", capacity=30,
            for_practitioners=True, agencies=agencies, by=lead)
    except ValidationError:
        return
    meeting = made.briefing.meeting
    # Held three weeks ago in the story (see the module's docstring).
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=_at(-21 - number, 10),
                                                 ends_at=_at(-21 - number, 11))
    meeting.refresh_from_db()
    invitations = list(meeting.invitations.select_related("person").order_by("pk"))
    # All but one came.
    came = invitations[:-1] if len(invitations) > 1 else invitations
    actions.record_attendance(made.briefing, [i.pk for i in came], by=lead,
                              on=timezone.localdate() - timedelta(days=20 + number))
    for index, invitation in enumerate(came):
        invitation.refresh_from_db()
        actions.reflect(invitation, by=invitation.person,
                        will_do_differently=REFLECTIONS[index % len(REFLECTIONS)],
                        useful=(4, 5, 3, 5, 4)[index % 5],
                        answered_on=timezone.localdate() - timedelta(days=19 + number))
