"""How to build every form of the app for the hostile-input tests: one place for the arguments
forms take besides their data (the review, who is acting, the record being changed…).

Arguments are found by the name of the constructor's parameter (``review``, ``by``…), taken from
the access matrix's world (its review at the action plan stage, with every app's records). A form
whose parameter has no entry here fails test_forms.py by name: add a resolver for it below (by
parameter name, or for that form alone in PER_FORM), so no form goes uncovered.
"""

import inspect
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from django import forms
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import Model
from django.test import RequestFactory

from reviewdesk.accounts.models import Agency, User
from reviewdesk.audit.events import EVENT_TYPES
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.reviews.tests.test_access_matrix import BM, World

# Parameters every Django form takes: given by the test itself, or left at their defaults.
DJANGO_PARAMETERS = {"self", "args", "kwargs", "data", "files", "auto_id", "prefix", "initial",
                     "error_class", "label_suffix", "empty_permitted", "field_order",
                     "use_required_attribute", "renderer", "bound_field_class", "instance"}

# Bases and mixins that are never a page's form by themselves.
NOT_A_PAGES_FORM = {
    "reviewdesk.findings.forms._Shown", "reviewdesk.progress.forms.EvidenceMixin",
    "reviewdesk.reviews.forms.ForAPartnerMixin", "reviewdesk.reports.forms._VersionSentForm",
    "reviewdesk.versioning.VersionedForm",
}

Resolver = Callable[[World], Any]


def _review(world: World) -> Review:
    return world.here.review


def _bm(world: World) -> User:
    user = world.here.people[BM]
    assert user is not None
    return user


def _first(model_path: str) -> Resolver:
    """The review's first record of a model ("app.Model"), which the world must hold."""
    def resolve(world: World) -> Model:
        from django.apps import apps

        model = apps.get_model(model_path)
        field_names = {f.name for f in model._meta.get_fields()}
        records = model._default_manager.all()
        if "review" in field_names:
            records = records.filter(review=_review(world))
        record: Model | None = records.order_by("pk").first()
        assert record is not None, f"The matrix's world holds no {model_path}"
        return record
    return resolve


def _request(world: World) -> Any:
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request.user = _bm(world)
    return request


def _names(world: World) -> Any:
    from reviewdesk.reviews.names import Names

    return Names(_review(world), _bm(world))


def _agency(world: World) -> Agency:
    agency = _review(world).incidents.first().agencies.first()  # type: ignore[union-attr]
    assert agency is not None
    return agency


def _stages(world: World) -> list:
    from reviewdesk.informing import selectors
    from reviewdesk.reviews.models import STAGE_ORDER

    return selectors.coming_stages(_review(world)) or STAGE_ORDER[-2:]


def _transition(world: World) -> Any:
    from reviewdesk.reviews import transitions

    return transitions.TRANSITIONS["close_review"]


def _same(value: Any) -> Resolver:
    return lambda world: value


def _keep(text: str) -> str:
    return text


# By parameter name.
BY_NAME: dict[str, Resolver] = {
    "review": _review,
    "by": _bm,
    "user": _bm,
    "only": _same(None),
    "partnership_id": lambda w: _review(w).partnership_id,
    "partnership": lambda w: _review(w).partnership,
    "on_behalf": _same(False),
    "manager": _same(True),
    "may_date": _same(True),
    "with_active": _same(True),
    "outstanding": _same(False),
    "starts_version": _same(False),
    "has_current": _same(False),
    "recording_for_agency": _same(False),
    "redact": _same(_keep),
    "names": _names,
    "label": _same(str),
    "date_label": _same("Date"),
    "default_title": _same("A title"),
    "default_slug": _same("a-title"),
    "default_due": _same(date(2026, 12, 20)),
    "agency": _agency,
    "agencies": lambda w: list(_review(w).partnership.agencies.all()),
    "asked": _same(set()),
    "involved": lambda w: {_agency(w).pk},
    "choices": _same([(1, "One"), (2, "Two")]),
    "years": _same([2025, 2026]),
    "states": _same(["open", "closed"]),
    "stages": _stages,
    "event_types": lambda w: sorted(EVENT_TYPES)[:20],
    "found": _same([]),
    "recs": _same([]),
    "final_pk": lambda w: _first("reports.FinalReport")(w).pk,
    "earlier": _same(None),
    "notification": _same(None),
    "lead_reviewers": _same(None),
    "entry": _same(None),
    "finding": _same(None),
    "recommendation": _same(None),
    "meeting": _same(None),
    "based_on": _same(None),
    "request": _request,
    "transition": _transition,
    "rows": _same([{"label": "Row 2"}, {"label": ""}]),
    "reports": lambda w: list(_first("publication.Publication")(w).__class__.objects.all()),
    "members": lambda w: list(_review(w).family_members.all()),
    "practitioners": lambda w: list(_review(w).practitioners.all()),
    "action": _first("action_plan.Action"),
    "comment": _first("reports.Comment"),
    "conversation": _first("staff.Conversation"),
    "document": _first("action_plan.BriefingDocument"),
    "incident": lambda w: _review(w).incidents.first(),
    "member": _first("family.FamilyMember"),
    "offer": _first("staff.SupportOffer"),
    "practitioner": _first("staff.Practitioner"),
    "reviewer": _first("commissioning.Reviewer"),
    "round_": _first("reports.CommentRound"),
    "statement": _first("action_plan.ActionsStatement"),
    "submission": _first("chronology.Submission"),
    "theme": _first("action_plan.Theme"),
    "clock": lambda w: _review(w).clocks.first(),
    "task": lambda w: _review(w).tasks.first(),
}

# For one form only, where a name means something else there.
PER_FORM: dict[str, dict[str, Resolver]] = {
    "reviewdesk.conversations.forms.ReplyForm": {
        "offered": _same([datetime(2026, 12, 10, 10, tzinfo=UTC),
                          datetime(2026, 12, 11, 14, tzinfo=UTC)])},
    "reviewdesk.copies.forms.SendForm": {"offered": _same([("a", "A"), ("b", "B")])},
    "reviewdesk.statement.forms.SendForm": {"offered": _same([])},
    "reviewdesk.publication.forms.HarmForm": {
        "people": lambda w: list(_review(w).identities.filter(kind=IdentityEntry.Kind.FAMILY))},
    "reviewdesk.reviews.forms.AuditFilterForm": {
        "people": lambda w: User.objects.filter(partnership=_review(w).partnership)},
    "reviewdesk.support.forms.EscalationContactForm": {
        "people": lambda w: User.objects.filter(partnership=_review(w).partnership)},
    "reviewdesk.findings.forms.RemoveForm": {"record": _first("action_plan.Finding")},
    "reviewdesk.rapid_review.forms.RecordForm": {"record": _same(None)},
    "reviewdesk.family.forms.LetterTemplateForm": {"template": _first("family.LetterTemplate")},
    "reviewdesk.notices.forms.NoticeTemplateForm": {
        "template": _first("notices.NoticeTemplate")},
}


class NoFactory(Exception):
    pass


def qualified(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def arguments(cls: type[forms.BaseForm], world: World) -> dict[str, Any]:
    """The keyword arguments, besides data and files, that build ``cls`` in ``world``."""
    out: dict[str, Any] = {}
    own = PER_FORM.get(qualified(cls), {})
    for name, parameter in inspect.signature(cls.__init__).parameters.items():
        if name in DJANGO_PARAMETERS or parameter.kind in (parameter.VAR_POSITIONAL,
                                                          parameter.VAR_KEYWORD):
            continue
        resolver = own.get(name) or BY_NAME.get(name)
        if resolver is None:
            raise NoFactory(f"{qualified(cls)} takes {name!r}: say how to make it in "
                            "reviewdesk/tests_hostile/form_factories.py")
        out[name] = resolver(world)
    return out
