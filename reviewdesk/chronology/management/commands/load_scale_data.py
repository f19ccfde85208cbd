"""Reviews at scale for the load and cluster tests: several partnerships, each with its people and
reviews at every stage, their teams, registers, chronologies, notices and audit trail.

    python manage.py load_scale_data [--partnerships 5] [--reviews 1000] [--entries 1000-5000]
        [--seed 1] [--only 1,3,5]

``--reviews`` is the number of reviews in all, shared out between the partnerships. Where it
matters the data is made by the app's own code: each review is opened by ``record_incident`` (its
reference, child, clocks and audit events), its register by ``save_identity``, its team by
``add_member``, its chronology authors by ``name_chronology_author`` and each agency's chronology
by ``import_file`` (the data team's import: read, checked, stored, accepted), its notices by
``queue_notice``. The background work an acceptance queues (the search text, the possible
duplicates) and the notices are left queued for the workers, as in the app (bench/load/run.py
waits for them to finish it before it measures anything). Only the stage a review has reached is
set directly, with the dates its steps would have: walking every step with its records, as the
demo does, takes seconds a review.

Reviews from the chronology stage on have a chronology of ``--entries`` entries (a range: each
review draws its size), from three agencies. Every name is made up, seeded: the same arguments
make the same data.

Safe to run twice: a partnership already loaded keeps its reviews and only the reviews it lacks
are added; a second run with the same arguments adds nothing. Prints the rows made and rows per
second. Every sign-in's password is the demo's; the people are
``<role>.<n>@scale.reviewdesk.invalid`` for partnership n (business.manager.1, lead.reviewer.1,
agency.author.1 (the police's chronology author), school.author.1 (the school's, not yet sent),
partner.1, subgroup.member.1, practitioner.1).
"""

import csv
import io
import random
import time
from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from reviewdesk.accounts.models import Agency, PartnerFor, Partnership, PartnershipRole, User
from reviewdesk.audit.context import as_system
from reviewdesk.chronology import actions as chronology_actions
from reviewdesk.commissioning.actions import name_chronology_author
from reviewdesk.notices.actions import queue_notice
from reviewdesk.reviews import actions
from reviewdesk.reviews.clocks import ensure_default_rules
from reviewdesk.reviews.models import (
    STAGE_ORDER,
    IdentityEntry,
    Incident,
    Review,
    ReviewKind,
    ReviewRole,
    Stage,
)

PASSWORD = "demo-review-desk-2026"
DOMAIN = "scale.reviewdesk.invalid"
# How many of every hundred reviews are at each stage. A partnership keeps its closed reviews
# (most of them, over the years: half closed after the rapid review, half after a full review and
# its action plan); a large one has a few dozen open at once, most past the chronology.
STAGE_SHARE = {Stage.NOTIFICATION: 2, Stage.RAPID_REVIEW: 4, Stage.DECISION: 2,
               Stage.COMMISSIONING: 2, Stage.SET_UP: 3, Stage.INFORMING_STAFF: 1,
               Stage.CHRONOLOGY: 4, Stage.CONVERSATIONS: 3, Stage.FAMILY: 2, Stage.REPORT: 4,
               Stage.PUBLICATION: 2, Stage.ACTION_PLAN: 6, Stage.CLOSED: 65}
AGENCIES = [("Children's Social Care", Agency.Kind.SOCIAL_CARE),
            ("Police", Agency.Kind.POLICE), ("Integrated Care Board", Agency.Kind.HEALTH),
            ("Community Health NHS Trust", Agency.Kind.COMMUNITY_HEALTH),
            ("Schools and Learning", Agency.Kind.EDUCATION),
            ("Hospitals NHS Foundation Trust", Agency.Kind.ACUTE_TRUST),
            ("Homes", Agency.Kind.HOUSING)]
# (key, job title, agency index, partnership role, partner for)
PEOPLE = [("business.manager", "Partnership business manager", None,
           PartnershipRole.BUSINESS_MANAGER, ""),
          ("partner", "Service Director, Children's Social Care", 0,
           PartnershipRole.SAFEGUARDING_PARTNER, PartnerFor.LOCAL_AUTHORITY),
          ("subgroup.member", "Head of Safeguarding", 4, PartnershipRole.SUBGROUP_MEMBER, ""),
          ("lead.reviewer", "Independent lead reviewer", None, "", ""),
          ("agency.author", "Detective Sergeant", 1, "", ""),
          ("social.worker", "Social Worker", 0, "", ""),
          ("nurse", "Safeguarding Nurse", 3, "", ""),
          ("practitioner", "Health Visitor", 3, "", ""),
          ("school.author", "Designated safeguarding lead", 4, "", "")]
FIRST = ["Kayden", "Amara", "Tyler", "Lacey", "Reuben", "Mia", "Jaxon", "Esme", "Harley", "Nia",
         "Logan", "Skye", "Callum", "Ruby", "Ellis", "Freya", "Jonah", "Ivy", "Kian", "Maisie"]
ADULTS = ["Dana", "Kerry", "Leanne", "Jodie", "Stacey", "Gemma", "Shannon", "Toni"]
MEN = ["Wayne", "Craig", "Darren", "Lee", "Jason", "Dean", "Ryan", "Carl"]
SURNAMES = ["Moorcroft", "Ashdown", "Pennock", "Vasquez", "Oyelaran", "Brierley", "Kowalczyk",
            "Hargreaves", "Okonkwo", "Tranter", "Lindqvist", "Fairweather", "Mbeki", "Sutcliffe"]
EVENTS = [
    ("Home visit", "Health visitor", "Home visit: {child} seen and weighed; {mother} said the "
     "family was settled.", "Next visit booked."),
    ("Command and control log", "Response officer", "Call from a neighbour reporting shouting "
     "at the address; {child} heard crying.", "Officers attended; no offences disclosed."),
    ("Case note", "Social worker", "Strategy discussion about {child}; {father} not present.",
     "Section 47 enquiry agreed."),
    ("GP record", "GP", "{mother} attended with {child}: bruise to the left cheek, explained as "
     "a fall.", "Advice given; no referral made."),
    ("School record", "Designated safeguarding lead", "{child} arrived late and hungry; told "
     "the teacher {father} had shouted.", "Logged; call to {mother} not returned."),
    ("Contact record", "Duty social worker", "Referral from the hospital about {child}'s "
     "injuries.", "Child and family assessment started."),
]


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Date of contact", "Time", "Source", "Worker", "Details", "Outcome"])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def entries_range(text: str) -> tuple[int, int]:
    try:
        low, _, high = text.partition("-")
        lowest, highest = int(low), int(high or low)
    except ValueError:
        raise CommandError(f"--entries {text!r} is not a number or a range: give e.g. "
                           "--entries 1000-5000 or --entries 2000.") from None
    if not 0 <= lowest <= highest:
        raise CommandError(f"--entries {text!r}: give a range from low to high, e.g. 1000-5000.")
    return lowest, highest


def rows() -> int:
    return sum(model._default_manager.count() for model in apps.get_models())


class Command(BaseCommand):
    help = ("Load partnerships with reviews at every stage, chronologies, notices and audit, for "
            "the load and cluster tests (bench/load). Safe to run twice.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnerships", type=int, default=5)
        parser.add_argument("--reviews", type=int, default=1000,
                            help="reviews in all, shared out between the partnerships")
        parser.add_argument("--entries", default="1000-5000",
                            help="a chronology's entries, a range (from the chronology stage on)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--only", default="", metavar="N,N",
                            help="load only these partnerships (numbers from 1): run two "
                                 "commands at once on PostgreSQL, each with its own, to use two "
                                 "cores")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("load_scale_data makes made-up reviews for the load tests: it "
                               "never runs on a live service (REVIEW_DESK_ENV=production).")
        partnerships, reviews = options["partnerships"], options["reviews"]
        if not 1 <= partnerships <= 500 or not 0 <= reviews <= 100_000:
            raise CommandError("Give --partnerships from 1 to 500 and --reviews from 0 to "
                               "100,000.")
        self.entries = entries_range(options["entries"])
        try:
            only = {int(n) for n in options["only"].split(",") if n.strip()}
        except ValueError:
            raise CommandError(f"--only {options['only']!r}: give partnership numbers separated "
                               "by commas, e.g. --only 1,3,5.") from None
        if only - set(range(1, partnerships + 1)):
            raise CommandError(f"--only: give numbers from 1 to {partnerships}.")
        before, started = rows(), time.monotonic()
        with as_system("command load_scale_data"):
            for n in sorted(only) or range(1, partnerships + 1):
                share = reviews // partnerships + (1 if n <= reviews % partnerships else 0)
                self._partnership(n, share, random.Random(f"{options['seed']}:{n}"))
        if connection.vendor == "postgresql":
            # The planner's statistics for tables just filled, as autovacuum would gather later:
            # without them the first pages are planned as if the tables were empty.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        made, seconds = rows() - before, time.monotonic() - started
        self.stdout.write(f"{made:,} rows made in {seconds:.1f} s ({made / max(seconds, 1e-9):,.0f} "
                          f"rows/s); {Review.objects.count():,} reviews in the database "
                          f"({connection.vendor}).")

    def _partnership(self, n: int, reviews: int, rng: random.Random) -> None:
        code = f"SC{n}"
        partnership = Partnership.objects.filter(code=code).first()
        if partnership is None:
            with transaction.atomic():
                partnership = self._people(n, code)
        self.people = {key: User.objects.get(email=f"{key}.{n}@{DOMAIN}")
                       for key, *_ in PEOPLE}
        self.agencies = list(Agency.objects.filter(partnership=partnership).order_by("pk"))
        have = Review.objects.filter(partnership=partnership).count()
        # Each review draws from the generator in turn: skip the ones already made, so a second
        # run adds the same reviews a single run would have.
        for index in range(reviews):
            plan = self._plan(rng, index)
            if index < have:
                continue
            with transaction.atomic():
                self._review(partnership, index, plan)
            self.stdout.write(f"  {code}: review {index + 1} of {reviews} "
                              f"({plan['stage']}, {plan['entries']:,} entries)", ending="\r")
        self.stdout.write(f"  {partnership.name}: {reviews} reviews" + " " * 30)

    def _people(self, n: int, code: str) -> Partnership:
        partnership = Partnership.objects.create(
            name=f"Scaleshire {n} Safeguarding Children Partnership", code=code,
            business_unit_email=f"business.unit.{n}@{DOMAIN}", panel_email=f"panel@{DOMAIN}",
            ofsted_email=f"ofsted@{DOMAIN}", dfe_email=f"dfe@{DOMAIN}")
        ensure_default_rules(partnership.pk)
        agencies = [Agency.objects.create(partnership=partnership, name=f"Scaleshire {n} {name}",
                                          kind=kind, email=f"safeguarding.{n}.{i}@{DOMAIN}")
                    for i, (name, kind) in enumerate(AGENCIES)]
        for key, title, agency, role, partner_for in PEOPLE:
            User.objects.create_user(
                f"{key}.{n}@{DOMAIN}", PASSWORD, full_name=f"{key.split('.')[0].title()} "
                f"Scaleshire{n}", job_title=title, partnership=partnership, role=role,
                partner_for=partner_for, agency=agencies[agency] if agency is not None else None)
        return partnership

    def _plan(self, rng: random.Random, index: int) -> dict[str, Any]:
        stage = rng.choices(list(STAGE_SHARE), weights=list(STAGE_SHARE.values()))[0]
        full_review = rng.random() < 0.5  # a closed review: after a full review, or not
        has_chronology = STAGE_ORDER.index(stage) >= STAGE_ORDER.index(Stage.CHRONOLOGY) and (
            stage != Stage.CLOSED or full_review)
        return {"stage": stage,
                "aware": timezone.localdate() - timedelta(days=30 + 9 * STAGE_ORDER.index(stage)
                                                          + rng.randint(0, 60)),
                "child": f"{rng.choice(FIRST)} {rng.choice(SURNAMES)}",
                "mother": f"{rng.choice(ADULTS)} {rng.choice(SURNAMES)}",
                "father": f"{rng.choice(MEN)} {rng.choice(SURNAMES)}",
                "entries": rng.randint(*self.entries) if has_chronology else 0,
                "seed": rng.randrange(1 << 30)}

    def _review(self, partnership: Partnership, index: int, plan: dict[str, Any]) -> None:
        bm, aware, stage = self.people["business.manager"], plan["aware"], plan["stage"]
        rng = random.Random(plan["seed"])
        review = actions.record_incident(
            partnership, by=bm, children=[{"name": plan["child"],
                                           "date_of_birth": aware - timedelta(days=400 + index)}],
            what_happened=rng.choice([Incident.WhatHappened.SERIOUS_HARM] * 3
                                     + [Incident.WhatHappened.DEATH]),
            abuse_or_neglect=Incident.AbuseOrNeglect.SUSPECTED,
            incident_date=aware - timedelta(days=1), la_aware_on=aware,
            summary=f"Scale data. {plan['child']} was taken to hospital with a head injury; "
                    f"{plan['mother']} said it was a fall. The health visitor had seen the "
                    f"family weeks before; {plan['father']} was known to the police.",
            agencies=self.agencies[:4])
        actions.save_identity(review, by=bm, kind=IdentityEntry.Kind.FAMILY,
                              real_name=plan["mother"], pseudonym="Mother", role_title="Mother")
        actions.save_identity(review, by=bm, kind=IdentityEntry.Kind.FAMILY,
                              real_name=plan["father"], pseudonym="Father", role_title="Father")
        queue_notice(partnership_id=partnership.pk, review=review, purpose="panel_notification",
                     dedupe_key=f"scale:{review.pk}:panel", recipient_label="The Panel",
                     recipients=[partnership.panel_email], by=bm,
                     subject=f"Serious incident notification: {review.reference}",
                     body="A serious incident was notified (scale data).")
        order = STAGE_ORDER.index(stage)
        if order >= STAGE_ORDER.index(Stage.COMMISSIONING) and stage != Stage.CLOSED or (
                stage == Stage.CLOSED and plan["entries"]):
            Review.objects.filter(pk=review.pk).update(
                kind=ReviewKind.LOCAL_CSPR, initiated_on=aware + timedelta(days=25))
            review.refresh_from_db()
            started = aware + timedelta(days=26)
            p = self.people
            for key, role in [("subgroup.member", ReviewRole.SUBGROUP_MEMBER),
                              ("lead.reviewer", ReviewRole.LEAD_REVIEWER),
                              ("practitioner", ReviewRole.PRACTITIONER)]:
                actions.add_member(review, p[key], role, by=bm, started_on=started,
                                   no_contact=True if role == ReviewRole.SUBGROUP_MEMBER else None)
            if plan["entries"]:
                self._chronology(review, plan, rng, started)
        Review.objects.filter(pk=review.pk).update(
            stage=stage, stage_since=min(aware + timedelta(days=9 * order), timezone.localdate()))

    def _chronology(self, review: Review, plan: dict[str, Any], rng: random.Random,
                    named_on: date) -> None:
        bm = self.people["business.manager"]
        authors = [(self.agencies[0], self.people["social.worker"]),
                   (self.agencies[1], self.people["agency.author"]),
                   (self.agencies[3], self.people["nurse"])]
        received = min(named_on + timedelta(days=20), timezone.localdate())
        remaining, start = plan["entries"], plan["aware"] - timedelta(days=700)
        names = {"child": plan["child"].split()[0], "mother": plan["mother"],
                 "father": plan["father"].split()[0]}
        Review.objects.filter(pk=review.pk).update(stage=Stage.CHRONOLOGY)
        review.refresh_from_db()
        for i, (agency, person) in enumerate(authors):
            name_chronology_author(review, agency, by=bm, person=person,
                                   due_on=named_on + timedelta(days=28), named_on=named_on)
            count = remaining if i == len(authors) - 1 else plan["entries"] // len(authors)
            remaining -= count
            rows = []
            for _ in range(count):
                source, worker, details, outcome = rng.choice(EVENTS)
                day = start + timedelta(days=rng.randint(0, 690))
                rows.append([f"{day:%d/%m/%Y}", f"{rng.randint(8, 20):02d}:{rng.randint(0, 59):02d}",
                             source, worker, details.format(**names), outcome.format(**names)])
            imported = chronology_actions.import_file(
                review, agency, _csv(rows), f"{agency.name} chronology.csv", by=bm,
                received_on=received, accepted_on=received)
            if imported.refused:
                raise CommandError(f"{review.reference}: the generated chronology was refused.")
        # The school is asked too and has not sent its chronology yet: its author can upload.
        name_chronology_author(review, self.agencies[4], by=bm, person=self.people["school.author"],
                               due_on=named_on + timedelta(days=28), named_on=named_on)
