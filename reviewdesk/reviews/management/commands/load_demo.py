"""A fictional partnership to try Review Desk with: every role, a dozen reviews at every stage.

Safe to run twice: the second run changes nothing and prints the sign-ins again. Every name,
place and number here is made up.

Each review is walked through its stages by the real steps, with their requirements. The stage
apps' ``demo`` modules (found by name, in app order, so this command imports no later app) tell
their part of the story through three optional functions:

* ``people(command)``: the app's people and registers, before any review is made;
* ``before_step(command, index, review, name, on, **details)``: before review ``index`` takes
  the step ``name`` on the day ``on``, keep the records the step requires, and take it if the
  app owns it (a handed-over step);
* ``load(command)``: once every review is at its stage, the rest of the app's story.
"""

import importlib
from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from reviewdesk.accounts.models import Agency, PartnerFor, Partnership, PartnershipRole, User
from reviewdesk.audit.context import as_system
from reviewdesk.lib.workingdays import is_working_day
from reviewdesk.reviews import actions, transitions
from reviewdesk.reviews.clocks import ensure_default_rules
from reviewdesk.reviews.demo_stories import CASES, born_before
from reviewdesk.reviews.models import ClockKind, IdentityEntry, Incident, Review, ReviewKind

PASSWORD = "demo-review-desk-2026"
OUTSTANDING_REASON = ("The agencies' chronologies for this review were collated by the business "
                      "unit on paper; the lead reviewer has read them.")
DOMAIN = "demo.reviewdesk.invalid"

# (name, short name, kind): the first seven are used by index in the stage apps' demo data.
AGENCIES = [
    ("Kirkvale Children's Social Care", "KCSC", Agency.Kind.SOCIAL_CARE),
    ("West Kirkvale Police", "WKP", Agency.Kind.POLICE),
    ("Kirkvale Integrated Care Board", "Kirkvale ICB", Agency.Kind.HEALTH),
    ("Kirkvale Community Health NHS Trust", "KCHT", Agency.Kind.COMMUNITY_HEALTH),
    ("Kirkvale Schools and Learning", "", Agency.Kind.EDUCATION),
    ("Kirkvale Public Health", "", Agency.Kind.PUBLIC_HEALTH),
    ("Kirkvale Family Support Trust", "KFST", Agency.Kind.VOLUNTARY),
    ("Kirkvale Hospitals NHS Foundation Trust", "KHFT", Agency.Kind.ACUTE_TRUST),
    ("North West Ambulance Service NHS Trust", "NWAS", Agency.Kind.AMBULANCE),
    ("St Aidan's Church of England Primary School", "St Aidan's", Agency.Kind.SCHOOL),
    ("Kirkvale Adult Social Care", "", Agency.Kind.ADULT_SERVICES),
    ("Probation Service (Kirkvale)", "", Agency.Kind.PROBATION),
    ("Kirkvale Homes", "", Agency.Kind.HOUSING),
]
# Support for each agency's staff (Settings → Agencies); the others have not said yet.
STAFF_SUPPORT = {
    "West Kirkvale Police": "Police Wellbeing Service, 0300 000 1111, wellbeing.demo.invalid",
    "Kirkvale Hospitals NHS Foundation Trust": "Staff Psychological Support, 0300 000 2222, "
                                               "khft-support.demo.invalid",
    "North West Ambulance Service NHS Trust": "Employee Assistance Programme, 0800 000 3333",
}

# (key, name, job title, agency index, partnership role, partner for)
PEOPLE = [
    ("business.manager", "Beth Manning", "Partnership business manager", None,
     PartnershipRole.BUSINESS_MANAGER, ""),
    ("la.partner", "Laurence Appleby", "Service Director, Children's Social Care", 0,
     PartnershipRole.SAFEGUARDING_PARTNER, PartnerFor.LOCAL_AUTHORITY),
    ("health.partner", "Hana Okafor", "Head of Safeguarding, ICB", 2,
     PartnershipRole.SAFEGUARDING_PARTNER, PartnerFor.HEALTH),
    ("police.partner", "Peter Quayle", "Detective Superintendent", 1,
     PartnershipRole.SAFEGUARDING_PARTNER, PartnerFor.POLICE),
    ("scrutineer", "Imogen Strand", "Independent Scrutineer", None,
     PartnershipRole.INDEPENDENT_SCRUTINEER, ""),
    ("subgroup.member", "Samir Grewal", "Head of Safeguarding, Education", 4,
     PartnershipRole.SUBGROUP_MEMBER, ""),
    ("subgroup.health", "Rhian Pell", "Named Nurse, Safeguarding", 3,
     PartnershipRole.SUBGROUP_MEMBER, ""),
    ("executive", "Edwin Marsh", "Executive group chair", None,
     PartnershipRole.EXECUTIVE_MEMBER, ""),
    ("learning", "Lola Dunmore", "Learning and development lead", None,
     PartnershipRole.LEARNING_DEVELOPMENT, ""),
    ("lead.reviewer", "Ruth Ellery", "Independent lead reviewer", None, "", ""),
    ("agency.author", "Arun Thorne", "Detective Sergeant", 1, "", ""),
    ("practitioner", "Priya Venn", "Health Visitor", 3, "", ""),
    ("social.worker", "Sol Whitby", "Social Worker", 0, "", ""),
    ("outsider", "Owen Tarrant", "Teacher", 4, "", ""),
]

def demo_modules() -> list[Any]:
    """Each app's ``demo`` module, in app order (found by name: this command imports no app
    above it)."""
    found = []
    for app in apps.get_app_configs():
        try:
            found.append(importlib.import_module(f"{app.name}.demo"))
        except ModuleNotFoundError:
            continue
    return found


def working_days_ago(n: int) -> date:
    day = timezone.localdate()
    while n > 0:
        day -= timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


# The published reviews' children, each under a letter of its own on the public page (the others
# take the register's next free letter, 'Child A').
PUBLISHED_PSEUDONYMS = {14: "Child N", 15: "Child P", 16: "Child Q", 17: "Child R", 18: "Child S"}


class Command(BaseCommand):
    help = "Load a fictional partnership with a sign-in for every role and reviews at every stage."

    def handle(self, *args: object, **options: object) -> None:
        with as_system("command load_demo"):
            self._handle(*args, **options)

    def _handle(self, *args: object, **options: object) -> None:
        if Partnership.objects.filter(code="KV").exists():
            self.stdout.write("The demo partnership is already loaded.")
        else:
            with transaction.atomic():
                self._load()
            self.stdout.write(self.style.SUCCESS("Demo partnership loaded."))
        self._print_sign_ins()

    def _print_sign_ins(self) -> None:
        self.stdout.write(f"\nDemo sign-ins (every password is {PASSWORD}):")
        for key, name, title, _agency, role, _partner in PEOPLE:
            what = User(role=role, partner_for=_partner).role_label if role else title
            self.stdout.write(f"  {key + "@" + DOMAIN:<42} {name} – {what}")
        # People the stage apps' demos add (a practitioner's line manager, say).
        for demo in demo_modules():
            for key, name, what in getattr(demo, "SIGN_INS", []):
                self.stdout.write(f"  {key + "@" + DOMAIN:<42} {name} – {what}")
        self.stdout.write("")

    def _load(self) -> None:
        kv = Partnership.objects.create(
            name="Kirkvale Safeguarding Children Partnership", code="KV",
            business_unit_email=f"business.unit@{DOMAIN}", panel_email=f"panel@{DOMAIN}",
            ofsted_email=f"ofsted@{DOMAIN}", dfe_email=f"dfe@{DOMAIN}")
        ensure_default_rules(kv.pk)
        agencies = [Agency.objects.create(partnership=kv, name=n, short_name=short, kind=k,
                                          email=f"safeguarding{i}@{DOMAIN}",
                                          staff_support=STAFF_SUPPORT.get(n, ""))
                    for i, (n, short, k) in enumerate(AGENCIES, start=1)]
        self.people = {}
        for key, name, title, agency, role, partner in PEOPLE:
            self.people[key] = User.objects.create_user(
                f"{key}@{DOMAIN}", PASSWORD, full_name=name, job_title=title, partnership=kv,
                agency=agencies[agency] if agency is not None else None, role=role,
                partner_for=partner,
            )
        self.bm = self.people["business.manager"]
        self.kv, self.agencies = kv, agencies
        # Each agency's voice on the CSPR subgroup (told when its rapid review summary is late).
        for index, key in [(2, "subgroup.health"), (3, "subgroup.health"), (4, "subgroup.member"),
                           (9, "subgroup.member")]:
            agencies[index].subgroup_representative = self.people[key]
            agencies[index].save(update_fields=["subgroup_representative"])
        today = timezone.localdate()
        plans = [
            # (case index, aware on, stage to reach, kind)
            (0, working_days_ago(2), "notification", None),
            (1, working_days_ago(7), "notification", None),  # Panel notification overdue
            (2, working_days_ago(9), "rapid_review", None),
            (3, working_days_ago(18), "rapid_review", None),  # rapid review overdue
            # Aware just before Christmas 2025: the clocks run over the bank holidays.
            (4, date(2025, 12, 22), "decision", None),
            (5, today - timedelta(days=70), "commissioning", ReviewKind.LOCAL_CSPR),
            (6, today - timedelta(days=100), "set_up", ReviewKind.LEARNING_REVIEW),
            (7, today - timedelta(days=130), "chronology", ReviewKind.LOCAL_CSPR),
            (8, today - timedelta(days=160), "conversations", ReviewKind.OTHER_LEARNING),
            (9, today - timedelta(days=260), "report", ReviewKind.LOCAL_CSPR),  # 6 months overdue
            (10, today - timedelta(days=300), "publication", ReviewKind.NATIONAL),
            (11, today - timedelta(days=90), "closed", None),  # no review
            # The report stage's steps: review 9 has a first draft, comments and a
            # second version, partly signed off; 12 a learning review's first draft; 13 a final
            # report approved by everyone and waiting to be published.
            (12, today - timedelta(days=200), "report", ReviewKind.LEARNING_REVIEW),
            (13, today - timedelta(days=230), "report", ReviewKind.LOCAL_CSPR),
            # Publication (reviewdesk.publication.demo): approved about 80, 265 and 140 days ago,
            # then published (and, for 15, moved to on request; for 16, withdrawn).
            (14, today - timedelta(days=265), "publication", ReviewKind.LOCAL_CSPR),
            (15, today - timedelta(days=450), "publication", ReviewKind.LOCAL_CSPR),
            (16, today - timedelta(days=320), "publication", ReviewKind.LOCAL_CSPR),
            # The action plan (reviewdesk.action_plan.demo): reports approved about 370 and 580
            # days ago, their actions agreed and under way; the older review's all done.
            (17, today - timedelta(days=520), "action_plan", ReviewKind.LOCAL_CSPR),
            (18, today - timedelta(days=730), "action_plan", ReviewKind.LOCAL_CSPR),
        ]
        self.demos = demo_modules()
        for demo in self.demos:
            if hasattr(demo, "people"):
                demo.people(self)
        self.reviews = {}
        for index, aware, stage, kind in plans:
            self.reviews[index] = self._review(index, aware, stage, kind)
        for demo in self.demos:
            if hasattr(demo, "load"):
                demo.load(self)

    def _review(self, index: int, aware: date, stage: str, kind: str | None) -> Review:
        name, (years, months), looked_after, story = CASES[index]
        bm = self.bm
        review = actions.record_incident(
            self.kv, by=bm, children=[{"name": name,
                                       "date_of_birth": born_before(aware, years, months),
                                       "looked_after": looked_after,
                                       "pseudonym": PUBLISHED_PSEUDONYMS.get(index, "")}],
            what_happened=story.what_happened,
            abuse_or_neglect=Incident.AbuseOrNeglect.SUSPECTED, incident_date=aware - timedelta(1),
            la_aware_on=aware, summary="Fictional demonstration case. " + story.summary,
            agencies=self.agencies[:4],
        )
        surname = name.split()[-1]
        actions.save_identity(review, by=bm, kind=IdentityEntry.Kind.FAMILY,
                              real_name=f"Dana {surname}", pseudonym="Mother",
                              role_title="Mother", aliases="Dee")
        actions.save_identity(review, by=bm, kind=IdentityEntry.Kind.PLACE,
                              real_name=f"{12 + index} Larkspur Close, Kirkvale KV{index} 4QT",
                              pseudonym="The family home", role_title="Home address")
        step = aware
        order = ["notification", "rapid_review", "decision", "commissioning", "set_up",
                 "informing_staff", "chronology", "conversations", "family", "report",
                 "publication", "action_plan", "closed"]

        def move(name: str, days: int, **details: object) -> None:
            """The step on its day: the apps keep what it requires (and take it if theirs)."""
            nonlocal review, step
            step = min(step + timedelta(days=days), timezone.localdate())
            for demo in self.demos:
                if hasattr(demo, "before_step"):
                    demo.before_step(self, index, review, name, step, **details)
            review.refresh_from_db()
            if review.stage == transitions.TRANSITIONS[name].from_stage:
                # Work the step may leave outstanding (only the chronologies: the demo's earlier
                # reviews kept them on paper) is confirmed with the reason, as the page asks.
                left = transitions.outstanding(transitions.TRANSITIONS[name].unmet(review))
                review = transitions.move(review, name, by=bm, effective_on=step,
                                          reason=OUTSTANDING_REASON if left else "",
                                          accept_outstanding=bool(left))

        target = order.index(stage)
        if index != 1:  # the second case shows an overdue Panel notification
            review.clocks.filter(kind=ClockKind.PANEL_NOTIFICATION).update(
                met_on=min(aware + timedelta(days=2), timezone.localdate()))
        if target >= 1:
            move("start_rapid_review", 1)
        if target >= 2:
            move("complete_rapid_review", 18 if index == 4 else 20)
        if stage == "closed":
            move("decide_no_review", 5)  # the partners' decisions (decisions.demo)
            return review
        if target >= 3:
            move("initiate_review", 5, kind=kind)
            self._team(review)
        for name, days in [("complete_commissioning", 10), ("complete_set_up", 15),
                           ("start_chronology", 10), ("start_conversations", 30),
                           ("start_family_involvement", 20), ("start_report", 20),
                           ("approve_publication", 50), ("start_action_plan", 30)]:
            if target > order.index(transitions.TRANSITIONS[name].from_stage):
                move(name, days)
        if index == 9:
            clock = review.clocks.get(kind=ClockKind.REVIEW_COMPLETION)
            actions.delay_clock(
                clock, by=bm, revised_due_on=clock.due_on + timedelta(days=120),
                reason="police_investigation", detail="Criminal trial listed; the police asked "
                "that practitioners are not interviewed about the incident until it ends.",
                interim_learning="Health visiting now checks who else lives in the home at every "
                "new-birth visit.", effective_on=min(clock.due_on, timezone.localdate()))
        return review

    def _team(self, review: Review) -> None:
        """The review's subgroup members, agency author and practitioners (its lead reviewer is
        appointed at set-up: commissioning.demo)."""
        p = self.people
        start = review.stage_since
        for key, role, agency in [("subgroup.member", "subgroup_member", None),
                                  ("subgroup.health", "subgroup_member", self.agencies[3]),
                                  ("agency.author", "agency_author", None),
                                  ("practitioner", "practitioner", None),
                                  ("social.worker", "practitioner", None)]:
            # The police's author joined at the rapid review, for its summary (rapid_review.demo).
            if not review.memberships.filter(person=p[key], role=role,
                                             ended_at__isnull=True).exists():
                # Subgroup members declare no contact with the family (a note from one).
                actions.add_member(
                    review, p[key], role, by=self.bm, started_on=start, agency=agency,
                    no_contact=True if role == "subgroup_member" else None,
                    no_contact_note="I manage the safeguarding team, not the health visitors "
                                    "who saw the family." if key == "subgroup.health" else "")

