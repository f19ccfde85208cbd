"""What commissioning expects of a review, and who may record what.

Choices where the guide is silent (see the report to the lead; they belong in docs/decisions):
* The commissioning notices are required for a local CSPR and for a national review (the Panel
  leads it, and "the process … will be much the same as that of a local" review). For a local
  learning review and other learning activity "partners do not tend to be notified … agreed on a
  case by case basis": the business manager sends them or records that they were not sent, why.
* The case-file checklist has a line per agency involved in the review's incidents.
* "The staff involved" who receive the terms of reference are the review's active practitioners
  and agency authors.
* The agencies "in scope" are those of the approved terms of reference (else the latest draft,
  else the agencies involved in the incidents).
"""

from dataclasses import dataclass

from reviewdesk import access
from reviewdesk.accounts.models import Agency, Partnership, User
from reviewdesk.reviews.models import STAGE_ORDER, Review, ReviewKind, ReviewRole, Stage

NOTICES_REQUIRED = {ReviewKind.LOCAL_CSPR, ReviewKind.NATIONAL}
NOTICES_CASE_BY_CASE = {ReviewKind.LEARNING_REVIEW, ReviewKind.OTHER_LEARNING}
# Commissioning notices and lead reviewer appointments belong to these stages.
COMMISSIONING_STAGES = {Stage.COMMISSIONING, Stage.SET_UP}
NOTICE_PURPOSE = "commissioning"
STAFF_ROLES = {ReviewRole.PRACTITIONER, ReviewRole.AGENCY_AUTHOR}


def is_commissioned(review: Review) -> bool:
    """Commissioned and still open: the window for the checklist, terms of reference, authors."""
    return (review.stage != Stage.CLOSED
            and STAGE_ORDER.index(Stage(review.stage)) >= STAGE_ORDER.index(Stage.COMMISSIONING))


def was_commissioned(review: Review) -> bool:
    """A review that reached commissioning at some point (a closed one included)."""
    if review.stage == Stage.CLOSED:
        return review.initiated_on is not None
    return is_commissioned(review)


def stage_words(review: Review) -> str:
    return review.get_stage_display().lower()


def require_commissioned(review: Review, what: str) -> None:
    from django.core.exceptions import ValidationError

    if not is_commissioned(review):
        raise ValidationError(f"{what} once the review is commissioned and while it is open; this "
                              f"one is at {stage_words(review)}.")


def involved_agencies(review: Review) -> list[Agency]:
    return list(Agency.objects.filter(incidents__review=review).distinct().order_by("name"))


# --- Commissioning notices -------------------------------------------------------------------

@dataclass(frozen=True)
class Recipient:
    kind: str  # agency, ofsted, dfe, panel
    dedupe_key: str
    template_key: str
    label: str
    emails: list[str]
    agency: Agency | None = None


STATUTORY = [
    # (kind, template key, label, partnership field)
    ("ofsted", "commissioning_ofsted", "Ofsted", "ofsted_email"),
    ("dfe", "commissioning_dfe", "Department for Education", "dfe_email"),
    ("panel", "commissioning_panel", "National Child Safeguarding Practice Review Panel",
     "panel_email"),
]


def notice_key(review: Review, kind: str, agency: Agency | None = None) -> str:
    """One key per review and recipient: nothing is ever sent to them twice."""
    return f"{NOTICE_PURPOSE}:{review.pk}:{kind}" + (f":{agency.pk}" if agency else "")


def commissioning_recipients(review: Review, agencies: list[Agency] | None = None,
                             partnership: Partnership | None = None) -> list[Recipient]:
    """Every partner agency involved in the review's incidents, then Ofsted, the DfE and the
    National Panel, with the addresses set on the partnership's settings page."""
    partnership = partnership or review.partnership
    agencies = involved_agencies(review) if agencies is None else agencies
    found = [Recipient("agency", notice_key(review, "agency", a), "commissioning_agency", a.name,
                       [a.email] if a.email else [], a) for a in agencies]
    for kind, template, label, field in STATUTORY:
        email = getattr(partnership, field)
        found.append(Recipient(kind, notice_key(review, kind), template, label,
                               [email] if email else []))
    return found


# --- Who may record what -----------------------------------------------------------------------

def may_commission(user: User, review: Review) -> bool:
    return access.can(user, review, access.Permission.COMMISSION)


def _oversees(user: User, review: Review) -> bool:
    return user.role in access.OVERSIGHT_ROLES and user.partnership_id == review.partnership_id


def sees_shared_version_only(user: User, review: Review) -> bool:
    """The staff involved (practitioners and agency authors with no other role on the review, and
    no oversight role in the partnership) read only the terms of reference shared with them: not
    the drafts, the version history or the sharing log."""
    roles = access.review_roles(user, review)
    return bool(roles) and roles <= STAFF_ROLES and user.role not in access.OVERSIGHT_ROLES


# Who reads the whole case-file checklist: where records are held and who confirmed.
CASE_FILE_ROLES = {ReviewRole.LEAD_REVIEWER, ReviewRole.SUBGROUP_MEMBER}


def case_file_agencies(user: User, review: Review) -> set[int] | None:
    """Whose lines of the case-file checklist this person reads in full: ``None`` for every
    agency's (the business manager, the partnership's oversight roles, the review's lead
    reviewers and subgroup members); an agency author the ids of their own agencies; anyone else
    (practitioners, the executive group, the L&D subgroup) gets PermissionDenied."""
    from django.core.exceptions import PermissionDenied

    roles = access.review_roles(user, review)
    if _oversees(user, review) or roles & CASE_FILE_ROLES:
        return None
    if ReviewRole.AGENCY_AUTHOR in roles:
        return set(review.memberships.filter(
            person=user, role=ReviewRole.AGENCY_AUTHOR, ended_at__isnull=True,
            agency_id__isnull=False).values_list("agency_id", flat=True))
    raise PermissionDenied("The case-file checklist is for the business unit, the review's "
                           "reviewers and subgroup members, and the agencies' authors.")


def may_confirm_case_files(user: User, review: Review, agency: Agency) -> bool:
    return access.may_confirm_case_files(user, review, agency.pk)


def staff_involved(review: Review) -> list[User]:
    """The review's active practitioners and agency authors, each once."""
    people: dict[int, User] = {}
    memberships = review.memberships.filter(role__in=STAFF_ROLES, ended_at__isnull=True,
                                            person__is_active=True).select_related("person")
    for m in memberships.order_by("pk"):
        people.setdefault(m.person_id, m.person)
    return list(people.values())
