"""The demo's practitioners (``manage.py load_demo``), all through the actions.

Every review's practitioners added from the team page (Priya Venn, Sol Whitby) get their record
here. Review 7 (at the chronology) has eight practitioners across six agencies, six of them with
a manager known: Gwen Harcourt manages two of them (Priya Venn and Tamsin Roe). The other staff
apps' demos (informing, meetings, conversations, support) give them their states: find them with
``by_name(review)``.

Everyone added here can sign in with the demo password, as the demo's other people can.
"""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.reviews.management.commands.load_demo import PASSWORD
from reviewdesk.reviews.models import Review
from reviewdesk.staff import actions, selectors
from reviewdesk.staff.models import Practitioner

REVIEW = 7  # the demo review at the chronology stage
DOMAIN = "demo.reviewdesk.invalid"

# (name, e-mail key, agency index in load_demo's AGENCIES, job, manager e-mail key or "")
PRACTITIONERS = [
    ("Tamsin Roe", "tamsin.roe", 3, "Community Nursery Nurse", "gwen.harcourt"),
    ("Daniel Okoro", "daniel.okoro", 1, "Police Constable, Response Team", "kerry.flint"),
    ("Leanne Cartwright", "leanne.cartwright", 6, "Family Support Worker", "joanna.pike"),
    ("Farah Siddiqui", "farah.siddiqui", 7, "Paediatric Registrar", ""),
    ("Callum Reid", "callum.reid", 8, "Paramedic", "ben.atherley"),
    ("Hollie Brennan", "hollie.brennan", 9, "Early Years Practitioner", ""),
]
# The managers of the practitioners above, and of the two added from the team page.
MANAGERS = {
    "gwen.harcourt": "Gwen Harcourt", "kerry.flint": "Kerry Flint", "joanna.pike": "Joanna Pike",
    "ben.atherley": "Ben Atherley", "marcus.ibbotson": "Marcus Ibbotson",
}
# Printed by load_demo with the other sign-ins (and listed in the README).
SIGN_INS = [("gwen.harcourt", "Gwen Harcourt",
             "Health visiting team manager: Priya Venn's and Tamsin Roe's line manager")]
# The team page's practitioners on review 7 and their managers.
TEAM_MANAGERS = {"practitioner": "gwen.harcourt", "social.worker": "marcus.ibbotson"}


def by_name(review: Review) -> dict[str, Practitioner]:
    """The review's active practitioners by their real name (for the other apps' demos)."""
    return {p.identity.real_name: p for p in selectors.practitioners_of(review)}


def _email(key: str) -> str:
    return f"{key}@{DOMAIN}"


def informing_started_on(review: Review) -> date:
    entry = review.timeline.filter(to_stage="informing_staff").order_by("effective_on").first()
    return entry.effective_on if entry else timezone.localdate()


def load(command: Any) -> None:
    for review in command.reviews.values():
        actions.take_in_memberships(review, by=command.bm)
    review = command.reviews[REVIEW]
    bm = command.bm
    on = min(informing_started_on(review) + timedelta(days=1), timezone.localdate())
    for key, manager in TEAM_MANAGERS.items():
        practitioner = Practitioner.objects.get(review=review, person=command.people[key])
        actions.change_practitioner(practitioner, by=bm, job_title=practitioner.job_title,
                                    manager_email=_email(manager), manager_name=MANAGERS[manager],
                                    changed_on=max(on, practitioner.added_on))
    for name, key, agency, job, manager in PRACTITIONERS:
        actions.add_practitioner(
            review, by=bm, name=name, email=_email(key), agency=command.agencies[agency],
            job_title=job, manager_email=_email(manager) if manager else "",
            manager_name=MANAGERS.get(manager, ""), added_on=on)
    # The demo's people sign in with its password, invited or not.
    emails = [_email(k) for _, k, *_ in PRACTITIONERS] + [_email(k) for k in MANAGERS]
    for person in User.objects.filter(email__in=emails):
        person.set_password(PASSWORD)
        person.save(update_fields=["password"])
