"""A review in flight, brought into Review Desk from a JSON file (``manage.py import_review``).

Two steps. ``check`` reads the whole file and lists every problem with its JSON path
(``$.agencies[0].chronology_author.email: …``), changing nothing. ``create`` then walks the
review from intake to its stage through the same actions as the pages, with the file's dates,
in one transaction: the steps before the stage are recorded as done before Review Desk (other
apps' requirements, which ask for their own records of those steps, are not asked) and send no
notices; nobody is invited. The format and the keys each stage needs are in docs/import-review.md.

This lives in commissioning, the latest stage it records: imports point one way (reviews ←
decisions, rapid_review ← commissioning), so the case file's app cannot call the later stages'
actions. The rapid review app's start makes its plan, as its page does; a review imported past
the rapid review has that plan done.
"""

import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from reviewdesk.accounts import actions as accounts
from reviewdesk.accounts.models import Agency, Partnership, User
from reviewdesk.audit.services import record
from reviewdesk.commissioning import actions as commissioning
from reviewdesk.commissioning.models import Reviewer
from reviewdesk.decisions import actions as decisions
from reviewdesk.rapid_review import actions as rapid_review
from reviewdesk.reviews import actions as reviews
from reviewdesk.reviews import transitions
from reviewdesk.reviews.models import (
    STAGE_ORDER,
    ClockKind,
    Incident,
    IncidentChild,
    Review,
    ReviewKind,
    Stage,
)

# The stages a review may be imported at, and the step that moves it into each.
STAGES = [Stage.NOTIFICATION, Stage.RAPID_REVIEW, Stage.DECISION, Stage.COMMISSIONING,
          Stage.SET_UP, Stage.INFORMING_STAFF, Stage.CHRONOLOGY, Stage.CONVERSATIONS,
          Stage.FAMILY]
STEP_INTO = {
    Stage.DECISION: "complete_rapid_review",
    Stage.SET_UP: "complete_commissioning",
    Stage.INFORMING_STAFF: "complete_set_up",
    Stage.CHRONOLOGY: "start_chronology",
    Stage.CONVERSATIONS: "start_conversations",
    Stage.FAMILY: "start_family_involvement",
}
DECIDED_KINDS = [ReviewKind.LOCAL_CSPR, ReviewKind.LEARNING_REVIEW, ReviewKind.OTHER_LEARNING,
                 ReviewKind.NATIONAL]
DEFAULT_METHODOLOGY = "Not given in the import: the terms of reference were approved before " \
                      "Review Desk."

TOP_KEYS = ["type", "children", "incident", "decided_on", "stage", "stage_dates",
            "lead_reviewer", "terms_of_reference", "agencies"]
CHILD_KEYS = ["name", "date_of_birth", "pseudonym", "looked_after", "sex", "legal_status",
              "first_language", "interpreter_needed"]
INCIDENT_KEYS = ["what_happened", "abuse_or_neglect", "incident_date", "la_aware_on", "summary",
                 "police_investigation", "inquest", "panel_notified_on"]
PERSON_KEYS = ["name", "email"]
LEAD_KEYS = [*PERSON_KEYS, "organisation", "appointed_on", "conflict_of_interest"]
CONFLICT_KEYS = ["details", "accepted_because"]
TOR_KEYS = ["period_from", "period_to", "lines_of_enquiry", "methodology", "scope_notes",
            "approved_on"]
AGENCY_KEYS = ["name", "kind", "chronology_author", "chronology_due_on", "author_named_on"]


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ImportRefused(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class Person:
    path: str
    name: str
    email: str
    existing: User | None = None


@dataclass
class AgencyPlan:
    path: str
    name: str
    kind: str
    existing: Agency | None = None
    author: Person | None = None
    due_on: date | None = None
    named_on: date | None = None


@dataclass
class Plan:
    """What the file asks for, checked: plain values, existing rows where matched."""

    stage: str = Stage.NOTIFICATION
    kind: str = ReviewKind.RAPID_REVIEW_ONLY
    children: list[dict[str, Any]] = field(default_factory=list)
    incident: dict[str, Any] = field(default_factory=dict)
    decided_on: date | None = None
    stage_dates: dict[str, date] = field(default_factory=dict)
    # The days the file itself gives (commissioning's is decided_on); the others are defaults.
    given_dates: dict[str, date] = field(default_factory=dict)
    lead: Person | None = None
    lead_organisation: str = ""
    appointed_on: date | None = None
    conflict: dict[str, str] | None = None
    tor: dict[str, Any] | None = None
    agencies: list[AgencyPlan] = field(default_factory=list)

    def reaches(self, stage: str) -> bool:
        return STAGE_ORDER.index(Stage(self.stage)) >= STAGE_ORDER.index(Stage(stage))

    @property
    def set_up_on(self) -> date | None:
        """The default date of the set-up records: the day set-up began, else the decision."""
        return self.stage_dates.get(Stage.SET_UP) or self.decided_on


def parse_json(data: bytes) -> Any:
    """The file's JSON; ValueError with a message saying where it is broken."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"it is not UTF-8 text (byte {exc.start + 1}): save it as UTF-8 "
                         "JSON") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"it is not valid JSON: {exc.msg} at line {exc.lineno}, column "
                         f"{exc.colno}") from None


class Checker:
    """Reads the whole file, collecting every problem; nothing stops at the first."""

    def __init__(self, partnership: Partnership, today: date | None = None):
        self.partnership = partnership
        self.today = today or timezone.localdate()
        self.problems: list[Problem] = []
        self.plan = Plan()

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    # --- Values ------------------------------------------------------------------------------

    def keys(self, value: Any, path: str, allowed: list[str], required: list[str]) -> bool:
        if not isinstance(value, dict):
            self.problem(path, f"should be an object ({{…}}), not {_what(value)}.")
            return False
        for key in value:
            if key not in allowed:
                close = difflib.get_close_matches(str(key).lower(), allowed, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'? The" if close else "the"
                self.problem(f"{path}.{key}", f"unknown key: {hint} keys here are "
                             + ", ".join(allowed) + ". Nothing in the file is ignored, so "
                             "remove or rename it.")
        for key in required:
            if key not in value:
                self.problem(f"{path}.{key}", "missing: this key is required"
                             + (f" at the {Stage(self.plan.stage).label.lower()} stage."
                                if path == "$" and key not in ("children", "incident", "stage")
                                else "."))
        return True

    def text(self, value: Any, path: str, *, required: bool = True, limit: int = 300) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            self.problem(path, f"should be text in quotes, not {_what(value)}.")
            return ""
        text = " ".join(value.split()) if limit <= 300 else value.strip()
        if required and not text:
            self.problem(path, "is empty: fill it in.")
        elif len(text) > limit:
            self.problem(path, f"is too long: at most {limit} characters.")
        return text

    def flag(self, value: Any, path: str) -> bool:
        if not isinstance(value, bool):
            hint = " (without quotes)" if isinstance(value, str) else ""
            self.problem(path, f"should be true or false{hint}, not {_what(value)}.")
            return False
        return value

    def choice(self, value: Any, path: str, choices: list[tuple[str, str]], what: str) -> str:
        values = [v for v, _label in choices]
        if isinstance(value, str) and value in values:
            return value
        if not isinstance(value, str):
            self.problem(path, f"should be one of {_listed(values)} (text in quotes), not "
                         f"{_what(value)}.")
            return ""
        wanted = _folded(value)
        guess = next((v for v, label in choices if wanted in (_folded(v), _folded(label))), None)
        starting = [v for v, label in choices
                    if wanted and (_folded(v).startswith(wanted) or _folded(label).startswith(wanted))]
        guess = guess or (starting[0] if len(starting) == 1 else None)  # 'F' for 'female'
        guess = guess or next(iter(difflib.get_close_matches(value.lower(), values, n=1)), None)
        hint = f"did you mean '{guess}'? Write" if guess else "write"
        self.problem(path, f"'{value}' is not {what}: {hint} one of {_listed(values)}, "
                     "exactly as here.")
        return ""

    def when(self, value: Any, path: str, *, required: bool = True) -> date | None:
        if value is None:
            if required:
                self.problem(path, "missing: give the date as YYYY-MM-DD.")
            return None
        if not isinstance(value, str):
            self.problem(path, f"should be a date in quotes, YYYY-MM-DD, not {_what(value)}.")
            return None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            self.problem(path, f"'{value}' is not a date in the form YYYY-MM-DD{_meant(value)}.")
            return None
        try:
            day = date.fromisoformat(value)
        except ValueError:
            self.problem(path, f"'{value}' is not a real date: check the month and the day "
                         "(YYYY-MM-DD).")
            return None
        if day > self.today:
            self.problem(path, f"{value} is in the future: dates in the file are when things "
                         "happened. Check the year.")
            return None
        return day

    def in_order(self, earlier: date | None, later: date | None, path: str, what: str) -> None:
        if earlier and later and later < earlier:
            self.problem(path, f"{later.isoformat()} is before {what} ({earlier.isoformat()}).")

    # --- The file ----------------------------------------------------------------------------

    def check(self, raw: Any) -> Plan:
        plan = self.plan
        if not isinstance(raw, dict):
            self.problem("$", f"the file should hold one JSON object ({{…}}), not {_what(raw)}.")
            return plan
        stages = [(s.value, s.label) for s in STAGES]
        stage = self.choice(raw.get("stage", Stage.NOTIFICATION), "$.stage", stages,
                            "a stage a review can be imported at")
        if not stage and raw.get("stage") in Stage.values:
            self.problems[-1] = Problem("$.stage", f"'{raw['stage']}' is not supported by the "
                                        "import: import the review at family involvement or "
                                        "earlier, then move it on in Review Desk.")
        elif not stage and isinstance(raw.get("stage"), str):
            # Check the rest of the file as if the near miss were meant ('Chronology').
            wanted = _folded(raw["stage"])
            stage = next((v for v, label in stages if wanted in (_folded(v), _folded(label))),
                         "")
        plan.stage = stage or Stage.NOTIFICATION
        commissioned = plan.reaches(Stage.COMMISSIONING)
        set_up_done = plan.reaches(Stage.INFORMING_STAFF)
        required = ["children", "incident"]
        if commissioned:
            required += ["type", "decided_on"]
        if set_up_done:
            required += ["lead_reviewer", "terms_of_reference", "agencies"]
        self.keys(raw, "$", TOP_KEYS, required)
        self._kind(raw)
        self._children(raw.get("children"))
        self._incident(raw.get("incident"))
        if "decided_on" in raw:
            if commissioned:
                plan.decided_on = self.when(raw["decided_on"], "$.decided_on")
            else:
                self._too_early("$.decided_on", "the decision")
        self._stage_dates(raw.get("stage_dates"))
        for key, what in (("lead_reviewer", "a lead reviewer"),
                          ("terms_of_reference", "terms of reference")):
            if key in raw and not commissioned:
                self._too_early(f"$.{key}", what)
        if commissioned and "lead_reviewer" in raw:
            self._lead_reviewer(raw["lead_reviewer"])
        if commissioned and "terms_of_reference" in raw:
            self._terms_of_reference(raw["terms_of_reference"])
        if "agencies" in raw:
            self._agencies(raw["agencies"], set_up_done)
        return plan

    def _too_early(self, path: str, what: str) -> None:
        self.problem(path, f"{what} is recorded from commissioning on; this review is imported at "
                     f"{Stage(self.plan.stage).label.lower()}. Remove it, or give a later stage.")

    def _kind(self, raw: dict) -> None:
        if "type" not in raw:
            return
        choices = [(k.value, k.label) for k in ReviewKind]
        kind = self.choice(raw["type"], "$.type", choices, "a kind of review")
        if not kind:
            return
        if self.plan.reaches(Stage.COMMISSIONING):
            if kind not in DECIDED_KINDS:
                self.problem("$.type", f"a review at {Stage(self.plan.stage).label.lower()} was "
                             f"decided on: write one of {_listed(DECIDED_KINDS)}.")
                return
        elif kind != ReviewKind.RAPID_REVIEW_ONLY:
            self.problem("$.type", "the partners have not decided on a review before "
                         "commissioning: leave type out, or write 'rapid_review'.")
            return
        self.plan.kind = kind

    def _children(self, value: Any) -> None:
        if value is None:
            return
        if not isinstance(value, list) or not value:
            self.problem("$.children", "should be a list of one to "
                         f"{reviews.MAX_CHILDREN} children, [{{…}}], not {_what(value)}.")
            return
        if len(value) > reviews.MAX_CHILDREN:
            self.problem("$.children", f"an incident names at most {reviews.MAX_CHILDREN} "
                         "children: import the review with the first four and add the others as "
                         "another case on its page.")
        for n, child in enumerate(value):
            path = f"$.children[{n}]"
            if not self.keys(child, path, CHILD_KEYS, ["name"]):
                continue
            values: dict[str, Any] = {
                "name": self.text(child.get("name"), f"{path}.name") if "name" in child else "",
                "date_of_birth": self.when(child.get("date_of_birth"), f"{path}.date_of_birth",
                                           required=False),
                "looked_after": self.flag(child["looked_after"], f"{path}.looked_after")
                if "looked_after" in child else False,
                "pseudonym": self.text(child.get("pseudonym"), f"{path}.pseudonym",
                                       required=False, limit=100) or None,
                "first_language": self.text(child.get("first_language"),
                                            f"{path}.first_language", required=False, limit=100),
            }
            if child.get("sex") is not None:
                values["sex"] = self.choice(child["sex"], f"{path}.sex",
                                            IncidentChild.Sex.choices, "a sex")
            if child.get("legal_status") is not None:
                values["legal_status"] = self.choice(
                    child["legal_status"], f"{path}.legal_status",
                    IncidentChild.LegalStatus.choices, "a legal status")
            if child.get("interpreter_needed") is not None:
                values["interpreter_needed"] = self.flag(child["interpreter_needed"],
                                                         f"{path}.interpreter_needed")
            self.plan.children.append(values)
        children = self.plan.children
        fields = {"pseudonym": "pseudonym", "sex": "sex", "legal_status": "legal_status",
                  "first_language": "first_language"}
        for key, message in {**reviews.pseudonym_problems(None, children),
                             **reviews.child_detail_problems(children)}.items():
            n, name = re.fullmatch(r"child_(\d+)_(\w+)", key).groups()
            message = message.replace(f"Child {n} is", "This child is")
            self.problem(f"$.children[{int(n) - 1}].{fields.get(name, name)}", _lower(message))

    def _incident(self, value: Any) -> None:
        if value is None:
            return
        path = "$.incident"
        if not self.keys(value, path, INCIDENT_KEYS, ["what_happened", "abuse_or_neglect",
                                                      "incident_date", "la_aware_on",
                                                      "summary"]):
            return
        plan = self.plan
        values = plan.incident
        if "what_happened" in value:
            values["what_happened"] = self.choice(value["what_happened"], f"{path}.what_happened",
                                                  Incident.WhatHappened.choices, "what happened")
        if "abuse_or_neglect" in value:
            values["abuse_or_neglect"] = self.choice(
                value["abuse_or_neglect"], f"{path}.abuse_or_neglect",
                Incident.AbuseOrNeglect.choices, "whether abuse or neglect is known or suspected")
        for key in ("incident_date", "la_aware_on"):
            if key in value:
                values[key] = self.when(value[key], f"{path}.{key}")
        if "panel_notified_on" in value:
            values["panel_notified_on"] = self.when(value["panel_notified_on"],
                                                    f"{path}.panel_notified_on")
        if "summary" in value:
            values["summary"] = self.text(value["summary"], f"{path}.summary", limit=20000)
        for key in ("police_investigation", "inquest"):
            values[key] = self.flag(value[key], f"{path}.{key}") if key in value else False
        self.in_order(values.get("incident_date"), values.get("la_aware_on"),
                      f"{path}.la_aware_on", "the incident date")
        self.in_order(values.get("la_aware_on"), values.get("panel_notified_on"),
                      f"{path}.panel_notified_on", "the date the local authority became aware")
        for n, child in enumerate(plan.children):
            born, happened = child.get("date_of_birth"), values.get("incident_date")
            if born and happened and born > happened:
                self.problem(f"$.children[{n}].date_of_birth", f"{born.isoformat()} is after the "
                             f"incident date ({happened.isoformat()}).")

    def _stage_dates(self, value: Any) -> None:
        """The day each stage began, where known; each defaults to the day the one before it
        began (the decision's is decided_on)."""
        plan = self.plan
        given: dict[str, date | None] = {}
        if isinstance(value, dict) and Stage.COMMISSIONING in value:
            self.problem("$.stage_dates.commissioning", "commissioning begins on the day of the "
                         "decision: give it as decided_on.")
            value = {k: v for k, v in value.items() if k != Stage.COMMISSIONING}
        if value is not None:
            allowed = [s.value for s in STAGES[1:] if s != Stage.COMMISSIONING]
            if self.keys(value, "$.stage_dates", allowed, []):
                for key, text in value.items():
                    if key not in allowed:
                        continue
                    if not plan.reaches(key):
                        self.problem(f"$.stage_dates.{key}", f"the review is imported at "
                                     f"{Stage(plan.stage).label.lower()}, before this stage: "
                                     "remove the date.")
                        continue
                    given[key] = self.when(text, f"$.stage_dates.{key}")
        previous, previous_what = plan.incident.get("la_aware_on"), \
            "the date the local authority became aware"
        for stage in STAGES[1:]:
            if not plan.reaches(stage):
                break
            if stage == Stage.COMMISSIONING:
                day, path = plan.decided_on, "$.decided_on"
            else:
                day, path = given.get(stage), f"$.stage_dates.{stage}"
            if day is None:
                day = previous
            else:
                self.in_order(previous, day, path, previous_what)
                plan.given_dates[stage] = day
            if day is not None:
                plan.stage_dates[stage] = day
            previous, previous_what = day or previous, f"the day {Stage(stage).label.lower()} " \
                                                       "began"

    def _person(self, value: Any, path: str, keys: list[str]) -> Person | None:
        if not self.keys(value, path, keys, ["name", "email"]):
            return None
        name = self.text(value.get("name"), f"{path}.name") if "name" in value else ""
        email = self.text(value.get("email"), f"{path}.email") if "email" in value else ""
        if email:
            try:
                validate_email(email)
            except ValidationError:
                self.problem(f"{path}.email", f"'{email}' is not an e-mail address — write it "
                             "like name@agency.org.")
                email = ""
        if not (name and email):
            return None
        person = Person(path, name, email.lower())
        person.existing = User.objects.filter(email__iexact=email).first()
        if person.existing is not None:
            found = person.existing
            if found.partnership_id not in (None, self.partnership.pk):
                self.problem(f"{path}.email", f"{email} belongs to someone in another "
                             "partnership: give this partnership's address for them.")
            elif _folded(found.full_name) != _folded(name):
                self.problem(f"{path}.name", f"the person with the e-mail {email} is "
                             f"'{found.full_name}' in Review Desk, not '{name}': write the name "
                             "as Review Desk has it, or check the e-mail address.")
            elif not found.is_active:
                self.problem(f"{path}.email", f"{found.full_name}'s access is deactivated: ask "
                             "the business manager to reactivate them first.")
        return person

    def _lead_reviewer(self, value: Any) -> None:
        plan = self.plan
        person = self._person(value, "$.lead_reviewer", LEAD_KEYS)
        if not isinstance(value, dict):
            return
        plan.lead = person
        plan.lead_organisation = self.text(value.get("organisation"),
                                           "$.lead_reviewer.organisation", required=False)
        plan.appointed_on = self.when(value.get("appointed_on"), "$.lead_reviewer.appointed_on",
                                      required=False) or plan.set_up_on
        self._set_up_date(plan.appointed_on, "$.lead_reviewer.appointed_on")
        conflict = value.get("conflict_of_interest")
        if conflict is not None and self.keys(conflict, "$.lead_reviewer.conflict_of_interest",
                                              CONFLICT_KEYS, CONFLICT_KEYS):
            plan.conflict = {k: self.text(conflict.get(k), f"$.lead_reviewer."
                                          f"conflict_of_interest.{k}", limit=5000)
                             for k in CONFLICT_KEYS if k in conflict}

    def _set_up_date(self, day: date | None, path: str) -> None:
        plan = self.plan
        self.in_order(plan.decided_on, day, path, "decided_on, the decision")
        ended = plan.stage_dates.get(Stage.INFORMING_STAFF)
        if day and ended and day > ended:
            self.problem(path, f"{day.isoformat()} is after set-up was complete "
                         f"({ended.isoformat()}, the day informing staff began).")

    def _terms_of_reference(self, value: Any) -> None:
        path = "$.terms_of_reference"
        if not self.keys(value, path, TOR_KEYS, ["period_from", "period_to",
                                                  "lines_of_enquiry"]):
            return
        tor: dict[str, Any] = {
            "period_from": self.when(value.get("period_from"), f"{path}.period_from"),
            "period_to": self.when(value.get("period_to"), f"{path}.period_to"),
            "methodology": self.text(value.get("methodology"), f"{path}.methodology",
                                     required=False, limit=20000) or DEFAULT_METHODOLOGY,
            "scope_notes": self.text(value.get("scope_notes"), f"{path}.scope_notes",
                                     required=False, limit=20000),
            "approved_on": self.when(value.get("approved_on"), f"{path}.approved_on",
                                     required=False) or self.plan.set_up_on,
        }
        self.in_order(tor["period_from"], tor["period_to"], f"{path}.period_to",
                      "period_from, the start of the period under review")
        self._set_up_date(tor["approved_on"], f"{path}.approved_on")
        lines = value.get("lines_of_enquiry")
        if "lines_of_enquiry" in value:
            if isinstance(lines, str):
                lines = [lines]
            if not isinstance(lines, list) or not lines:
                self.problem(f"{path}.lines_of_enquiry", "should be a list of the key lines of "
                             f"enquiry, [\"…\", \"…\"], not {_what(lines)}.")
                lines = []
            texts = [self.text(line, f"{path}.lines_of_enquiry[{n}]", limit=5000)
                     for n, line in enumerate(lines)]
            tor["lines_of_enquiry"] = "\n".join(t for t in texts if t)
        self.plan.tor = tor

    def _agencies(self, value: Any, authors_required: bool) -> None:
        plan = self.plan
        if not isinstance(value, list) or (authors_required and not value):
            self.problem("$.agencies", "should be a list of the agencies in scope, [{…}], not "
                         f"{_what(value)}.")
            return
        existing = {_folded(a.name): a for a in Agency.objects.filter(partnership=self.partnership)}
        seen: dict[str, int] = {}
        for n, item in enumerate(value):
            path = f"$.agencies[{n}]"
            required = ["name", "kind"] + (["chronology_author", "chronology_due_on"]
                                           if authors_required else [])
            if not self.keys(item, path, AGENCY_KEYS, required):
                continue
            name = self.text(item.get("name"), f"{path}.name") if "name" in item else ""
            kind = self.choice(item["kind"], f"{path}.kind", Agency.Kind.choices,
                               "a kind of agency") if "kind" in item else ""
            agency = AgencyPlan(path, name, kind, existing.get(_folded(name)))
            if name and _folded(name) in seen:
                self.problem(f"{path}.name", f"{name} is listed twice (also at $.agencies"
                             f"[{seen[_folded(name)]}]): list each agency once.")
            seen.setdefault(_folded(name), n)
            if agency.existing and kind and agency.existing.kind != kind:
                self.problem(f"{path}.kind", f"{agency.existing.name} is already an agency of "
                             f"kind '{agency.existing.kind}' in the partnership, not '{kind}': "
                             "correct the kind.")
            author_keys = ("chronology_author", "chronology_due_on", "author_named_on")
            if any(k in item for k in author_keys) and not plan.reaches(Stage.COMMISSIONING):
                self._too_early(f"{path}.chronology_author", "a chronology author")
            elif "chronology_author" in item:
                agency.author = self._person(item["chronology_author"],
                                             f"{path}.chronology_author", PERSON_KEYS)
                self._author_agency(agency)
                agency.named_on = self.when(item.get("author_named_on"),
                                            f"{path}.author_named_on",
                                            required=False) or plan.set_up_on
                self._set_up_date(agency.named_on, f"{path}.author_named_on")
                if "chronology_due_on" not in item:
                    self.problem(f"{path}.chronology_due_on", "missing: give the date the "
                                 "agency's chronology is due, YYYY-MM-DD.")
                else:
                    agency.due_on = self._due(item["chronology_due_on"],
                                              f"{path}.chronology_due_on")
                    self.in_order(agency.named_on, agency.due_on, f"{path}.chronology_due_on",
                                  "the day the author was named")
            elif "chronology_due_on" in item:
                self.problem(f"{path}.chronology_author", "missing: a due date needs the "
                             "author it is owed by, {\"name\": …, \"email\": …}.")
            plan.agencies.append(agency)

    def _due(self, value: Any, path: str) -> date | None:
        """A due date may be in the future (it usually is)."""
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            self.problem(path, f"{_what(value)} is not a date in the form YYYY-MM-DD"
                         f"{_meant(value) if isinstance(value, str) else ''}.")
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.problem(path, f"'{value}' is not a real date.")
            return None

    def _author_agency(self, agency: AgencyPlan) -> None:
        person = agency.author
        if person is None or person.existing is None or agency.existing is None:
            if person and person.existing and agency.existing is None:
                self.problem(f"{person.path}.email", f"{person.existing.full_name} works for "
                             f"{person.existing.agency or 'no agency'} in Review Desk, not "
                             f"{agency.name}: an agency's chronology author is one of its staff.")
            return
        if person.existing.agency_id != agency.existing.pk:
            self.problem(f"{person.path}.email", f"{person.existing.full_name} works for "
                         f"{person.existing.agency or 'no agency'} in Review Desk, not "
                         f"{agency.existing.name}: an agency's chronology author is one of its "
                         "staff.")


def check(raw: Any, partnership: Partnership) -> tuple[Plan, list[Problem]]:
    checker = Checker(partnership)
    plan = checker.check(raw)
    return plan, checker.problems


# --- Creating the review ---------------------------------------------------------------------

@dataclass
class Created:
    review: Review
    people: list[User] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    reviewers: list[Reviewer] = field(default_factory=list)


SOURCE = "Decided before Review Desk; recorded by the import_review command."


def file_digest(data: bytes) -> str:
    """The file's SHA-256, kept in the audit trail to trace the review to its file. The file's
    name is never kept: it usually holds the child's real name."""
    return hashlib.sha256(data).hexdigest()


def create(plan: Plan, partnership: Partnership, *, by: User, sha256: str) -> Created:
    """Every step through the apps' own actions, in one transaction: all or nothing. A refusal
    the checks did not foresee is raised as ImportRefused at ``$``. ``sha256``: the file's
    (``file_digest``), for the audit trail."""
    try:
        with transaction.atomic():
            return _create(plan, partnership, by=by, sha256=sha256)
    except ValidationError as exc:
        raise ImportRefused([Problem("$", m) for m in exc.messages]) from exc


def _create(plan: Plan, partnership: Partnership, *, by: User, sha256: str) -> Created:
    source = SOURCE
    made = Created(review=None)  # type: ignore[arg-type]
    agencies = [_agency(a, partnership, by, made) for a in plan.agencies]
    incident = plan.incident
    review = reviews.record_incident(
        partnership, by=by, children=plan.children, what_happened=incident["what_happened"],
        abuse_or_neglect=incident["abuse_or_neglect"], incident_date=incident["incident_date"],
        la_aware_on=incident["la_aware_on"], summary=incident["summary"], agencies=agencies,
        police_investigation=incident["police_investigation"], inquest=incident["inquest"])
    made.review = review
    if incident.get("panel_notified_on"):
        clock = review.clocks.get(kind=ClockKind.PANEL_NOTIFICATION)
        reviews.mark_clock_met(clock, by=by, met_on=incident["panel_notified_on"])
    elif plan.reaches(Stage.RAPID_REVIEW):
        _met_before_review_desk(plan, review, ClockKind.PANEL_NOTIFICATION, Stage.RAPID_REVIEW,
                                exact=False, by=by)
    for stage in STAGES[1:]:
        if not plan.reaches(stage):
            break
        day = plan.stage_dates[stage]
        if stage == Stage.COMMISSIONING:
            decisions.record_decision_made_before(review, by=by, kind=plan.kind, decided_on=day,
                                                  source=source)
            review.refresh_from_db()
            _set_up_records(plan, review, agencies, by=by, made=made, partnership=partnership)
            continue
        if stage == Stage.INFORMING_STAFF:
            _authors(plan, review, agencies, by=by, made=made, partnership=partnership)
        if stage == Stage.RAPID_REVIEW:
            # The rapid review app's step: it makes the plan (its tasks) too, as the page does.
            rapid_review.start_rapid_review(review, by=by, effective_on=day, imported=True)
        else:
            transitions.move(review, STEP_INTO[stage], by=by, effective_on=day, imported=True)
        review.refresh_from_db()
        if stage == Stage.DECISION:
            _met_before_review_desk(plan, review, ClockKind.RAPID_REVIEW, Stage.DECISION,
                                    exact=True, by=by)
            _plan_done(review, by=by)
    if plan.stage in (Stage.COMMISSIONING, Stage.SET_UP):
        _authors(plan, review, agencies, by=by, made=made, partnership=partnership)
    record("review.imported", actor=by, review=review,
           summary=f"Imported {review.reference} (import_review command)",
           data={"sha256": sha256, "via": "import_review command", "stage": plan.stage,
                 "people_added": [p.pk for p in made.people],
                 "agencies_added": [a.pk for a in made.agencies]})
    return made


# The first date the file may give after a step, in words: "met by 20 March 2026, the day …".
KNOWN_DAY_WORDS = {
    Stage.RAPID_REVIEW: "the day the rapid review started",
    Stage.DECISION: "the day the rapid review was complete",
    Stage.COMMISSIONING: "the day the partners decided to hold the review",
    Stage.SET_UP: "the day set-up began",
    Stage.INFORMING_STAFF: "the day informing staff began",
    Stage.CHRONOLOGY: "the day the chronology stage began",
    Stage.CONVERSATIONS: "the day conversations with staff began",
    Stage.FAMILY: "the day family involvement began",
}


def _met_before_review_desk(plan: Plan, review: Review, kind: str, done_by: str, *,
                            exact: bool, by: User) -> None:
    """The deadline of a step done before the imported stage (the Panel notification's own date,
    ``panel_notified_on``, is used where given). With ``exact`` the file's day for ``done_by``
    (the stage the step leads into) is the day it was met. Otherwise no day is invented: the
    clock is met *by* the first day the file gives from ``done_by`` on (else the day of the
    import), and says so, so the review shows no overdue deadline for a step it says was done."""
    clock = review.clocks.filter(kind=kind, met_on__isnull=True).first()
    if clock is None:
        return
    if exact and done_by in plan.given_dates:
        reviews.mark_clock_met(clock, by=by, met_on=plan.given_dates[done_by])
        return
    later = STAGES[STAGES.index(Stage(done_by)):]
    stage = next((s for s in later if s in plan.given_dates and plan.reaches(s)), None)
    day = plan.given_dates[stage] if stage else timezone.localdate()
    words = KNOWN_DAY_WORDS[stage] if stage else "the day of the import"
    reviews.mark_clock_met(clock, by=by, met_on=day, note=(
        f"Met before Review Desk: the import gives no date for it, so it is shown as met by "
        f"{day:%-d %B %Y}, {words}."))


def _plan_done(review: Review, *, by: User) -> None:
    """The rapid review plan of a review imported past it: every step done by the day its
    deadline (the last step, the copy to the Panel) was met."""
    clock = review.clocks.get(kind=ClockKind.RAPID_REVIEW)
    how = "the import gives no date for it, so it is shown as done by" if clock.met_note \
        else "done by"
    rapid_review.complete_plan_before_review_desk(
        review, by=by, done_on=clock.met_on,
        note=f"Done before Review Desk: {how} {clock.met_on:%-d %B %Y}, when the rapid review "
             "deadline was met.")


def _agency(planned: AgencyPlan, partnership: Partnership, by: User, made: Created) -> Agency:
    if planned.existing is not None:
        return planned.existing
    agency = accounts.add_agency(partnership, by=by, name=planned.name, kind=planned.kind)
    planned.existing = agency
    made.agencies.append(agency)
    return agency


def _user(person: Person, partnership: Partnership, *, by: User, made: Created,
          agency: Agency | None = None, job_title: str = "") -> User:
    if person.existing is not None:
        return person.existing
    # Nobody is e-mailed by an import: the business manager invites people (resets their
    # access) when they are to sign in.
    user = accounts.invite_person(partnership, by=by, email=person.email, full_name=person.name,
                                  job_title=job_title, agency=agency, send_invitation=False)
    person.existing = user
    made.people.append(user)
    return user


def _set_up_records(plan: Plan, review: Review, agencies: list[Agency], *, by: User,
                    made: Created, partnership: Partnership) -> None:
    """At commissioning (before the step into set-up): the lead reviewer and the approved terms
    of reference. Appointments belong to commissioning and set-up, so they come first."""
    if plan.lead is not None:
        user = _user(plan.lead, partnership, by=by, made=made, job_title="Independent reviewer")
        reviewer = Reviewer.objects.filter(partnership=partnership, user=user).first()
        if reviewer is None:
            reviewer = commissioning.add_reviewer(partnership, by=by, full_name=plan.lead.name,
                                                  email=user.email,
                                                  organisation=plan.lead_organisation)
            made.reviewers.append(reviewer)
        conflict = plan.conflict or {}
        commissioning.appoint_lead_reviewer(
            review, reviewer, by=by, appointed_on=plan.appointed_on,
            conflict="declared" if conflict else "none",
            conflict_details=conflict.get("details", ""), conflict_accepted=bool(conflict),
            acceptance_reason=conflict.get("accepted_because", ""))
    if plan.tor is not None:
        tor = plan.tor
        version = commissioning.save_terms_of_reference(
            review, by=by, period_from=tor["period_from"], period_to=tor["period_to"],
            lines_of_enquiry=tor["lines_of_enquiry"], agencies=agencies,
            methodology=tor["methodology"], scope_notes=tor["scope_notes"],
            drafted_on=tor["approved_on"])
        commissioning.approve_terms_of_reference(
            version, by=by, approved_on=tor["approved_on"],
            note="Approved before Review Desk: recorded by an import.")


def _authors(plan: Plan, review: Review, agencies: list[Agency], *, by: User, made: Created,
             partnership: Partnership) -> None:
    """Each agency's chronology author, then the approved terms of reference made readable to
    them (shared before Review Desk: no e-mail) on the day they were approved, or the day the
    last author was named if that was later."""
    named: list[date] = []
    for planned, agency in zip(plan.agencies, agencies, strict=True):
        if planned.author is None:
            continue
        user = _user(planned.author, partnership, by=by, made=made, agency=agency,
                     job_title="Chronology author")
        commissioning.name_chronology_author(review, agency, by=by, person=user,
                                             due_on=planned.due_on, named_on=planned.named_on)
        named.append(planned.named_on)
    approved = review.terms_of_reference.filter(status="approved").order_by("-number").first()
    if named and approved is not None:
        commissioning.share_terms_of_reference(approved, by=by, send_notices=False,
                                               shared_on=max(approved.approved_on, *named))


# --- Words -------------------------------------------------------------------------------------

def _what(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'" if value else "empty text"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _listed(values: list[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _folded(text: str) -> str:
    return " ".join(str(text).replace("_", " ").replace("-", " ").split()).casefold()


def _lower(message: str) -> str:
    return message[:1].lower() + message[1:]


def _meant(value: str) -> str:
    """For a UK-style date, what to write instead: 02/03/2026 → 2026-03-02."""
    match = re.fullmatch(r"\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*", value)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            meant = date(year, month, day)
        except ValueError:
            return ""
        return f": for {meant:%-d %B %Y} write {meant.isoformat()}"
    return ": for example 2026-03-02"
