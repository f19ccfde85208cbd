"""The access matrix: every URL, as every named person, member and non-member.

The URL list comes from Django's resolver, so a new page without a row here fails the suite.
Made-up marker names are seeded in every identity field; a person who may not see an identity
must never find its marker in a page they are shown.
"""

import importlib
import io
import pkgutil
import re
import shutil
import weakref
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape
from pathlib import Path
from types import ModuleType
from urllib.parse import quote, quote_plus, urlencode, urlsplit

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import StreamingHttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from pytest_django import DjangoDbBlocker, Settings

from conftest import FIXTURE_AGENCY_KINDS, TEST_TODAY, _ten_in_the_morning
from reviewdesk.accounts.models import Agency, PartnerFor, Partnership, PartnershipRole, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.commissioning.testing import take
from reviewdesk.middleware import PUBLIC_MAX_AGE
from reviewdesk.reads import is_read_event
from reviewdesk.reviews import actions, transitions
from reviewdesk.reviews.clocks import ensure_default_rules
from reviewdesk.reviews.models import Clock, IdentityEntry, Incident, Review, ReviewRole, Task
from reviewdesk.testing import ClientFor, ClientResponse, MakeReview

# Markers: unusual strings that appear nowhere else. Family identities, then staff identities.
CHILD = "Zorbex Quintrell"
CHILD_ALIAS = "Zorbo"
MOTHER = "Yselda Quintrell"
ADDRESS = "7 Xanthorpe Mews"
NHS_NUMBER = "943 476 5919"
CHILD_DOB = "29 February 2016"
# The child's first language is a family-tier detail (a rare language can identify a family).
FIRST_LANGUAGE = "Vulpinese"
PRACTITIONER = "Wendeline Vortigern"
AUTHOR = "Ulfric Tamberlane"
# Names as people type them, not as the register spells them: a first name alone, a surname
# alone, initials, a nickname (CHILD_ALIAS) and a typo. Each is a marker of its own, hidden from
# whoever may not see the person it names.
CHILD_FIRST, FAMILY_SURNAME, CHILD_INITIALS, CHILD_TYPO = "Zorbex", "Quintrell", "Z.Q.", "Zrobex"
MOTHER_FIRST = "Yselda"
PRACTITIONER_FIRST, PRACTITIONER_SURNAME, PRACTITIONER_INITIALS, PRACTITIONER_TYPO = (
    "Wendeline", "Vortigern", "W.V.", "Vortigren")
AUTHOR_SURNAME = "Tamberlane"
AS_TYPED = {CHILD: [CHILD_FIRST, FAMILY_SURNAME, CHILD_INITIALS, CHILD_TYPO],
            MOTHER: [MOTHER_FIRST], PRACTITIONER: [PRACTITIONER_FIRST, PRACTITIONER_SURNAME,
                                                   PRACTITIONER_INITIALS, PRACTITIONER_TYPO],
            AUTHOR: [AUTHOR_SURNAME]}
# Free text naming everyone in those forms, written beside the full names wherever free text is.
TYPED = (f"{CHILD_FIRST} told {PRACTITIONER_FIRST} that {CHILD_INITIALS}'s mum {MOTHER_FIRST} "
         f"had gone; {CHILD_TYPO} was seen by {PRACTITIONER_INITIALS} and Ms {FAMILY_SURNAME} "
         f"spoke to PC {PRACTITIONER_SURNAME}, not {PRACTITIONER_TYPO}; Mr {AUTHOR_SURNAME} "
         f"agreed.")
FAMILY_MARKERS = [CHILD, CHILD_ALIAS, MOTHER, ADDRESS, NHS_NUMBER, CHILD_DOB, FIRST_LANGUAGE,
                  *AS_TYPED[CHILD], *AS_TYPED[MOTHER]]
STAFF_MARKERS = [PRACTITIONER, AUTHOR, *AS_TYPED[PRACTITIONER], *AS_TYPED[AUTHOR]]

BM, PARTNER, SCRUTINEER, SUBGROUP = "business_manager", "partner", "scrutineer", "subgroup_member"
OTHER_SUBGROUP, EXECUTIVE, LEARNING = "other_subgroup", "executive", "learning_lead"
LEAD, AUTHOR_P, PRACT, OUTSIDER, ANON = ("lead_reviewer", "agency_author", "practitioner",
                                         "outsider", "anonymous")
# The practitioner's line manager, on the review as a manager (ReviewRole.MANAGER) and named on
# the practitioner's record: sees what a practitioner sees, and their own staff's names (the
# practitioner's), never another member of staff's (the agency author's).
MANAGER_P = "manager"
EVERYONE = [BM, PARTNER, SCRUTINEER, SUBGROUP, OTHER_SUBGROUP, EXECUTIVE, LEARNING, LEAD,
            AUTHOR_P, PRACT, MANAGER_P, OUTSIDER, ANON]
SIGNED_IN = set(EVERYONE) - {ANON}
OVERSIGHT = {BM, PARTNER, SCRUTINEER, SUBGROUP, OTHER_SUBGROUP}
TEAM = {LEAD, AUTHOR_P, PRACT, MANAGER_P}
# A review's path, one transition per stage (the partners decide on a local CSPR).
WALK = {"rapid_review": "start_rapid_review", "decision": "complete_rapid_review",
        "commissioning": "initiate_review", "set_up": "complete_commissioning",
        "informing_staff": "complete_set_up", "chronology": "start_chronology",
        "conversations": "start_conversations", "family": "start_family_involvement",
        "report": "start_report", "publication": "approve_publication",
        "action_plan": "start_action_plan", "closed": "close_review"}
STAGES = ["notification", *WALK]
# The executive group sees a review from the report stage on (they sign the report off); the L&D
# subgroup from publication (they brief staff on its learning). Written out, not read from
# access.py, so a change there fails here.
SEES_REVIEW_AT = {stage: OVERSIGHT | TEAM
                  | ({EXECUTIVE} if STAGES.index(stage) >= STAGES.index("report") else set())
                  | ({LEARNING} if STAGES.index(stage) >= STAGES.index("publication") else set())
                  for stage in STAGES}
SEES_FAMILY = {BM, SUBGROUP, LEAD, AUTHOR_P, PRACT, MANAGER_P}
SEES_STAFF = {BM, SUBGROUP, LEAD}
# Staff identities seen by one who does not see them all: a manager their own staff's.
SEES_OWN_STAFF = {MANAGER_P: [PRACTITIONER, *AS_TYPED[PRACTITIONER]]}


def review_page(allowed: set[str], sees_review: set[str]) -> dict[str, int]:
    """Expected statuses on a review's page: 200 if allowed, 403 if the person can see the review
    but may not use this page, 404 if they cannot see the review, 302 to sign in if anonymous."""
    out = {}
    for person in EVERYONE:
        if person == ANON:
            out[person] = 302
        elif person not in sees_review:
            out[person] = 404
        elif person in allowed:
            out[person] = 200
        else:
            out[person] = 403
    return out


def partnership_page(allowed: set[str]) -> dict[str, int]:
    return {p: 302 if p == ANON else (200 if p in allowed else 403) for p in EVERYONE}


def everyone(status: int, anonymous: int | None = None) -> dict[str, int]:
    return {p: (anonymous if p == ANON and anonymous is not None else status) for p in EVERYONE}


def done(expected: dict[str, int]) -> dict[str, int]:
    """A valid form from those allowed: the change is made and they are sent on (302)."""
    return {p: (302 if code == 200 else code) for p, code in expected.items()}


def day(name: str, on: date) -> dict[str, int]:
    """A govukDateInput's three boxes."""
    return {f"{name}-day": on.day, f"{name}-month": on.month, f"{name}-year": on.year}


def version_of(record: object) -> int:
    """The version a versioned form's page shows now (reviewdesk/versioning.py): a body carries
    it, so an allowed person's save is not refused as a stale edit."""
    record.refresh_from_db()  # type: ignore[attr-defined]
    return record.version  # type: ignore[attr-defined]


def incident_form(child_name: str, agency_ids: list[int]) -> dict:
    """The serious-incident form as the business unit fills it in."""
    return {"what_happened": "serious_harm", "abuse_or_neglect": "suspected",
            **day("incident_date", date(2026, 3, 2)), **day("la_aware_on", date(2026, 3, 2)),
            "agencies": agency_ids, "summary": f"{child_name} was hurt at home.",
            "child_1_name": child_name, "child_1_pseudonym": "Child Z"}


def post_body(name: str, review: Review, people: dict[str, User | None]) -> dict:
    """A valid form for each POST row, made when it is sent (so it carries the record's version
    as it is then), so a refusal is the access rule's and not the form's."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reviewdesk.reviews import register_file

    match name:
        case "reviews:add_member":
            return {"person": people[OUTSIDER].pk, "role": ReviewRole.PRACTITIONER,
                    "role_title": "School nurse", **day("started_on", date(2026, 3, 4))}
        case "reviews:remove_member":
            return {"reason": "Moved to another team.", **day("ended_on", date(2026, 3, 9))}
        case "accounts:invite":
            return {"full_name": "Ivy Invited", "email": "ivy.invited@example.test", "role": ""}
        case "reviews:change_escalation_clock":
            return {"length": "7"}
        case "reviews:record_incident":
            # A new review whose child carries the family's surname, a marker of its own.
            return incident_form(f"Zinnia {FAMILY_SURNAME}", agencies_of(review))
        case "reviews:add_case":
            return incident_form(f"Zeb {FAMILY_SURNAME}", agencies_of(review))
        case "reviews:change_stage":
            return {**day("effective_on", date(2026, 3, 10)), "reason": "Every action done."}
        case "reviews:undo_stage":
            last = transitions.last_move(review)
            return {"move": last.entry.pk if last else "",
                    "reason": f"Recorded by mistake; {PRACTITIONER} noticed."}
        case "reviews:register_add":
            return {"kind": IdentityEntry.Kind.FAMILY, "real_name": f"Yorick {FAMILY_SURNAME}",
                    "pseudonym": "Uncle", "role_title": "Uncle"}
        case "reviews:register_edit":
            entry = subject_child(review)
            return {"kind": entry.kind, "real_name": entry.real_name, "pseudonym": entry.pseudonym,
                    "aliases": entry.aliases, "role_title": entry.role_title,
                    **day("date_of_birth", entry.date_of_birth),
                    "version": version_of(entry)}
        case "reviews:register_import":
            # Step one: the register's own file, checked and previewed (the page shows the plan).
            return {"file": SimpleUploadedFile("register.json",
                                               register_file.register_json(review).encode())}
        case "reviews:task_done":
            return day("done_on", date(2026, 3, 12))
        case "reviews:task_change":
            task = review.tasks.get(pk=task_for(review).pk)
            return {**day("due_on", date(2026, 3, 27)), "owner": task.owner_id,
                    "version": version_of(task)}
        case "reviews:clock_met":
            return {**day("met_on", date(2026, 3, 5)), "version": version_of(clock_for(review))}
        case "reviews:clock_delay":
            clock = clock_for(review)
            return {"reason": Clock.DelayReason.choices[0][0], "detail": "Police asked us to wait.",
                    **day("revised_due_on", clock.due_on + timedelta(days=28)),
                    "interim_learning": "Referrals are checked twice a week meanwhile.",
                    **day("effective_on", date(2026, 3, 5)), "version": version_of(clock)}
        case "accounts:deactivate":
            return {"reason": "Left the health authority."}
    # No valid form: signing in, two-factor set-up and checks, and confirming it's you would
    # sign the visitor in or change their second factor for every later row (their own tests
    # cover them); the set-password link is invalid; reset and reactivate are buttons.
    return {}


def subject_child(review: Review) -> IdentityEntry:
    """The first case's child (a case added later names another)."""
    child = review.identities.filter(kind=IdentityEntry.Kind.CHILD).order_by("pk").first()
    assert child is not None
    return child


def agencies_of(review: Review) -> list[int]:
    return list(review.incidents.values_list("agencies", flat=True).distinct())


def clock_for(review: Review) -> Clock:
    """A deadline still to meet, which the clock rows delay and then mark as met."""
    clock = review.clocks.filter(met_on__isnull=True).first()
    assert clock is not None, f"No deadline left to meet at {review.stage}"
    return clock


def task_for(review: Review) -> Task:
    """A task done by hand (not from its own page), which the task rows change and then tick."""
    task = review.tasks.filter(done_on__isnull=True, key="").first()
    assert task is not None, f"No task to do by hand at {review.stage}"
    return task


def matrix(stage: str) -> dict[str, tuple[str, dict[str, int], dict[str, int] | None]]:
    """url name -> (kwargs kind, expected GET statuses, expected POST statuses or None)."""
    sees = SEES_REVIEW_AT[stage]

    def review_page_for(allowed: set[str]) -> dict[str, int]:
        return review_page(allowed, sees)

    return {
        "reviews:home": ("none", everyone(200, anonymous=302), None),
        "reviews:dashboard": ("none", partnership_page(OVERSIGHT), None),
        "reviews:audit": ("none", partnership_page({BM, SCRUTINEER}), None),
        "reviews:clock_rules": ("none", partnership_page(OVERSIGHT), None),
        "reviews:settings": ("none", partnership_page({BM}), None),
        "reviews:change_escalation_clock": ("none", partnership_page({BM}),
                                            done(partnership_page({BM}))),
        # Valid forms (post_body): the business manager's change is made and they are sent on.
        "reviews:record_incident": ("none", partnership_page({BM}),
                                    done(partnership_page({BM}))),
        "reviews:review": ("review", review_page_for(sees), None),
        # The review page's history, loaded when opened: practitioners see their own part only.
        "reviews:finished_stages": ("review", review_page_for(sees - {PRACT, MANAGER_P}), None),
        # A closed review takes no more cases: the form comes back with the reason.
        "reviews:add_case": ("review", review_page_for({BM}),
                             review_page_for({BM}) if stage == "closed"
                             else done(review_page_for({BM}))),
        # Closing the review needs the action plan stage and every action concluded: the apps'
        # rows leave actions open there, so the form comes back naming them, and the stage is
        # unchanged (the action plan's whole-stage browser test closes a review).
        "reviews:change_stage": ("stage", review_page_for({BM}), review_page_for({BM})),
        # Undoing the last move: the business manager's, when it was taken from the review page
        # (today, by the walk); at the rapid review its own page started it and at commissioning
        # the partners' decision moved it (neither undone here), and at notification nothing has
        # moved: the page comes back saying so.
        "reviews:undo_stage": ("review", review_page_for({BM}),
                               review_page_for({BM})
                               if stage in {"notification", "rapid_review", "commissioning"}
                               else done(review_page_for({BM}))),
        "reviews:team": ("review", review_page_for(sees - {PRACT, MANAGER_P}), None),
        "reviews:add_member": ("review", review_page_for({BM}), done(review_page_for({BM}))),
        "reviews:remove_member": ("membership", review_page_for({BM}),
                                  done(review_page_for({BM}))),
        "reviews:register": ("review",
                             review_page_for(sees - {PRACT, MANAGER_P, EXECUTIVE, LEARNING}), None),
        "reviews:register_add": ("review", review_page_for({BM, LEAD}),
                                 done(review_page_for({BM, LEAD}))),
        "reviews:register_edit": ("entry", review_page_for({BM, LEAD}),
                                  done(review_page_for({BM, LEAD}))),
        # The register file holds every real name: only the register's editors may take it, and
        # they are sent to confirm it's them first (the re-authentication tests download it).
        "reviews:register_export": ("review", {p: (302 if code == 200 else code) for p, code
                                               in review_page_for({BM, LEAD}).items()}, None),
        # Step one of an import (the register's own file): the page shows what it would change.
        "reviews:register_import": ("review", review_page_for({BM, LEAD}),
                                    review_page_for({BM, LEAD})),
        # Changed before it is ticked off, delayed before it is met: each form is valid then.
        "reviews:task_change": ("task", review_page_for({BM}), done(review_page_for({BM}))),
        "reviews:task_done": ("task", review_page_for({BM}), done(review_page_for({BM}))),
        "reviews:clock_delay": ("clock", review_page_for({BM}), done(review_page_for({BM}))),
        "reviews:clock_met": ("clock", review_page_for({BM}), done(review_page_for({BM}))),
        "accounts:sign_in": ("none", {p: 200 if p == ANON else 302 for p in EVERYONE},
                             {p: 200 if p == ANON else 302 for p in EVERYONE}),
        "accounts:sign_out": ("none", everyone(405), everyone(302)),
        "accounts:set_password": ("token", everyone(400), everyone(400)),
        "accounts:two_factor_setup": ("none", everyone(200, anonymous=302),
                                      everyone(200, anonymous=302)),
        "accounts:two_factor_verify": ("none", everyone(200, anonymous=302),
                                       everyone(200, anonymous=302)),
        "accounts:account": ("none", everyone(200, anonymous=302), None),
        # An empty POST is the form again, with its errors.
        "accounts:confirm_identity": ("none", everyone(200, anonymous=302),
                                      everyone(200, anonymous=302)),
        "accounts:people": ("none", partnership_page({BM}), None),
        "accounts:invite": ("none", partnership_page({BM}), done(partnership_page({BM}))),
        "accounts:person": ("person", partnership_page({BM}), None),
        "accounts:reset_access": ("person", {p: 302 if p == ANON else 405 for p in EVERYONE},
                                  {p: 302 if p in {ANON, BM} else 403 for p in EVERYONE}),
        # Deactivated (the reason given), then reactivated by the next row.
        "accounts:deactivate": ("person", partnership_page({BM}), done(partnership_page({BM}))),
        "accounts:reactivate": ("person", {p: 302 if p == ANON else 405 for p in EVERYONE},
                                {p: 302 if p in {ANON, BM} else 403 for p in EVERYONE}),
    }


# Other apps add their pages in ``<app>/tests/access_rows.py``: a function
# ``rows(ctx: MatrixContext) -> dict[url_name, (url, get_expected, post_expected[, post_body])]``,
# called after the marked review and everyone exist (it may create what its URLs need). Give
# every POST row a valid form as post_body (the form as its page sends it; a function returning
# it where the form carries a record's version, so it is made when it is sent), so a refusal is
# the access rule's and not the form's, and those allowed get what a real save gets. Each person
# runs in a database of their own, but one person's rows run in turn: a row's change must leave
# the later rows' forms valid.
@dataclass
class MatrixContext:
    review: Review
    people: dict[str, User | None]
    stage: str
    sees: set[str]
    business_manager: User
    # The review's marker names (HERE_MARKER_NAMES' keys): rows write their free text with these,
    # so the second partnership's records name its own people and never the first's.
    markers: dict[str, str] = field(default_factory=lambda: dict(HERE_MARKER_NAMES))

    def review_page(self, allowed: set[str]) -> dict[str, int]:
        return review_page(allowed, self.sees)

    partnership_page = staticmethod(partnership_page)
    everyone = staticmethod(everyone)


def app_row_modules() -> list:
    """Each app's ``tests/access_rows.py``, and any ``tests/<part>_access_rows.py`` beside it (an
    app built in parts by several people keeps one module per part)."""
    modules: list[ModuleType] = []
    for app in apps.get_app_configs():
        try:
            tests = importlib.import_module(f"{app.name}.tests")
        except ModuleNotFoundError:
            continue
        if not hasattr(tests, "__path__"):  # a module, not a package (django.contrib.admin's)
            continue
        names = sorted(m.name for m in pkgutil.iter_modules(tests.__path__)
                       if m.name == "access_rows" or m.name.endswith("_access_rows"))
        modules.extend(importlib.import_module(f"{app.name}.tests.{name}") for name in names)
    return modules


def app_url_names() -> set[str]:
    return {name for module in app_row_modules() for name in module.URL_NAMES}


def public_url_names() -> set[str]:
    """Pages for everyone, signed in or not, of any partnership (an app's
    ``access_rows.PUBLIC_URL_NAMES``: the public site's published reports)."""
    return {name for module in app_row_modules()
            for name in getattr(module, "PUBLIC_URL_NAMES", ())}


def is_public_page(url: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        return resolve(urlsplit(url).path).view_name in public_url_names()
    except Resolver404:
        return False


# The Django admin (developers and support, only with ADMIN_ENABLED, never in production) is not
# served in the tests' settings. Where a run switches it on, its pages send everyone to the app's
# sign-in and are not found by anyone but staff: accounts/tests/test_sign_in_lockout.py.
ADMIN_PREFIX = "django-admin/"


def all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list, namespace: str, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if str(p.pattern).startswith(ADMIN_PREFIX) or prefix.startswith(ADMIN_PREFIX):
                    continue
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                names.add(f"{namespace}{p.name}")

    walk(get_resolver().url_patterns, "", "")
    return names


# Each named permission in access.py, and the matrix rows whose expected statuses state who holds
# it. A new permission without a row here fails the suite (test_every_permission_has_rows).
PERMISSION_ROWS = {
    "VIEW": ["reviews:review", "reviews:finished_stages"],
    "VIEW_REGISTER": ["reviews:register", "reviews:team"],
    "EDIT_REGISTER": ["reviews:register_add", "reviews:register_edit", "reviews:register_import"],
    "CHANGE_STAGE": ["reviews:change_stage", "action_plan:reopen"],
    "UNDO_STAGE_MOVE": ["reviews:undo_stage"],
    "MANAGE_TEAM": ["reviews:add_member", "reviews:remove_member"],
    "MANAGE_CLOCKS": ["reviews:clock_met", "reviews:clock_delay"],
    "ADD_CASE": ["reviews:add_case"],
    "MANAGE_TASKS": ["reviews:task_done", "reviews:task_change"],
    "VIEW_NOTICES": ["notices:review_notices", "notices:notice"],
    "SEND_NOTICES": ["notices:retry"],
    "RECORD_NOTIFICATION": ["rapid_review:notification"],
    "VIEW_RAPID_REVIEW": ["rapid_review:record", "rapid_review:requests", "decisions:decision"],
    "MANAGE_RAPID_REVIEW": ["rapid_review:start", "rapid_review:record_edit",
                            "rapid_review:meeting_add", "rapid_review:request_new"],
    "SIGN_OFF_RAPID_REVIEW": ["rapid_review:sign_off"],
    "RECORD_PARTNER_DECISION": ["decisions:record_partner_decision"],
    "RECORD_FINAL_DECISION": ["decisions:record_final_decision"],
    "COMMISSION": ["commissioning:send_notices", "commissioning:create_checklist",
                   "commissioning:appoint_lead_reviewer", "commissioning:name_chronology_author"],
    "DRAFT_TERMS_OF_REFERENCE": ["commissioning:draft_terms_of_reference"],
    "VIEW_TERMS_OF_REFERENCE": ["commissioning:terms_of_reference",
                                "commissioning:terms_of_reference_version"],
    "CHECK_DRAFTS": ["reports:upload", "reports:mark_false_alarm", "reports:download_original"],
    "VIEW_DRAFT_CHECKS": ["reports:checks", "reports:check"],
    "VIEW_CHRONOLOGIES": ["chronology:overview", "chronology:agency"],
    "ACCEPT_CHRONOLOGY": ["chronology:accept", "chronology:accept_without_errors"],
    "REOPEN_CHRONOLOGY": ["chronology:reopen"],
    "READ_MERGED_CHRONOLOGY": ["chronology:merged", "chronology:merged_timeline",
                               "chronology:merged_export"],
    "VIEW_CASE_FILES": ["commissioning:case_files"],
    "VIEW_FAMILY": ["family:involvement", "family:member", "family:contact_log",
                    "family:letter_templates"],
    "MANAGE_FAMILY": ["family:add_member", "family:change_member", "family:sibling_decision",
                      "family:report_offer", "family:record_contact", "family:record_meeting",
                      "family:add_contribution", "family:download_contribution",
                      "family:record_consent", "family:produce_letter", "family:mark_letter_sent",
                      "family:download_letter", "family:letter_template"],
    # The count and status on the review page: the review page's row checks no name leaks.
    "VIEW_FAMILY_SUMMARY": ["reviews:review"],
    "VIEW_PARALLEL_PROCESSES": ["parallel:processes"],
    "MANAGE_PARALLEL_PROCESSES": ["parallel:add_process", "parallel:record_status"],
    "MANAGE_ADVICE": ["parallel:set_advice", "parallel:lift_advice", "parallel:lift_restriction"],
    "VIEW_ADVICE": ["parallel:advice"],
    "ACKNOWLEDGE_ADVICE": ["parallel:acknowledge_advice"],
    "MANAGE_CONVERSATIONS": ["conversations:staff", "conversations:ask",
                             "conversations:conversation", "conversations:offer",
                             "conversations:record_held", "conversations:note",
                             "conversations:consent"],
    "READ_AREAS_RAISED": ["conversations:areas", "conversations:answer_area"],
    "ACT_AS_PRACTITIONER": ["conversations:reply", "conversations:own_consent",
                            "conversations:raise_area", "support:ask", "meetings:invitation",
                            "meetings:respond", "meetings:calendar", "informing:ask"],
    "MANAGE_SUPPORT": ["support:review", "support:add_offer", "support:change_offer",
                       "support:request"],
    "RECORD_TEAM_SESSION": ["support:team_session"],
    # The report stage.
    "VIEW_REPORT_FILES": ["reports:download_version", "final_report:report",
                          "final_report:download"],
    "READ_REPORT": ["reports:report", "reports:version", "reports:compare", "comments:round",
                    "comments:download_log", "checklist:checklist", "signoff:page"],
    "UPLOAD_REPORT": ["reports:upload_version", "reports:family_copy"],
    "MANAGE_REPORT": ["reports:add_request", "reports:answer_request", "comments:open_round",
                      "checklist:accept", "checklist:withdraw"],
    "COMMENT_ON_REPORT": ["comments:comment"],
    "ANSWER_COMMENTS": ["comments:answer", "comments:close_round"],
    "SIGN_OFF_FOR_SUBGROUP": ["signoff:subgroup", "signoff:intent", "copies:decide"],
    "SIGN_OFF_FOR_EXECUTIVE": ["signoff:executive", "signoff:publication"],
    "APPROVE_REPORT_AS_PARTNER": ["signoff:partner"],
    "PRODUCE_FINAL_REPORT": ["final_report:produce", "final_report:supply"],
    # Publication.
    "VIEW_PUBLICATION": ["publication:page", "holds:holds", "holds:advance_copy",
                         "on_request:website", "copies:page"],
    "MANAGE_PUBLICATION": ["publication:harm", "publication:date_shared", "publication:publish",
                           "publication:cancel", "holds:add_hold", "holds:release_hold",
                           "holds:record_advance_copy", "on_request:start_withdrawal",
                           "on_request:withdraw", "copies:send", "copies:deposit",
                           "copies:retry", "statement:publish", "statement:send"],
    "AGREE_WITHDRAWAL": ["on_request:agree"],
    # The action plan and briefings.
    "VIEW_ACTION_PLAN": ["findings:list", "progress:action", "progress:evidence",
                         "statement:page", "statement:download", "action_plan:page"],
    # Findings and recommendations: MANAGE_ACTION_PLAN, and the lead reviewer (UPLOAD_REPORT).
    # Progress on an action: MANAGE_ACTION_PLAN, or the action's owner (access.owns_action).
    "MANAGE_ACTION_PLAN": ["findings:add_finding", "findings:change_finding",
                           "findings:remove_finding", "findings:add_recommendation",
                           "findings:change_recommendation", "findings:remove_recommendation",
                           "findings:themes", "findings:from_report", "progress:accept_impact",
                           "progress:post_update", "progress:complete", "progress:add_impact",
                           "statement:generate", "statement:edit", "statement:check",
                           "statement:approve", "action_plan:record_meeting",
                           "action_plan:agree_action", "action_plan:edit_action",
                           "action_plan:revise_due_date", "action_plan:close_action"],
    "VIEW_BRIEFINGS": ["briefings:list", "briefings:session", "briefings:reflections",
                       "briefings:document", "briefings:download"],
    "MANAGE_BRIEFINGS": ["briefings:schedule", "briefings:attendance", "briefings:edit",
                         "briefings:check", "briefings:approve", "briefings:generate"],
    "VIEW_PRACTITIONERS": ["staff:practitioners"],
    "MANAGE_PRACTITIONERS": ["staff:add", "staff:add_list", "staff:change", "staff:remove"],
    "MANAGE_MEETINGS": ["meetings:list", "meetings:schedule", "meetings:meeting",
                        "meetings:change", "meetings:cancel", "meetings:invite",
                        "meetings:uninvite", "meetings:attendance"],
    "INFORM_STAFF": ["informing:staff", "informing:tell", "informing:expected_dates",
                     "informing:digest"],
}


def test_every_permission_has_rows_in_the_matrix() -> None:
    from reviewdesk.access import Permission

    assert set(PERMISSION_ROWS) == {p.name for p in Permission}, (
        "Give each permission in access.py its rows in PERMISSION_ROWS (and remove the rows of "
        "one taken away)")
    rows = set(matrix("notification")) | app_url_names()
    unknown = {name for names in PERMISSION_ROWS.values() for name in names} - rows
    assert not unknown, f"No such rows in the matrix: {sorted(unknown)}"


def test_every_url_has_a_row_in_the_matrix() -> None:
    missing = all_url_names() - set(matrix("notification")) - app_url_names()
    assert not missing, f"Add these URLs to the access matrix: {sorted(missing)}"


# The whole matrix runs at every stage, once for every person. Each stage's partnerships, their
# reviews and the apps' records are built once (``world``, in a transaction kept open for the
# stage's tests) and every person's test runs in a savepoint rolled back after it, so each person
# still starts from the same records while the building is not repeated for each of them.
MATRIX_STAGES = STAGES
# The second partnership is built, and each partnership's pages visited by the other's people, at
# the stages where who sees a review changes: before anyone but the review's own people and the
# officers (notification), when the executive group joins (the report) and when the L&D subgroup
# joins (publication). Another partnership's page is refused when its review, person or agency is
# looked up, before any rule of the stage; at every stage this would cost about as much again as
# the matrix's own rows.
CROSS_STAGES = ["notification", "report", "publication"]
# Those whose visits to the other partnership would repeat another person's exactly: a manager,
# like the practitioner, has no partnership role and is on the review by membership alone, and
# another partnership's page is refused before any rule of a role is asked. Their own
# partnership's pages they still visit in full, and the other's people still read theirs.
STRANGER_LIKE = {MANAGER_P}


def fill_review(make_review: MakeReview, business_manager: User, team: dict[str, User], *,
                child: str,
                alias: str, mother: str, address: str, nhs_number: str,
                first_language: str, typed: str = "", task_note: str = "") -> Review:
    """A review whose every identity field holds a marker, with its team; ``typed`` is free
    text naming people as they are typed (first names, initials, a typo), ``task_note`` more."""
    practitioner = team[ReviewRole.PRACTITIONER]
    author = team[ReviewRole.AGENCY_AUTHOR]
    review = make_review(child_name=child,
                         summary=f"{child} was hurt; {mother} called 999 from {address}. "
                                 f"{typed}",
                         children=[{"name": child, "date_of_birth": date(2016, 2, 29),
                                    "looked_after": False, "first_language": first_language,
                                    "interpreter_needed": True, "sex": "female"}])
    child_entry = review.identities.get(kind=IdentityEntry.Kind.CHILD)
    actions.save_identity(review, by=business_manager, entry=child_entry, aliases=alias)
    actions.save_identity(review, by=business_manager, kind=IdentityEntry.Kind.FAMILY,
                          real_name=mother, pseudonym="Mother", role_title="Mother")
    actions.save_identity(review, by=business_manager, kind=IdentityEntry.Kind.PLACE,
                          real_name=address, pseudonym="The family home")
    actions.save_identity(review, by=business_manager, kind=IdentityEntry.Kind.IDENTIFIER,
                          identifier_type=IdentityEntry.IdentifierType.NHS_NUMBER,
                          real_name=nhs_number, pseudonym="Child A's NHS number",
                          belongs_to=child_entry)
    start = date(2026, 3, 3)
    for role, person in team.items():
        actions.add_member(review, person, role, by=business_manager, started_on=start,
                           # A subgroup member's declaration holds free text too.
                           **({"no_contact": True, "no_contact_note": typed}
                              if role == ReviewRole.SUBGROUP_MEMBER else {}))
    # Free text typed by the business unit names people too.
    temp = User.objects.create_user(f"temp.{review.partnership.code.lower()}@example.test", "x",
                                    full_name="Tem Porary", partnership=review.partnership)
    membership = actions.add_member(review, temp, ReviewRole.AGENCY_AUTHOR, by=business_manager,
                                    started_on=start)
    actions.remove_member(membership, by=business_manager, ended_on=start,
                          reason=f"Police asked that {practitioner.full_name} and {alias}'s "
                                 f"school are not contacted; {author.full_name} will brief the "
                                 f"team instead. {typed}")
    actions.add_task(review, by=business_manager, title=f"Call {mother} about {child}{task_note}",
                     due_on=date(2026, 3, 20), owner=practitioner)
    return review


def add_manager(review: Review, practitioner: User, manager: User, *, by: User) -> None:
    """The practitioner's line manager on the review as a manager, named as their manager on the
    practitioner's record (the staff list's, ``staff.Practitioner``): the one who sees their own
    staff's names (access.managed_staff_on). The membership and the record are each made if not
    there yet (an app's rows may have made the practitioner's record: rows_for names the manager
    on it after them)."""
    from reviewdesk.staff.models import Practitioner

    start = date(2026, 3, 3)
    if not review.memberships.filter(person=manager, role=ReviewRole.MANAGER,
                                     ended_at__isnull=True).exists():
        actions.add_member(review, manager, ReviewRole.MANAGER, by=by, started_on=start)
    record = review.practitioners.filter(person=practitioner).first()
    if record is not None:
        record.manager, record.manager_email = manager, manager.email
        record.save(update_fields=["manager", "manager_email"])
        return
    membership = review.memberships.get(person=practitioner, role=ReviewRole.PRACTITIONER,
                                        ended_at__isnull=True)
    agency = membership.agency or practitioner.agency
    assert membership.identity is not None and agency is not None
    Practitioner.objects.create(
        review=review, person=practitioner, membership=membership, identity=membership.identity,
        agency=agency, job_title=practitioner.job_title,
        email=practitioner.email, manager=manager, manager_email=manager.email, added_on=start,
        recorded_by=by)


def name_the_manager(ctx: "MatrixContext") -> None:
    """After the apps' rows (which make the practitioner persona's record when they need it):
    the manager persona named on it, and the staff-confidential records seeded."""
    practitioner, manager = ctx.people[PRACT], ctx.people[MANAGER_P]
    assert practitioner is not None and manager is not None
    add_manager(ctx.review, practitioner, manager, by=ctx.business_manager)
    seed_staff_confidential(ctx.review, practitioner, by=ctx.business_manager)


# Separate from discipline (access.STAFF_CONFIDENTIAL): what a practitioner says or asks for,
# seeded straight into the staff side's records with a marker of its own, and who may read each.
# Everyone else must never find the marker in any page, export, search or e-mail of theirs.
CONVERSATION_NOTE = "Sablethorn-note"
AREA_RAISED = "Gorsemoor-area"
SUPPORT_RECORD = "Brindlecombe-support"
STAFF_CONFIDENTIAL_READERS = {CONVERSATION_NOTE: {LEAD}, AREA_RAISED: {LEAD, PRACT},
                              SUPPORT_RECORD: {BM, PRACT}}


def seed_staff_confidential(review: Review, practitioner: User, *, by: User) -> None:
    """A held conversation with its note, an area raised and answered, a support offer and an
    answered request: finished records, so no staff-side rule waits on them."""
    from reviewdesk.staff.models import (
        AreaRaised,
        Consent,
        Conversation,
        SupportOffer,
        SupportRequest,
    )

    record = review.practitioners.get(person=practitioner)
    on = date(2026, 3, 4)
    Conversation.objects.create(
        review=review, practitioner=record, requested_on=on, areas="Handover between teams.",
        status=Conversation.Status.HELD, held_on=on, recorded_by=by,
        note=f"{CONVERSATION_NOTE}: felt unsupported at the time.", consent=Consent.PARAPHRASED,
        consent_recorded_on=on)
    AreaRaised.objects.create(
        review=review, practitioner=record, text=f"{AREA_RAISED}: caseloads that winter.",
        raised_on=on, status=AreaRaised.Status.ANSWERED, reply=f"{AREA_RAISED}: in scope.",
        replied_on=on, replied_by=by, recorded_by=by)
    SupportOffer.objects.create(
        review=review, practitioner=record, source=SupportOffer.Source.PARTNERSHIP,
        offered_on=on, status_on=on, note=f"{SUPPORT_RECORD}: offered by phone.", recorded_by=by)
    SupportRequest.objects.create(
        review=review, practitioner=record, text=f"{SUPPORT_RECORD}: no supervision since.",
        asked_on=on, action_taken=f"{SUPPORT_RECORD}: spoke to the agency.",
        answer=f"{SUPPORT_RECORD}: supervision booked.", answered_on=on, answered_by=by,
        recorded_by=by)


def built_up_to(stage: str) -> str:
    """The stage at which the apps' rows make their records: the report stage at the latest,
    since agencies' chronologies and other records are closed to changes after it."""
    return stage if STAGES.index(stage) <= STAGES.index("report") else "report"


def rows_for(ctx: "MatrixContext") -> dict[str, tuple[str, dict[str, int], dict[str, int] | None]]:
    """Every row of the matrix for the context's review, which ends at the context's stage."""
    rows = {name: (url_for(name, kind, ctx.review, ctx.people), get_expected, post_expected)
            for name, (kind, get_expected, post_expected) in matrix(ctx.stage).items()}
    for module in app_row_modules():
        rows.update(module.rows(ctx))
    name_the_manager(ctx)
    walk_to(ctx.review, ctx.stage, ctx.business_manager, ctx.markers)
    assert ctx.review.stage == ctx.stage
    return rows


# Rows whose valid form, sent by someone allowed, takes the review to its next stage: posted last,
# so every other row runs at the matrix's stage (starting the rapid review at notification,
# closing the review at the action plan, undoing the last move; at the action plan the close is
# undone again).
MOVES_ON = {"rapid_review:start", "reviews:change_stage", "reviews:undo_stage"}


def body_for(name: str, row: tuple, ctx: "MatrixContext") -> dict:
    """The POST body of a row: the app row's own (a fourth item: a form, or a function making
    it when it is sent, for a form that carries a record's version), else post_body's."""
    if len(row) > 3:
        return row[3]() if callable(row[3]) else row[3]
    return post_body(name, ctx.review, ctx.people)


def walk_to(review: Review, stage: str, business_manager: User,
            markers: dict[str, str] | None = None) -> None:
    """Move the review along its path to ``stage`` through each step's real requirements (what
    is missing is made on the way: the partners' decisions, the lead reviewer, the terms of
    reference…); reasons typed on the way name the review's people too (``markers``, the first
    partnership's by default)."""
    m = markers or HERE_MARKER_NAMES
    review.refresh_from_db()
    for to, name in list(WALK.items())[STAGES.index(review.stage):STAGES.index(stage)]:
        reason = ""
        if name == "initiate_review":
            reason = f"Agreed; {m['child']} and {m['practitioner']}."
        elif to == "closed":
            reason = f"Every action shown to work; {m['mother']} was told."
        take(review, name, by=business_manager, on=date(2026, 3, 10), reason=reason)
        review.refresh_from_db()


# --- Two partnerships ---------------------------------------------------------------------------
# Each has everyone in the same roles and a marked review at the same stage, with names of its
# own. No one in either partnership, whatever their role, may open any page of the other (404, as
# for a review, a person or an agency that does not exist: never 403, which would say it does) or
# find any of its names (full names, first names, surnames, initials, nicknames) in any page,
# search, count, export or e-mail of their own.
HERE_PEOPLE = {
    BM: "Bellatrix Manager", PARTNER: "Ambrose Fennimore", SCRUTINEER: "Clementine Ravenscroft",
    SUBGROUP: "Desmond Oakenshaw", OTHER_SUBGROUP: "Marigold Featherby",
    EXECUTIVE: "Fitzwilliam Bramblecombe", LEARNING: "Henrietta Wolstenholme",
    LEAD: "Jasper Thornycroft", AUTHOR_P: AUTHOR, PRACT: PRACTITIONER,
    MANAGER_P: "Thaddeus Wintergreen", OUTSIDER: "Mirabel Cudworth",
}
HERE_MARKER_NAMES: dict[str, str] = {
    "child": CHILD, "alias": CHILD_ALIAS, "mother": MOTHER, "address": ADDRESS,
    "nhs_number": NHS_NUMBER, "dob": CHILD_DOB, "first_language": FIRST_LANGUAGE,
    "practitioner": PRACTITIONER, "author": AUTHOR, "typed": TYPED}
ELSEWHERE_PEOPLE = {
    BM: "Hermione Manager", PARTNER: "Ignatius Pomfreyvale", SCRUTINEER: "Perpetua Ashdownes",
    SUBGROUP: "Leopold Quarrington", OTHER_SUBGROUP: "Araminta Sowerbutts",
    EXECUTIVE: "Barnaby Thistlewood", LEARNING: "Cordelia Winterbourne", LEAD: "Evander Mallowby",
    AUTHOR_P: "Philomena Haverstock", PRACT: "Octavius Pennywhistle",
    MANAGER_P: "Percival Dunstanwick", OUTSIDER: "Rosamund Blatherwick",
}
ELSEWHERE_CHILD, ELSEWHERE_ALIAS = "Xanthus Quillfeather", "Xanny"
ELSEWHERE_MOTHER = "Yolanthe Quillfeather"
ELSEWHERE_ADDRESS = "3 Brackwater Close"
ELSEWHERE_NHS = "601 234 5674"
ELSEWHERE_TYPED = ("Xanthus told Octavius that X.Q.'s mum Yolanthe had gone; Ms Quillfeather "
                   "spoke to PC Pennywhistle and O.P.; Mr Haverstock agreed.")
ELSEWHERE_MARKER_NAMES: dict[str, str] = {
    "child": ELSEWHERE_CHILD, "alias": ELSEWHERE_ALIAS, "mother": ELSEWHERE_MOTHER,
    "address": ELSEWHERE_ADDRESS, "nhs_number": ELSEWHERE_NHS, "dob": CHILD_DOB,
    "first_language": "Welsh", "practitioner": ELSEWHERE_PEOPLE[PRACT],
    "author": ELSEWHERE_PEOPLE[AUTHOR_P], "typed": ELSEWHERE_TYPED}
ELSEWHERE_NAMES = [*ELSEWHERE_PEOPLE.values(), ELSEWHERE_CHILD, ELSEWHERE_MOTHER]
# Each partnership's names the other's text filters are probed with (each probe is a request).
ELSEWHERE_PROBED = [ELSEWHERE_CHILD, ELSEWHERE_MOTHER, ELSEWHERE_PEOPLE[PRACT],
                    ELSEWHERE_PEOPLE[AUTHOR_P]]
HERE_PROBED = [CHILD, MOTHER, PRACTITIONER, AUTHOR]
# What the first partnership's people may never see of the second's, and the second's people of
# the first's (its family and staff markers in every form; the date of birth is the same in both).
# Both business managers' surname is "Manager", a word on every page and the word every reader
# of either partnership finds their own business manager by (reviews' TEXT_FILTERS): their full
# names are markers, that word alone is not.
SHARED_WORDS = {"Manager"}
ELSEWHERE_MARKERS = sorted(
    {*ELSEWHERE_NAMES, ELSEWHERE_ALIAS, ELSEWHERE_ADDRESS, ELSEWHERE_NHS, "X.Q.", "Y.Q.", "O.P."}
    | {word for name in ELSEWHERE_NAMES for word in name.split()} - SHARED_WORDS)
HERE_NAMES = [*HERE_PEOPLE.values(), CHILD, MOTHER]
HERE_MARKERS = sorted(
    ({*FAMILY_MARKERS, *STAFF_MARKERS, *HERE_NAMES} - {CHILD_DOB})
    | {word for name in HERE_NAMES for word in name.split()} - SHARED_WORDS)

# The people of a partnership: their partnership role, what else, and the kind of their agency.
PEOPLE_ROLES: dict[str, tuple[dict[str, str], str | None]] = {
    BM: ({"role": PartnershipRole.BUSINESS_MANAGER}, None),
    PARTNER: ({"role": PartnershipRole.SAFEGUARDING_PARTNER,
               "partner_for": PartnerFor.LOCAL_AUTHORITY}, None),
    SCRUTINEER: ({"role": PartnershipRole.INDEPENDENT_SCRUTINEER}, None),
    SUBGROUP: ({"role": PartnershipRole.SUBGROUP_MEMBER}, "health"),
    OTHER_SUBGROUP: ({"role": PartnershipRole.SUBGROUP_MEMBER}, None),
    EXECUTIVE: ({"role": PartnershipRole.EXECUTIVE_MEMBER}, None),
    LEARNING: ({"role": PartnershipRole.LEARNING_DEVELOPMENT}, None),
    LEAD: ({"job_title": "Independent reviewer"}, None),
    AUTHOR_P: ({"job_title": "Detective Sergeant"}, "police"),
    PRACT: ({"job_title": "Health Visitor"}, "health"),
    MANAGER_P: ({"job_title": "Health Visiting Team Manager"}, "health"),
    OUTSIDER: ({"job_title": "Teacher"}, "education"),
}


def build_partnership(stage: str, *, name: str, code: str, place: str, names: dict[str, str],
                      email_domain: str, markers: dict[str, str], task_note: str = ""
                      ) -> "MatrixContext":
    """A partnership with its agencies and everyone in every role, and its marked review built
    up to ``stage`` (its rows then make their records and take it to ``stage``)."""
    partnership = Partnership.objects.create(name=name, code=code)
    ensure_default_rules(partnership.pk)
    agencies = {kind: Agency.objects.create(partnership=partnership, kind=kind,
                                            name=f"{place} {Agency.Kind(kind).label}")
                for kind in FIXTURE_AGENCY_KINDS}
    made = {person: User.objects.create_user(
        f"{person}@{email_domain}", "x", full_name=names[person], partnership=partnership,
        agency=agencies[kind] if kind else None, **extra)
        for person, (extra, kind) in PEOPLE_ROLES.items()}
    bm = made[BM]

    def make_review(child_name: str, **kwargs: object) -> Review:
        aware = date(2026, 3, 2)
        return actions.record_incident(
            partnership, by=bm, what_happened=Incident.WhatHappened.SERIOUS_HARM,
            abuse_or_neglect=Incident.AbuseOrNeglect.SUSPECTED, incident_date=aware,
            la_aware_on=aware, agencies=[agencies["police"], agencies["health"]], **kwargs)

    review = fill_review(make_review, bm, {
        ReviewRole.LEAD_REVIEWER: made[LEAD], ReviewRole.AGENCY_AUTHOR: made[AUTHOR_P],
        ReviewRole.PRACTITIONER: made[PRACT], ReviewRole.SUBGROUP_MEMBER: made[SUBGROUP]},
        child=markers["child"], alias=markers["alias"], mother=markers["mother"],
        address=markers["address"], nhs_number=markers["nhs_number"],
        first_language=markers["first_language"], typed=markers["typed"], task_note=task_note)
    # The practitioner's manager joins now; rows_for names them on the practitioner's record.
    actions.add_member(review, made[MANAGER_P], ReviewRole.MANAGER, by=bm,
                       started_on=date(2026, 3, 3))
    # Home items naming everyone, for people who may see some names or none: each reads them
    # only through their own redactor (the executive's, before the report stage, not at all).
    # Two tasks each: a title holds 200 characters.
    for owner in (PARTNER, SCRUTINEER, EXECUTIVE, AUTHOR_P):
        actions.add_task(review, by=bm, due_on=date(2026, 3, 25), owner=made[owner],
                         title=f"Ask {markers['practitioner']} and {markers['mother']} about "
                               f"{markers['child']}")
        actions.add_task(review, by=bm, due_on=date(2026, 3, 25), owner=made[owner],
                         title=markers["typed"])
    # The apps' records (chronologies, draft checks…) are made while the review is still open
    # to them; rows_for then takes it on to its stage.
    walk_to(review, built_up_to(stage), bm, markers)
    return MatrixContext(review, {ANON: None, **made}, stage, SEES_REVIEW_AT[stage], bm,
                         markers=markers)


@dataclass
class World:
    """One stage's partnerships and every row of each, as every person's test starts: the
    second partnership only at CROSS_STAGES."""
    here: "MatrixContext"
    rows: dict
    there: "MatrixContext | None"
    their_rows: dict
    media: Path
    mail: list[EmailMessage]


def build_world(stage: str) -> World:
    here = build_partnership(
        stage, name="Testshire Safeguarding Children Partnership", code="TS", place="Testshire",
        names=HERE_PEOPLE, email_domain="example.test", markers=HERE_MARKER_NAMES,
        task_note=f"; ask {PRACTITIONER_INITIALS} about {CHILD_FIRST}")
    there = build_partnership(
        stage, name="Elsewhere Safeguarding Children Partnership", code="EW", place="Elsewhere",
        names=ELSEWHERE_PEOPLE, email_domain="elsewhere.example.test",
        markers=ELSEWHERE_MARKER_NAMES) if stage in CROSS_STAGES else None
    rows, their_rows = rows_for(here), rows_for(there) if there else {}
    # Everyone visits, so the audit trail the auditors read holds everyone's views of the review.
    for side in filter(None, (here, there)):
        for person in side.sees:
            visitor = Client()
            visitor.force_login(side.people[person])
            assert visitor.get(f"/reviews/{side.review.uuid}/").status_code == 200
    return World(here, rows, there, their_rows, Path(settings.MEDIA_ROOT), list(mail.outbox))


# --- The marked review for other tests ----------------------------------------------------------
# Tests elsewhere that probe the same markers (search, every page at 320 pixels) take the first
# partnership's marked review at their ``stage`` from the suite's own people (conftest's), one
# test at a time, rather than a stage's world.

@pytest.fixture
def marked_review(stage: str, make_review: MakeReview, business_manager: User, lead_reviewer: User,
                  agency_author: User, practitioner: User, subgroup_member: User,
                  partner: User, scrutineer: User, executive: User) -> Review:
    """A review whose every identity field holds a marker, built up to ``stage`` (rows_for takes
    it the rest of the way)."""
    practitioner.full_name = PRACTITIONER
    practitioner.save()
    agency_author.full_name = AUTHOR
    agency_author.save()
    review = fill_review(make_review, business_manager, {
        ReviewRole.LEAD_REVIEWER: lead_reviewer, ReviewRole.AGENCY_AUTHOR: agency_author,
        ReviewRole.PRACTITIONER: practitioner, ReviewRole.SUBGROUP_MEMBER: subgroup_member},
        child=CHILD, alias=CHILD_ALIAS, mother=MOTHER, address=ADDRESS, nhs_number=NHS_NUMBER,
        first_language=FIRST_LANGUAGE, typed=TYPED,
        task_note=f"; ask {PRACTITIONER_INITIALS} about {CHILD_FIRST}")
    walk_to(review, built_up_to(stage), business_manager)
    return review


@pytest.fixture
def people(request: pytest.FixtureRequest, partnership: Partnership,
           marked_review: Review) -> dict[str, User | None]:
    """Everyone in EVERYONE, by the suite's own fixtures (the second subgroup member and the
    practitioner's manager made here)."""
    found: dict[str, User | None] = {ANON: None}
    for name in EVERYONE:
        if name in {ANON, OTHER_SUBGROUP, MANAGER_P}:
            continue
        found[name] = request.getfixturevalue(name)
    found[OTHER_SUBGROUP] = User.objects.create_user(
        "other.subgroup@example.test", "x", full_name="Olga Othersub", partnership=partnership,
        role=PartnershipRole.SUBGROUP_MEMBER)
    practitioner = found[PRACT]
    assert practitioner is not None
    found[MANAGER_P] = User.objects.create_user(
        "manager@example.test", "x", full_name=HERE_PEOPLE[MANAGER_P], partnership=partnership,
        agency=practitioner.agency, job_title="Health Visiting Team Manager")
    bm = found[BM]
    assert bm is not None
    # On the review as a manager; named on the practitioner's record by rows_for (or the test).
    actions.add_member(marked_review, found[MANAGER_P], ReviewRole.MANAGER, by=bm,
                       started_on=date(2026, 3, 3))
    return found


@pytest.fixture(scope="class", params=MATRIX_STAGES)
def world(request: pytest.FixtureRequest, django_db_setup: None,
          django_db_blocker: DjangoDbBlocker, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[World]:
    """The stage's world, built once in a transaction that stays open while the stage's tests
    run (each in a savepoint of its own, rolled back after it: pytest-django's ``db``) and is
    rolled back after the last. It is built on the suite's fixed day, moved as the tests' is
    (conftest), with its uploads in a folder of its own that each test copies."""
    stage = request.param
    shift = max(request.config.getoption("--clock-shift"), 0)
    media = tmp_path_factory.mktemp(f"media-{stage}")
    with django_db_blocker.unblock(), transaction.atomic():
        with (time_machine.travel(_ten_in_the_morning(TEST_TODAY + timedelta(days=shift)),
                                  tick=True),
              override_settings(MEDIA_ROOT=media)):
            mail.outbox = []
            built = build_world(stage)
        yield built
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def media_root(settings: Settings, tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """Uploaded files go to a folder of the test's own (as conftest's); a test of a stage's
    world starts with a copy of the files its records name."""
    settings.MEDIA_ROOT = tmp_path / "media"
    if "world" in request.fixturenames:
        shutil.copytree(request.getfixturevalue("world").media, settings.MEDIA_ROOT)
    return settings.MEDIA_ROOT


def as_stranger(expected: dict[str, int], person: str) -> int:
    """What someone from the other partnership gets on a page that names one of this
    partnership's reviews, people or agencies: what they get at an address naming nothing (404),
    whatever their role; signed out, sign in first (302); a GET where only a POST is taken is
    refused before anything is looked up (405)."""
    if person == ANON:
        return expected[ANON]
    return 405 if expected[person] == 405 else 404


def url_for(name: str, kind: str, review: Review, people: dict[str, User | None]) -> str:
    from django.urls import reverse

    match kind:
        case "none":
            return reverse(name)
        case "review":
            return reverse(name, args=[review.uuid])
        case "stage":
            return reverse(name, args=[review.uuid, "close_review"])
        case "membership":
            m = review.memberships.get(role=ReviewRole.PRACTITIONER)
            return reverse(name, args=[review.uuid, m.pk])
        case "entry":
            return reverse(name, args=[review.uuid, subject_child(review).pk])
        case "clock":
            return reverse(name, args=[review.uuid, clock_for(review).pk])
        case "person":
            return reverse(name, args=[people[PRACT].pk])
        case "task":
            return reverse(name, args=[review.uuid, task_for(review).pk])
        case "token":
            return reverse(name, args=["MQ", "not-a-token"])
    raise AssertionError(kind)


def forbidden_markers(person: str, user: User | None) -> list[str]:
    markers = list(ELSEWHERE_MARKERS)
    if person not in SEES_FAMILY:
        markers += FAMILY_MARKERS
    if person not in SEES_STAFF:
        seen = own_name(user) | set(SEES_OWN_STAFF.get(person, []))
        markers += [m for m in STAFF_MARKERS if m not in seen]
    markers += [m for m, readers in STAFF_CONFIDENTIAL_READERS.items() if person not in readers]
    return markers


def own_name(user: User | None) -> set[str]:
    """A person's own name, in whatever form it is typed: they may see it everywhere."""
    return {user.full_name, *AS_TYPED.get(user.full_name, [])} if user else set()


def readable(response: ClientResponse) -> str:
    """What a reader of the response sees: a Word or Excel file's text, a PDF's text, else the
    body."""
    if response not in _READ:  # a streamed body can be read once only
        content = b"".join(response) if isinstance(response, StreamingHttpResponse) else (
            response.content)
        _READ[response] = _readable(content)
    return _READ[response]


_READ: weakref.WeakKeyDictionary[ClientResponse, str] = weakref.WeakKeyDictionary()


def _readable(content: bytes) -> str:
    if content.startswith(b"%PDF"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            return "\n".join(re.sub(r"<[^>]+>", "", package.read(name).decode(errors="replace"))
                             for name in package.namelist() if name.endswith(".xml"))
    return content.decode(errors="replace")


# Random tokens on every page (the CSRF token, the script nonce) and on the two-factor set-up
# page (the new key and its QR code, an image in the page): read case-blind, one of them now and
# then spells a five-letter marker such as "Zorbo".
RANDOM_TOKENS = re.compile(r'(name="csrfmiddlewaretoken" value|nonce)="[^"]*"|src="data:[^"]*"'
                           r'|Key: <code>[A-Z2-7]+</code>')


def check_page(person: str, user: User | None, method: str, url: str, response: ClientResponse,
               forbidden: list[str] | None = None) -> None:
    """No marker the viewer may not see (``forbidden``: by default what ``forbidden_markers``
    says for a person of the first partnership), and nothing the browser may keep."""
    body = RANDOM_TOKENS.sub("", readable(response)).lower()
    markers = forbidden_markers(person, user) if forbidden is None else forbidden
    leaks = [m for m in markers if m.lower() in body]
    assert not leaks, f"{person} {method} {url} shows {leaks}"
    # No response is kept by a browser or a proxy (reviewdesk.middleware.NoStoreMiddleware),
    # but a public page's shown to a visitor who is not signed in, for a few minutes.
    if (user is None and is_public_page(url)
            and response.get("Cache-Control") == f"public, max-age={PUBLIC_MAX_AGE}"):
        return
    assert "no-store" in response.get("Cache-Control", ""), (
        f"{person} {method} {url} ({response.status_code}) may be stored by the browser")


def last_seq() -> int:
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def unaudited_read(person: str, user: User | None, name: str, method: str, response: ClientResponse,
                   since: int) -> str | None:
    """Every page that shows an identity a pseudonym-only reader may not see is audited as a read
    (docs/decisions/0024): the request that showed it wrote a read event (``is_read_event``) by
    this person. Their own name is not such an identity."""
    if user is None:
        return None
    body = RANDOM_TOKENS.sub("", readable(response)).lower()
    hidden = set(forbidden_markers(person, user)) | own_name(user)
    shown = [m for m in FAMILY_MARKERS + STAFF_MARKERS if m not in hidden and m.lower() in body]
    if not shown:
        return None
    events = AuditEvent.objects.filter(seq__gt=since, actor=user).values_list("event_type",
                                                                           flat=True)
    if any(is_read_event(event) for event in events):
        return None
    return f"{method} {name} as {person} ({response.status_code}) shows {shown} unaudited"


def fresh(world: World) -> None:
    """The world's objects as its database is at the start of a test (an earlier person's test
    changed them and was rolled back)."""
    for side in filter(None, (world.here, world.there)):
        side.review.refresh_from_db()
        side.review.__dict__.pop("_roles_cache", None)


def visit_as_stranger(client: Client, person: str, user: User | None, own_rows: dict,
                      their_rows: dict, theirs: "MatrixContext", forbidden: list[str]) -> None:
    """Every page of the other partnership, GET and POST (a valid form): those whose address
    differs from the viewer's own carry one of its reviews, people or agencies, and are refused
    as if they named nothing; nothing of theirs changes."""
    their_stage = Review.objects.get(pk=theirs.review.pk).stage
    carried = 0
    for name, row in their_rows.items():
        url, get_expected, post_expected = row[:3]
        if name in own_rows and url == own_rows[name][0]:
            continue
        carried += 1
        # A public page is everyone's, whichever partnership they are from.
        public = name in public_url_names()
        response = client.get(url)
        assert response.status_code == (get_expected[person] if public
                                         else as_stranger(get_expected, person)), (
            f"GET {name} of the other partnership as {person}: got {response.status_code}")
        check_page(person, user, "GET", url, response, forbidden)
        if post_expected is not None:
            response = client.post(url, body_for(name, row, theirs))
            assert response.status_code == (post_expected[person] if public
                                             else as_stranger(post_expected, person)), (
                f"POST {name} of the other partnership as {person}: got {response.status_code}")
            check_page(person, user, "POST", url, response, forbidden)
    assert carried >= len(their_rows) // 2, "The other partnership's pages were not visited"
    assert Review.objects.get(pk=theirs.review.pk).stage == their_stage


def check_mail(world: World) -> None:
    """No e-mail shows its reader what they may not see; one to someone outside both
    partnerships (Ofsted, the Panel) shows no identity at all."""
    for message in world.mail + mail.outbox:
        recipient = message.to[0]
        here = next((p for p, u in world.here.people.items() if u and u.email == recipient), None)
        there = next((p for p, u in world.there.people.items() if u and u.email == recipient),
                     None) if world.there else None
        if here:
            forbidden = forbidden_markers(here, world.here.people[here])
        elif there:
            forbidden = HERE_MARKERS
        else:
            forbidden = (FAMILY_MARKERS + STAFF_MARKERS + ELSEWHERE_MARKERS
                         + list(STAFF_CONFIDENTIAL_READERS))
        for marker in forbidden:
            assert marker not in message.subject + message.body, (
                f"e-mail to {recipient} shows {marker}")


# --- The name oracle: text filters run on the text as the viewer may see it ---------------------
# Each app declares its lists with a text filter in ``access_rows.TEXT_FILTERS``: (url name,
# query parameter, a word the anonymised text shows). A reader who may not see an identity must
# get exactly the same page for any part of its hidden name as for a string found nowhere, or
# twenty lines of script recover the name a letter at a time from the counts.
NAME_MARKERS = [CHILD, CHILD_ALIAS, MOTHER, PRACTITIONER, AUTHOR]
NOWHERE = "Qqxjvw Zzkpfh"


def name_probes(marker: str) -> list[str]:
    """The marker, and for a name: its first name, its surname and a four-letter piece of each."""
    probes = [marker]
    if marker in NAME_MARKERS:
        words = marker.split()
        probes += [w for w in (words[0], words[-1]) if w != marker]
        probes += [w[1:5] for w in {words[0], words[-1]} if len(w) >= 5]
    return probes


def app_text_filters() -> list[tuple[str, str, str]]:
    return [f for module in app_row_modules() for f in getattr(module, "TEXT_FILTERS", [])]


def without_echo(body: str, query: str) -> str:
    """The page with every echo of what was typed taken out (the box's value and the links that
    carry it, in each encoding they use), and the per-request tokens: only inside attributes,
    so a probe that is also part of an ordinary word ("ende" in "Independent") stays put."""
    forms = sorted({query, escape(query), quote(query), quote_plus(query),
                    quote(quote_plus(query)), quote(quote_plus(query), safe=""),
                    quote(quote(query), safe="")}, key=len, reverse=True)

    def unechoed(match: re.Match) -> str:
        value = match.group(2)
        for form in forms:
            value = value.replace(form, "<typed>")
        return f'{match.group(1)}="{value}"'

    body = re.sub(r'(href|action)="([^"]*)"', unechoed, body)
    return re.sub(r'(nonce|value)="[^"]*"', "", body)


def filtered_page(client: Client, url: str, param: str, query: str) -> str:
    response = client.get(url + ("&" if "?" in url else "?") + urlencode({param: query}))
    assert response.status_code == 200, (url, query)
    return without_echo(response.content.decode(), query)


class TestEveryStage:
    """The matrix at every stage, as every person of each partnership."""

    @pytest.mark.parametrize("person", EVERYONE)
    def test_access_matrix(self, person: str, world: World, db: None,
                           client_for: ClientFor) -> None:
        fresh(world)
        here, rows, there, their_rows = world.here, world.rows, world.there, world.their_rows
        stage = here.stage
        user = here.people[person]
        namesake = there.people[person] if there else None
        if there and person not in STRANGER_LIKE:
            # The second partnership's person in the same role first, on the first's pages
            # (before they change): refused, as if nothing were there.
            visit_as_stranger(client_for(namesake), person, namesake, their_rows, rows, here,
                              HERE_MARKERS)
        client = client_for(user)
        stage_before = Review.objects.get(pk=here.review.pk).stage
        unaudited = []
        for name, row in sorted(rows.items(), key=lambda item: item[0] in MOVES_ON):
            url, get_expected, post_expected = row[:3]
            since = last_seq()
            response = client.get(url)
            assert response.status_code == get_expected[person], (
                f"GET {name} as {person} at {stage}: expected {get_expected[person]}, got "
                f"{response.status_code}")
            check_page(person, user, "GET", url, response)
            unaudited.append(unaudited_read(person, user, name, "GET", response, since))
            if post_expected is not None and name != "accounts:sign_out":
                since = last_seq()
                response = client.post(url, body_for(name, row, here))
                assert response.status_code == post_expected[person], (
                    f"POST {name} as {person} at {stage}: expected {post_expected[person]}, got "
                    f"{response.status_code}")
                check_page(person, user, "POST", url, response)
                unaudited.append(unaudited_read(person, user, name, "POST", response, since))
                if user is not None and response.status_code == 302:
                    # Where a browser is sent next: the message saying what was done is shown
                    # there.
                    landed = client.get(response["Location"])
                    check_page(person, user, "GET", response["Location"], landed)
                    unaudited.append(unaudited_read(person, user, f"{name} (sent on)", "GET",
                                                    landed, since))
        unaudited = [problem for problem in unaudited if problem]
        assert not unaudited, "Pages showing identities wrote no read event:\n" + "\n".join(
            unaudited)
        if there and person not in STRANGER_LIKE:
            # Every page of the second partnership, after the first's pages changed what they
            # change.
            visit_as_stranger(client, person, user, rows, their_rows, there, ELSEWHERE_MARKERS)
        # Only a row that moves the review on does (MOVES_ON).
        moves = {name for name in MOVES_ON if (rows[name][2] or {}).get(person) == 302}
        moved = person != ANON and bool(moves) and moves != {"reviews:change_stage",
                                                             "reviews:undo_stage"}
        stage_after = Review.objects.get(pk=here.review.pk).stage
        assert (stage_after != stage_before) if moved else (stage_after == stage_before), (
            f"{person} at {stage_before}: the review is now at {stage_after}")
        response = client.post("/sign-out/")
        assert response.status_code == 302
        # The second partnership's person on their own pages, now that the first's hold what
        # its people added: the page each row expects of them, none of the first's names.
        theirs = client_for(namesake)
        for name, row in their_rows.items():  # none but at CROSS_STAGES
            url, get_expected = row[:2]
            response = theirs.get(url)
            assert response.status_code == get_expected[person], (
                f"GET {name} of the second partnership as its {person} at {stage}: expected "
                f"{get_expected[person]}, got {response.status_code}")
            check_page(person, namesake, "GET", url, response, HERE_MARKERS)
        check_mail(world)

    @pytest.mark.parametrize("world", ["notification"], indirect=True)
    def test_no_text_filter_tells_a_reader_anything_about_a_name_they_may_not_see(
            self, world: World, db: None, client_for: ClientFor) -> None:
        fresh(world)
        assert world.there is not None
        filters = app_text_filters()
        assert filters, "No list declares its text filter (access_rows.TEXT_FILTERS)"
        checked = 0
        for rows, side, hidden_from in [
                # The first partnership's people: what their tier hides, and the second's names.
                (world.rows, world.here, lambda person, user: [
                    m for m in forbidden_markers(person, user)
                    if m not in ELSEWHERE_MARKERS or m in ELSEWHERE_PROBED]),
                # The second's: the first's names.
                (world.their_rows, world.there, lambda person, user: HERE_PROBED)]:
            for name, param, visible in filters:
                url = rows[name][0]
                for person in EVERYONE:
                    user = side.people[person]
                    hidden = hidden_from(person, user)
                    client = client_for(user)
                    if not hidden or client.get(url).status_code != 200:
                        continue
                    nowhere = filtered_page(client, url, param, NOWHERE)
                    assert "being updated" not in nowhere, (
                        f"{name}: the search text was never built")
                    # The filter works: a word the reader can see finds entries.
                    assert filtered_page(client, url, param, visible) != nowhere, (
                        f"{name} ?{param}={visible} finds nothing")
                    for marker in hidden:
                        for probe in name_probes(marker):
                            assert filtered_page(client, url, param, probe) == nowhere, (
                                f"{name} ?{param}={probe!r} as {person} of "
                                f"{side.review.partnership.code} differs from a string found "
                                f"nowhere: the filter reads text {person} may not see")
                            checked += 1
        assert checked, "No pseudonym-only reader could use any text filter"


def test_outsiders_cannot_tell_a_review_exists(review: Review, outsider: User,
                                               client_for: ClientFor) -> None:
    missing = client_for(outsider).get("/reviews/00000000-0000-0000-0000-000000000000/")
    real = client_for(outsider).get(f"/reviews/{review.uuid}/")
    assert missing.status_code == real.status_code == 404

    def page(response: ClientResponse) -> str:
        # The CSP nonce and CSRF token differ per request; nothing else may.
        return re.sub(r'(nonce|value)="[^"]*"', "", response.content.decode())

    assert page(missing) == page(real)
