"""What the publication stage reads: who the harm assessment must cover, who asked to be told the
publication date, the publication that stands, the final check's own rows (harm, approvals,
findings, the family, a learning review's decision) and the home page's items.

The checks are registered in ``apps.py`` (``checks.register``); each says what stands or what is
missing and where it is put right, in words a business manager acts on. Their details may quote
what people typed (who assessed the harm): pages show them through the viewer's redactor.
"""

from datetime import date

from django.urls import reverse

from reviewdesk import access
from reviewdesk.accounts.models import User
from reviewdesk.family.models import FamilyMember
from reviewdesk.final_report.actions import current as current_final_report
from reviewdesk.publication.checks import Check
from reviewdesk.publication.models import HarmAssessment, Publication, PublicationDateShared
from reviewdesk.reports.models import DraftCheck, DraftFinding
from reviewdesk.reviews.models import IdentityEntry, Review, Stage
from reviewdesk.reviews.needs import OVERDUE, Need
from reviewdesk.signoff.selectors import INTENT_KINDS, approval_state

# Whom publication may harm: each child, vulnerable adult and family member in the register.
# A vulnerable adult is recorded as a family member or another person (a partner, a friend).
HARM_KINDS = (IdentityEntry.Kind.CHILD, IdentityEntry.Kind.FAMILY,
              IdentityEntry.Kind.OTHER_PERSON)
# The stages at which a report may be published (or is, or was).
PUBLISHING_STAGES = (Stage.PUBLICATION, Stage.ACTION_PLAN, Stage.CLOSED)
# A publication that stands: at most one per review (the model's constraint).
LIVE_STATES = (Publication.State.SCHEDULED, Publication.State.PUBLISHED,
               Publication.State.ON_REQUEST)


def people_at_risk(review: Review) -> list[IdentityEntry]:
    """The children, vulnerable adults and family members in the register now, children first."""
    order = {kind: i for i, kind in enumerate(HARM_KINDS)}
    people = list(review.identities.filter(kind__in=HARM_KINDS))
    return sorted(people, key=lambda e: (order[IdentityEntry.Kind(e.kind)], e.pseudonym))


def latest_assessment(review: Review) -> HarmAssessment | None:
    """The assessment that stands (the latest; earlier ones are kept)."""
    return (HarmAssessment.objects.filter(review=review)
            .select_related("recorded_by", "on_behalf_of").first())


def not_covered(review: Review, assessment: HarmAssessment | None) -> list[IdentityEntry]:
    """The people in the register now whom ``assessment`` has no line for."""
    covered = set() if assessment is None else set(
        assessment.lines.values_list("person_id", flat=True))
    return [p for p in people_at_risk(review) if p.pk not in covered]


def wanting_the_date(review: Review) -> list[FamilyMember]:
    """Family members who asked to be told the publication date."""
    return list(FamilyMember.objects.filter(review=review, wants_publication_date=True)
                .select_related("identity").order_by("pk"))


def not_told(review: Review, on: date) -> list[FamilyMember]:
    """Those who asked to be told the date and have not been told ``on``."""
    told = set(PublicationDateShared.objects.filter(review=review, publication_on=on)
               .values_list("member_id", flat=True))
    return [m for m in wanting_the_date(review) if m.pk not in told]


def live_publication(review: Review) -> Publication | None:
    """The publication that stands: scheduled, published or available on request."""
    return (Publication.objects.filter(review=review, state__in=LIVE_STATES)
            .select_related("final_report__version", "recorded_by", "on_behalf_of").first())


def scheduled(review: Review) -> Publication | None:
    return Publication.objects.filter(review=review, state=Publication.State.SCHEDULED).first()


def due_scheduled(today: date) -> list[Publication]:
    """Scheduled publications whose day has come (or passed: the job did not run that day)."""
    return list(Publication.objects.filter(state=Publication.State.SCHEDULED,
                                           scheduled_for__lte=today)
                .select_related("review__partnership").order_by("scheduled_for", "pk"))


def _people(entries: list[IdentityEntry]) -> str:
    return ", ".join(e.pseudonym for e in entries)


def _url(name: str, review: Review) -> str:
    return reverse(name, args=[review.uuid])


# --- The final check's rows ---------------------------------------------------------------------

def harm_check(review: Review, on: date) -> list[Check]:
    title = "Harm from publication assessed"
    link = _url("publication:harm", review)
    assessment = latest_assessment(review)
    if assessment is None:
        return [Check("harm", title, False,
                      "No assessment of publication's likely impact has been recorded. Record "
                      "one, with a line for each child, vulnerable adult and family member in "
                      "the identity register.", link)]
    missing = not_covered(review, assessment)
    if missing:
        return [Check("harm", title, False,
                      f"The assessment of {assessment.assessed_on:%-d %B %Y} does not cover "
                      f"{len(missing)} {'person' if len(missing) == 1 else 'people'} in the "
                      f"identity register now: {_people(missing)}. Record the assessment again, "
                      "covering everyone.", link)]
    count = assessment.lines.count()
    return [Check("harm", title, True,
                  f"Assessed on {assessment.assessed_on:%-d %B %Y} by {assessment.assessed_by}, "
                  f"covering all {count} {'person' if count == 1 else 'people'} in the register. "
                  f"Conclusion: {assessment.conclusion}", link)]


def approvals_check(review: Review, on: date) -> list[Check]:
    title = "The report approved, and its final report made"
    state = approval_state(review)
    if not state.is_approved or state.version is None:
        missing = "; ".join(r.label.lower() for r in state.missing) or "no version uploaded"
        return [Check("approvals", title, False,
                      f"The report is not approved by everyone who must approve it ({missing}). "
                      "It is signed off on the sign-off page.", _url("signoff:page", review))]
    if state.publication_required and not (state.publication and state.publication.agrees):
        return [Check("approvals", title, False,
                      f"The Executive Group has not agreed to publish version "
                      f"{state.version.number}. Its decision is recorded on the sign-off page.",
                      _url("signoff:page", review))]
    final = current_final_report(review)
    if final is None or final.version_id != state.version.pk:
        return [Check("approvals", title, False,
                      f"No final report of version {state.version.number} (the approved one) has "
                      "been made. Make it on the final report page.",
                      _url("final_report:report", review))]
    return [Check("approvals", title, True,
                  f"Version {state.version.number} was approved on "
                  f"{state.approved_on:%-d %B %Y}; its final report, made on "
                  f"{final.produced_on:%-d %B %Y}, is what is published.",
                  _url("final_report:report", review))]


def findings_check(review: Review, on: date) -> list[Check]:
    title = "No identifying finding open in the final report"
    final = current_final_report(review)
    if final is None:
        return [Check("findings", title, False,
                      "There is no final report yet, so its publication check cannot be read. "
                      "Make the final report first.", _url("final_report:report", review))]
    version = final.version
    check = (DraftCheck.objects.filter(pk=version.draft_check_id).first()
             if version.draft_check_id else None)
    if check is None or not check.is_finished or check.status == DraftCheck.Status.FAILED:
        return [Check("findings", title, False,
                      f"The publication check of version {version.number} has not finished. "
                      "Wait for it, or retry it from its page.",
                      _url("reports:checks", review))]
    link = reverse("reports:check", args=[review.uuid, check.number])
    count = DraftFinding.objects.visible().filter(draft_check=check).count()
    if count:
        return [Check("findings", title, False,
                      f"{count} identifying {'finding is' if count == 1 else 'findings are'} "
                      f"still open in the publication check of version {version.number} (check "
                      f"{check.number}). Correct them in a new version (and sign it off again), "
                      "or mark them as false alarms.", link)]
    return [Check("findings", title, True,
                  f"Nothing identifying is open in the publication check of version "
                  f"{version.number} (check {check.number}).", link)]


def family_check(review: Review, on: date) -> list[Check]:
    title = "The family told the publication date, where they asked"
    link = _url("publication:date_shared", review)
    wanting = wanting_the_date(review)
    if not wanting:
        return [Check("family", title, True,
                      "No family member asked to be told the publication date.", link,
                      overridable=True)]
    missing = not_told(review, on)
    if missing:
        who = _people([m.identity for m in missing])
        return [Check("family", title, False,
                      f"{who} asked to be told the publication date and "
                      f"{'has' if len(missing) == 1 else 'have'} not been told "
                      f"{on:%-d %B %Y}. Record that they were told it, or give your reason to "
                      "publish without telling them.", link, overridable=True)]
    return [Check("family", title, True,
                  f"Everyone who asked ({len(wanting)}) has been told {on:%-d %B %Y}.", link,
                  overridable=True)]


def learning_decision_check(review: Review, on: date) -> list[Check]:
    """For a learning or 'near miss' review (or other learning): the CSPR subgroup's decision,
    case by case, whether its report is published."""
    if review.kind not in INTENT_KINDS:
        return []
    title = "The subgroup's decision on publishing a learning review"
    link = _url("signoff:page", review)
    intent = approval_state(review).intent
    if intent is None:
        return [Check("learning_decision", title, False,
                      "The CSPR subgroup has not recorded whether this learning review's report "
                      "is published. It records its decision on the sign-off page.", link)]
    if intent.will_publish:
        return [Check("learning_decision", title, True,
                      f"The subgroup decided on {intent.decided_on:%-d %B %Y} that the report "
                      "will be published.", link)]
    return [Check("learning_decision", title, True,
                  f"The subgroup decided on {intent.decided_on:%-d %B %Y} that the report will "
                  "not be published: only a learning summary may be published instead (choose "
                  "'A learning summary' and upload its PDF).", link)]


def report_not_to_be_published(review: Review) -> date | None:
    """The date a learning review's subgroup decided its report is not published, if it did (a
    learning summary may be published instead)."""
    if review.kind not in INTENT_KINDS:
        return None
    intent = approval_state(review).intent
    return intent.decided_on if intent is not None and not intent.will_publish else None


# --- Home ---------------------------------------------------------------------------------------

def needs(viewer: User, today: date) -> list[Need]:
    """For the business manager: a scheduled publication whose day has passed and that could not
    go ahead (a check unmet since it was scheduled). One query."""
    if viewer.partnership_id is None or not access.is_business_manager(viewer):
        return []
    late = (Publication.objects.filter(review__partnership_id=viewer.partnership_id,
                                       state=Publication.State.SCHEDULED,
                                       scheduled_for__lte=today)
            .select_related("review"))
    return [Need(p.review, "Publish the report: its scheduled publication could not go ahead",
                 _url("publication:page", p.review), OVERDUE, due_on=p.scheduled_for,
                 detail="A check before publishing is not met: see which on the publication "
                        "page, put it right or cancel the schedule.")
            for p in late]
