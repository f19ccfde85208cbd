"""The demo partnership's children and what happened to them (``manage.py load_demo``): each
story told in words that fit the child's age at the incident, whenever the demo is loaded.

A child's date of birth is worked out from their age on the day the local authority became
aware, so a baby in the demo stays a baby however long after 2026 it is loaded. Every name here
is made up.
"""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from reviewdesk.reviews.models import Incident, Review


@dataclass(frozen=True)
class Story:
    what_happened: str
    summary: str


INFANT_INJURY = Story(Incident.WhatHappened.SERIOUS_HARM,
                      "A baby was admitted to hospital with injuries that could not be explained.")
BABY_DEATH = Story(Incident.WhatHappened.DEATH,
                   "A baby was found unresponsive at home after a night when the adults caring "
                   "for them had been drinking, and later died.")
YOUNG_DEATH = Story(Incident.WhatHappened.DEATH,
                    "A young child was found unresponsive at home and later died; neglect is "
                    "suspected.")
ALCOHOL = Story(Incident.WhatHappened.SERIOUS_HARM,
                "A child living with a parent who misuses alcohol was seriously harmed.")
TEEN_MISSING = Story(Incident.WhatHappened.SERIOUS_HARM,
                     "A teenager known to several agencies was found seriously hurt after going "
                     "missing.")
TEEN_DEATH = Story(Incident.WhatHappened.DEATH,
                   "A looked-after teenager died after being exploited by adults outside the "
                   "home; the agencies knew of the risk.")

# Fictional children, one per demo review in order: (name, age when the local authority became
# aware in (years, months), looked after, story).
CASES = [
    ("Kayden Moorcroft", (7, 2), False, ALCOHOL),
    ("Amelia-Rose Fenwick", (0, 4), False, INFANT_INJURY),
    ("Tyler Brannigan", (16, 5), True, TEEN_DEATH),
    ("Lily Okonjo", (4, 1), False, ALCOHOL),
    ("Jaxon Pritchard", (1, 2), False, INFANT_INJURY),
    ("Maisie Oduya", (15, 0), False, TEEN_MISSING),
    ("Noah Castellan", (14, 7), True, TEEN_MISSING),
    ("Ruby Haldane", (3, 3), False, ALCOHOL),
    ("Finley Ashworth", (2, 6), False, YOUNG_DEATH),
    ("Isla Merrow", (9, 4), False, ALCOHOL),
    ("Mason Tregear", (0, 10), False, BABY_DEATH),
    ("Evie Santangelo", (6, 8), False, ALCOHOL),
    # Two more at the report stage, so each of its steps can be tried.
    ("Harvey Blackwood", (6, 9), False, ALCOHOL),
    ("Poppy Ainsworth", (14, 3), False, TEEN_MISSING),
    # Three whose reports were published: one on the website now, one whose time on it has ended
    # (available on request), one withdrawn early.
    ("Oscar Penhallow", (8, 2), False, ALCOHOL),
    ("Sienna Marchetti", (15, 6), False, TEEN_MISSING),
    ("Leo Whitcombe", (5, 0), False, ALCOHOL),
    # Two past their reports, at the action plan (reviewdesk.action_plan.demo closes the second
    # once every action has shown its impact).
    ("Ava Lindqvist", (0, 7), False, INFANT_INJURY),
    ("Harrison Quarrie", (13, 2), False, TEEN_MISSING),
]


def born_before(aware: date, years: int, months: int) -> date:
    """The date of birth of a child ``years`` and ``months`` old on ``aware`` (a day the month of
    birth does not have, such as 31 February, becomes its last day)."""
    year, month = divmod(aware.year * 12 + aware.month - 1 - years * 12 - months, 12)
    return date(year, month + 1, min(aware.day, monthrange(year, month + 1)[1]))


def years_old(review: Review) -> int | None:
    """The (first) child's age in whole years on the day of the (first) incident."""
    incident = review.incidents.order_by("incident_date").first()
    if incident is None:
        return None
    child = incident.children.select_related("identity").first()
    if child is None or child.identity.date_of_birth is None:
        return None
    born, on = child.identity.date_of_birth, incident.incident_date
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@dataclass(frozen=True)
class AgeWords:
    """Who sees a child of this age day to day: a nursery and a health visitor before school
    age, a school and a school nurse after."""

    setting: str
    health: str

    @property
    def health_service(self) -> str:
        return {"health visitor": "health visiting", "school nurse": "school nursing"}[self.health]


def words_for(review: Review) -> AgeWords:
    age = years_old(review)
    if age is not None and age >= 5:
        return AgeWords("school", "school nurse")
    return AgeWords("nursery", "health visitor")
