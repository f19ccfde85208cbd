"""For tests: walk a review through its stages the way the partnership would, through the real
requirements of each step (``reviews.transitions.FLOW``): the rapid review record, the three
partners' decisions, the commissioning notices and case files, the lead reviewer's appointment,
the approved terms of reference, a chronology author for every agency in scope, the terms of
reference shared. Only what is still missing is made, so a test may keep some records itself.
Work a step may leave outstanding (an agency's chronology still to come when conversations
start) is left, and the step is confirmed with a reason, as the business manager would.

This lives in commissioning, the latest stage whose steps require records (imports point one way:
only a later app can call the earlier apps' actions). A stage that adds requirements adds them
to ``meet`` here, or moves this module beside itself.
"""

from datetime import date, timedelta

from django.urls import reverse
from django.utils.module_loading import import_string

from reviewdesk.accounts.models import PartnerFor, PartnershipRole, User
from reviewdesk.commissioning import actions, requirements, rules, scope
from reviewdesk.commissioning.models import ChronologyAuthor, LeadReviewerAppointment, Reviewer
from reviewdesk.decisions import actions as decisions
from reviewdesk.decisions.models import CriteriaView, Outcome, SubgroupView
from reviewdesk.rapid_review import actions as rapid_review
from reviewdesk.rapid_review.selectors import record_requirement
from reviewdesk.rapid_review.testing import complete_the_record
from reviewdesk.reviews import transitions
from reviewdesk.reviews.models import Review, ReviewKind, ReviewRole, Stage

# The day each step takes effect, unless a test says otherwise.
DAYS = {
    "start_rapid_review": date(2026, 3, 4), "complete_rapid_review": date(2026, 3, 20),
    "initiate_review": date(2026, 3, 31), "decide_no_review": date(2026, 3, 31),
    "complete_commissioning": date(2026, 4, 15), "complete_set_up": date(2026, 5, 1),
    "start_chronology": date(2026, 5, 15), "start_conversations": date(2026, 6, 1),
    "start_family_involvement": date(2026, 6, 15), "start_report": date(2026, 7, 1),
    "approve_publication": date(2026, 9, 1), "start_action_plan": date(2026, 9, 15),
    "close_review": date(2026, 10, 1),
}
# The way to each stage of a review that is held (the decision not to hold one closes it, and
# the Panel may reopen that closed case).
ROUTE = [t.name for t in transitions.FLOW
         if t.name not in {"decide_no_review", "reopen_as_national", "reopen_action_plan"}]
# Why the walk moves on with work outstanding (the guide allows it; the timeline keeps it).
OUTSTANDING_REASON = "The lead reviewer starts with the chronologies already accepted."
PARTNER_NAMES = {PartnerFor.LOCAL_AUTHORITY: "Lara Authority", PartnerFor.HEALTH: "Hal Health",
                 PartnerFor.POLICE: "Pip Police"}


def walk(review: Review, by: User, stage: str, *, kind: str = ReviewKind.LOCAL_CSPR,
         days: dict[str, date] | None = None) -> Review:
    """The review taken, step by step, from where it is to ``stage`` (the business manager ``by``
    acting). With ``kind=""`` the partners decide not to hold a review, which closes it."""
    days = DAYS | (days or {})
    if stage == Stage.CLOSED and not kind:
        route = ["start_rapid_review", "complete_rapid_review", "decide_no_review"]
    else:
        reaches = [transitions.TRANSITIONS[name].to_stage for name in ROUTE]
        route = ROUTE[:reaches.index(Stage(stage)) + 1] if stage != Stage.NOTIFICATION else []
    review.refresh_from_db()
    leaving = [transitions.TRANSITIONS[name].from_stage for name in route]
    route = route[leaving.index(Stage(review.stage)):] if review.stage in leaving else []
    for name in route:
        review = take(review, name, by=by, on=days[name], kind=kind)
    review.refresh_from_db()
    assert review.stage == stage, (review.stage, stage)
    return review


def take(review: Review, name: str, *, by: User, on: date, kind: str = ReviewKind.LOCAL_CSPR,
         reason: str = "", on_behalf_of: User | None = None) -> Review:
    """Meet what the step requires, then take it as the pages would: a handed-over step through
    the action that owns it."""
    meet(review, name, by=by, on=on)
    if name == "start_rapid_review":
        review = rapid_review.start_rapid_review(review, by=by, effective_on=on, reason=reason,
                                                 on_behalf_of=on_behalf_of)
    elif name in ("initiate_review", "decide_no_review"):
        decide(review, by=by, on=on, kind=kind if name == "initiate_review" else "",
               reasons=reason)
    else:
        left = transitions.outstanding(transitions.TRANSITIONS[name].unmet(review))
        review = transitions.move(
            review, name, by=by, effective_on=on, on_behalf_of=on_behalf_of,
            reason=reason or (OUTSTANDING_REASON if left else ""), accept_outstanding=bool(left))
    review.refresh_from_db()
    return review


def meet(review: Review, name: str, *, by: User, on: date) -> None:
    """Keep the records the step ``name`` requires that the review does not have yet."""
    review.refresh_from_db()
    if name == "complete_rapid_review" and record_requirement(review):
        complete_the_record(review, by=by)
    elif name == "complete_commissioning" and requirements.commissioning_done(review):
        notices = reverse("commissioning:notices", args=[review.uuid])
        if any(b.url == notices for b in requirements.commissioning_done(review)):
            if review.kind in rules.NOTICES_CASE_BY_CASE:
                actions.record_not_notified(review, by=by, reason="Agreed case by case.",
                                            agreed_on=review.stage_since)
            else:
                actions.send_commissioning_notices(review, by=by)
        actions.ensure_checklist(review, by=by)
        for line in review.case_file_checks.filter(confirmed_on__isnull=True):
            actions.confirm_case_files(line, by=by, confirmed_on=review.stage_since,
                                       confirmed_by_name="Records Manager",
                                       confirmed_by_role="Records manager",
                                       records_held="The agency's case system, restricted",
                                       copy_made=False)
    elif name == "complete_set_up":
        _appoint(review, by=by, on=review.stage_since)
        _approve_terms(review, by=by, on=review.stage_since)
        _name_authors(review, by=by, on=review.stage_since)
    elif name == "start_chronology" and requirements.terms_of_reference_shared(review):
        approved = scope.approved_version(review)
        assert approved is not None, "set-up cannot complete without approved terms"
        actions.share_terms_of_reference(approved, by=by)
    elif name == "approve_publication":
        # The report approved by everyone who must (reviewdesk.signoff, a later stage: named by
        # its dotted path, as FLOW names the step's requirement).
        import_string("reviewdesk.signoff.testing.approve_the_report")(review, by=by, on=on)
    elif name == "close_review":
        # Every action concluded (reviewdesk.action_plan, a later stage: by its dotted path).
        import_string("reviewdesk.action_plan.walking.conclude_every_action")(review, by=by, on=on)


def decide(review: Review, *, by: User, on: date, kind: str, reasons: str = "") -> None:
    """The three partners agree (typed by the business unit for them): to hold a review of this
    kind, or, with no kind, not to hold one. The third decision moves the review. ``reasons``:
    each partner's (by default, words that say whose they are)."""
    if kind == ReviewKind.NATIONAL:
        decisions.make_national(review, by=by, effective_on=on)
        review.refresh_from_db()
    outcome = decisions.KIND_OUTCOME[ReviewKind(kind)] if kind else Outcome.NO_REVIEW
    for partner_for in (PartnerFor.LOCAL_AUTHORITY, PartnerFor.HEALTH, PartnerFor.POLICE):
        scope_of = ({"lines_of_enquiry": "How agencies shared information about the family.",
                     "methodology": "A systems approach"}
                    if kind and partner_for == PartnerFor.LOCAL_AUTHORITY else {})
        decisions.record_partner_decision(
            review, by=by, on_behalf_of=partner(review, partner_for), partner_for=partner_for,
            outcome=outcome, reasons=reasons or f"The {partner_for} partner's reasons.",
            meets_criteria=CriteriaView.YES if kind else CriteriaView.NO,
            subgroup_recommended=(SubgroupView.RECOMMENDED if kind
                                  else SubgroupView.NOT_RECOMMENDED),
            decided_on=on, **scope_of)


def partner(review: Review, partner_for: str) -> User:
    """The partnership's safeguarding partner for that agency (a new one if it has none)."""
    found = User.objects.filter(partnership_id=review.partnership_id, is_active=True,
                                role=PartnershipRole.SAFEGUARDING_PARTNER,
                                partner_for=partner_for).order_by("pk").first()
    return found or User.objects.create_user(
        f"walk.{partner_for}.partner.{review.partnership_id}@example.test", "a-long-test-password",
        full_name=PARTNER_NAMES[PartnerFor(partner_for)], partnership_id=review.partnership_id,
        role=PartnershipRole.SAFEGUARDING_PARTNER, partner_for=partner_for)


def _appoint(review: Review, *, by: User, on: date) -> None:
    """The review's lead reviewer (a new one if its team has none), appointed with their
    declaration."""
    if LeadReviewerAppointment.objects.filter(
            review=review, membership__role=ReviewRole.LEAD_REVIEWER,
            membership__ended_at__isnull=True).exists():
        return
    member = review.memberships.filter(role=ReviewRole.LEAD_REVIEWER,
                                       ended_at__isnull=True).first()
    person = member.person if member else User.objects.create_user(
        f"walk.lead.reviewer.{review.partnership_id}@example.test", "a-long-test-password",
        full_name="Lee Reviewer",
        partnership_id=review.partnership_id, job_title="Independent reviewer")
    reviewer = Reviewer.objects.filter(partnership_id=review.partnership_id, user=person).first()
    if reviewer is None:
        reviewer = Reviewer.objects.create(partnership_id=review.partnership_id, user=person,
                                           full_name=person.full_name, email=person.email)
    actions.appoint_lead_reviewer(review, reviewer, by=by, appointed_on=on,
                                  conflict=LeadReviewerAppointment.Conflict.NONE)


def _approve_terms(review: Review, *, by: User, on: date) -> None:
    """Terms of reference approved: the latest draft, or a first one whose scope is the agencies
    of the review's agency authors (else every agency involved)."""
    if scope.approved_version(review) is not None:
        return
    version = scope.latest_version(review)
    if version is None:
        authors = review.memberships.filter(role=ReviewRole.AGENCY_AUTHOR, ended_at__isnull=True,
                                            person__agency__isnull=False)
        agencies = [a for a in {m.person.agency for m in authors.select_related("person__agency")}
                    if a is not None] or list(rules.involved_agencies(review))
        incident = review.incidents.order_by("incident_date").first()
        assert incident is not None, "every review has its incident"
        version = actions.save_terms_of_reference(
            review, by=by, period_from=incident.incident_date - timedelta(days=365),
            period_to=incident.incident_date, agencies=agencies,
            lines_of_enquiry="How agencies shared information about the family.",
            methodology="A systems approach")
    actions.approve_terms_of_reference(version, by=by, approved_on=on)


def _name_authors(review: Review, *, by: User, on: date) -> None:
    """A chronology author for each agency in scope without one: its author on the team, else
    someone new from the agency."""
    named = set(ChronologyAuthor.objects.filter(review=review).values_list("agency_id", flat=True))
    for agency in scope.agencies_in_scope(review):
        if agency.pk in named:
            continue
        member = review.memberships.filter(role=ReviewRole.AGENCY_AUTHOR, ended_at__isnull=True,
                                           person__agency=agency).first()
        person = member.person if member else User.objects.create_user(
            f"walk.author.{agency.pk}@example.test", "a-long-test-password",
            full_name=f"{agency.name} Author", partnership_id=review.partnership_id,
            agency=agency, job_title="Safeguarding lead")
        actions.name_chronology_author(review, agency, by=by, person=person,
                                       due_on=on + timedelta(days=60), named_on=on)
