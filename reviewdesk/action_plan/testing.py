"""For tests and the demo of the action plan's apps: a review at the action plan stage, and
findings, recommendations, meetings and actions made directly (so each app can be tested without
the pages that make them)."""

from datetime import date

from reviewdesk.accounts.models import Agency, User
from reviewdesk.action_plan.models import (
    Action,
    Finding,
    PlanMeeting,
    Recommendation,
    Theme,
)
from reviewdesk.commissioning.testing import DAYS, walk
from reviewdesk.final_report.testing import final_report_for
from reviewdesk.reports.models import FinalReport
from reviewdesk.reviews.models import Review, ReviewKind, Stage


def at_action_plan(review: Review, *, by: User, kind: str = ReviewKind.LOCAL_CSPR,
                   on: date | None = None) -> FinalReport:
    """The review walked to the action plan stage, with a final report stored (without
    LibreOffice). Returns the final report."""
    on = on or DAYS["start_action_plan"]
    walked = walk(review, by, Stage.PUBLICATION, kind=kind)
    final = final_report_for(walked, by=by, on=DAYS["approve_publication"])
    walk(walked, by, Stage.ACTION_PLAN, kind=kind, days={"start_action_plan": on})
    review.refresh_from_db()
    return final


def theme(review: Review, name: str) -> Theme:
    """One of the partnership's themes (the national ones are there from the start)."""
    found, _ = Theme.objects.get_or_create(partnership=review.partnership, name=name)
    return found


def make_finding(review: Review, *, by: User, number: int = 1,
                 text: str = "Professionals did not see the baby's bruising as a warning.",
                 themes: tuple[str, ...] = ()) -> Finding:
    finding = Finding.objects.create(review=review, number=number, text=text, recorded_by=by)
    finding.themes.set([theme(review, name) for name in themes])
    return finding


def make_recommendation(review: Review, *, by: User, number: int = 1,
                        text: str = "The partnership should audit its bruising protocol.",
                        findings: tuple[Finding, ...] = (),
                        themes: tuple[str, ...] = ()) -> Recommendation:
    recommendation = Recommendation.objects.create(review=review, number=number, text=text,
                                                   recorded_by=by)
    recommendation.findings.set(findings)
    recommendation.themes.set([theme(review, name) for name in themes])
    return recommendation


def make_meeting(review: Review | None, *, by: User, held_on: date,
                 kind: str = PlanMeeting.Kind.EXTRAORDINARY,
                 partnership_id: int | None = None) -> PlanMeeting:
    partnership_id = partnership_id or (review.partnership_id if review else None)
    assert partnership_id is not None, "A meeting without a review needs its partnership"
    return PlanMeeting.objects.create(
        partnership_id=partnership_id, review=review, kind=kind, held_on=held_on, recorded_by=by)


def make_action(review: Review, *, by: User, agency: Agency | None = None,
                owner: User | None = None, owner_name: str = "",
                number: int | None = None, due_on: date = date(2027, 3, 31),
                agreed_on: date = date(2026, 10, 1),
                recommendations: tuple[Recommendation, ...] = (),
                meeting: PlanMeeting | None = None,
                status: str = Action.Status.NOT_STARTED,
                description: str = "Audit the bruising protocol's use in health visiting.",
                **more: object) -> Action:
    """An agreed action made directly, owned by ``owner`` (or by ``owner_name`` without a
    sign-in; the business manager when neither is given)."""
    if number is None:
        number = Action.objects.filter(review=review).count() + 1
    agency = agency or Agency.objects.filter(partnership=review.partnership).first()
    assert agency is not None, "The partnership needs an agency"
    if owner is None and not owner_name:
        owner = by
    values: dict = {
        "success_criteria": "Every health visitor uses the protocol for a non-mobile baby.",
        "impact_measure": "Referrals of bruised non-mobile babies to children's social care.",
        "impact_source": "Quarterly audit of health visiting records.",
        "impact_assessed_on": due_on.replace(year=due_on.year + 1) if not (
            due_on.month == 2 and due_on.day == 29) else date(due_on.year + 1, 3, 1),
    } | more
    action = Action.objects.create(
        review=review, number=number, description=description, agency=agency, owner=owner,
        owner_name=owner_name, due_on=due_on, original_due_on=due_on, agreed_on=agreed_on,
        agreed_at=meeting, status=status, recorded_by=by, **values)
    action.recommendations.set(recommendations)
    return action
