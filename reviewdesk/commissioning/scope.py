"""Reading a review's terms of reference: its versions, the approved one, what changed, and which
agencies are in scope."""

from datetime import date
from typing import Any

from reviewdesk.accounts.models import Agency, User
from reviewdesk.commissioning.models import TermsOfReference, TermsOfReferenceShare
from reviewdesk.commissioning.rules import involved_agencies
from reviewdesk.decisions.selectors import initial_scope
from reviewdesk.reviews.models import Review

# The parts of a version, in the order a reader meets them.
FIELDS: list[tuple[str, str]] = [
    ("period_from", "Period under review: from"),
    ("period_to", "Period under review: to"),
    ("lines_of_enquiry", "Key lines of enquiry"),
    ("agencies", "Agencies in scope"),
    ("methodology", "Methodology"),
    ("scope_notes", "Other scope notes"),
]


def content(version: TermsOfReference | dict[str, Any]) -> dict[str, Any]:
    """A version's content (or a form's values) in a form that compares like for like."""
    if isinstance(version, TermsOfReference):
        values = {name: getattr(version, name) for name, _ in FIELDS if name != "agencies"}
        values["agencies"] = {a.pk for a in version.agencies.all()}
    else:
        values = {name: version.get(name) for name, _ in FIELDS if name != "agencies"}
        values["agencies"] = {a.pk for a in version.get("agencies", [])}
    for name in ("lines_of_enquiry", "methodology", "scope_notes"):
        values[name] = (values[name] or "").strip().replace("\r\n", "\n")
    return values


def changed_fields(new: TermsOfReference | dict[str, Any],
                   old: TermsOfReference | dict[str, Any] | None) -> list[str]:
    """The labels of the parts that differ (every part, for a first version)."""
    if old is None:
        return []
    a, b = content(new), content(old)
    return [label for name, label in FIELDS if a[name] != b[name]]


def versions(review: Review) -> list[TermsOfReference]:
    return list(review.terms_of_reference.select_related(
        "created_by", "approved_by", "approved_on_behalf_of").prefetch_related("agencies")
        .order_by("-number"))


def latest_version(review: Review) -> TermsOfReference | None:
    return review.terms_of_reference.order_by("-number").first()


def approved_version(review: Review) -> TermsOfReference | None:
    """The version in force: the latest approved one."""
    return (review.terms_of_reference.filter(status=TermsOfReference.Status.APPROVED)
            .order_by("-number").first())


def version_shared_with(user: User, review: Review) -> TermsOfReference | None:
    """The latest version shared with this person (what a practitioner may read)."""
    share = (TermsOfReferenceShare.objects.filter(version__review=review, person=user)
             .select_related("version").order_by("-version__number").first())
    return share.version if share else None


def agencies_in_scope(review: Review) -> list[Agency]:
    version = approved_version(review) or latest_version(review)
    if version is not None:
        return list(version.agencies.order_by("name"))
    return involved_agencies(review)


def seed(review: Review) -> dict[str, Any]:
    """The first draft's starting point: the partners' suggested initial lines of enquiry and
    methodology from the decision, the agencies involved, and the period up to the incident."""
    suggested = initial_scope(review)
    incidents = list(review.incidents.order_by("incident_date"))
    last: date | None = incidents[-1].incident_date if incidents else None
    return {
        "lines_of_enquiry": suggested.get("lines_of_enquiry", ""),
        "methodology": suggested.get("methodology") or "Systems approach (the Munro review's "
                                                       "systems methodology for case reviews)",
        "agencies": involved_agencies(review),
        "period_to": last,
    }
