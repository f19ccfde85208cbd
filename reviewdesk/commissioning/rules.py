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
from reviewdesk.reviews.models import STAGE_ORDER, Review, ReviewKind, Stage

NOTICES_REQUIRED = {ReviewKind.LOCAL_CSPR, ReviewKind.NATIONAL}
NOTICES_CASE_BY_CASE = {ReviewKind.LEARNING_REVIEW, ReviewKind.OTHER_LEARNING}
# Commissioning notices and lead reviewer appointments belong to these stages.
COMMISSIONING_STAGES = {Stage.COMMISSIONING, Stage.SET_UP}
NOTICE_PURPOSE = "commissioning"
# The staff involved (practitioners and agency authors): who decides that is access.py.
STAFF_ROLES = access.STAFF_ROLES


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


def staff_involved(review: Review) -> list[User]:
    """The review's active practitioners and agency authors, each once."""
    people: dict[int, User] = {}
    memberships = review.memberships.filter(role__in=STAFF_ROLES, ended_at__isnull=True,
                                            person__is_active=True).select_related("person")
    for m in memberships.order_by("pk"):
        people.setdefault(m.person_id, m.person)
    return list(people.values())
