"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

The review has an extraordinary subgroup meeting and an action on a recommendation, every
free-text field naming the markers: the hub page shows them only through each reader's redactor.
The plan is read by the partnership's oversight roles, the review's lead reviewer, the executive
group (from the report stage) and the L&D subgroup (from publication): VIEW_ACTION_PLAN; the
forms are the business manager's and the CSPR subgroup's (MANAGE_ACTION_PLAN).

Actions are agreed at the action plan stage only (no interim learning here): elsewhere the forms
are refused, saying so (200). At the action plan stage the marked action is already closed with
reasons, and the one the agree row makes (number 2) is edited, its due date revised, then it is
closed, in that order, so the matrix's "Close the review" (posted last) finds every action
concluded; at the other stages the marked action is. At the closed stage the walk closed it
already, so those forms are refused (200). Reopening a closed
review's action plan moves its stage: only its page is visited here (its POST is tested in
test_closing.py).
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from reviewdesk.accounts.models import Agency
from reviewdesk.action_plan.models import Action
from reviewdesk.action_plan.testing import make_action, make_meeting, make_recommendation
from reviewdesk.reviews.tests.test_access_matrix import MatrixContext, day, done

URL_NAMES = {"action_plan:page", "action_plan:record_meeting", "action_plan:agree_action",
             "action_plan:edit_action", "action_plan:revise_due_date",
             "action_plan:close_action", "action_plan:reopen"}

BM, PARTNER, SCRUTINEER, SUBGROUP, OTHER_SUBGROUP, EXECUTIVE, LEARNING, LEAD = (
    "business_manager", "partner", "scrutineer", "subgroup_member", "other_subgroup",
    "executive", "learning_lead", "lead_reviewer")


def rows(ctx: MatrixContext) -> dict:
    review, m, bm = ctx.review, ctx.markers, ctx.business_manager
    today = timezone.localdate()
    said = f"{m['mother']} and {m['child']}; {m['practitioner']} agreed. {m['typed']}"
    recommendation = make_recommendation(review, by=bm, text=f"Ask {m['mother']} first. {said}")
    meeting = make_meeting(review, by=bm, held_on=today - timedelta(days=10))
    meeting.other_attendees = f"{m['practitioner']}, health visiting"
    meeting.notes = said
    meeting.save(update_fields=["other_attendees", "notes"])
    action = make_action(review, by=bm, meeting=meeting, recommendations=(recommendation,),
                         agreed_on=meeting.held_on, due_on=today + timedelta(days=60),
                         owner_name=f"{m['author']}, safeguarding lead",
                         owner_email="lead@example.test",
                         description=f"Visit {m['child']}'s home with {m['mother']}. {said}",
                         success_criteria=said, impact_measure=said, impact_source=said)
    at_plan, closed = ctx.stage == "action_plan", ctx.stage == "closed"
    if at_plan:
        Action.objects.filter(pk=action.pk).update(status=Action.Status.CLOSED,
                                                   closed_reason=said)
    # The action the change rows change: at the action plan an open one of these rows' own (the
    # other apps' rows make actions too, so never a number assumed).
    number = action.number
    if at_plan:
        number = make_action(
            review, by=bm, meeting=meeting, recommendations=(recommendation,),
            agreed_on=meeting.held_on, due_on=today + timedelta(days=60),
            owner_name=f"{m['author']}, safeguarding lead", owner_email="lead@example.test",
            description=f"Audit {m['child']}'s records. {said}", success_criteria=said,
            impact_measure=said, impact_source=said).number

    def url(name: str, *more: object) -> str:
        return reverse(f"action_plan:{name}", args=[review.uuid, *more])

    def terms() -> dict:
        # An agency active when the form is sent (the business manager's earlier rows switch
        # one off).
        agency = Agency.objects.filter(partnership_id=review.partnership_id,
                                       is_active=True).order_by("pk").first()
        return {"description": "Train health visitors.", "recommendations": [recommendation.pk],
                "agency": agency.pk if agency else action.agency_id, "owner": "",
                "owner_name": "Designated nurse",
                "owner_email": "dn@example.test", "success_criteria": "Every visit.",
                "impact_measure": "Audited visits.", "impact_source": "The audit.",
                **day("impact_assessed_on", action.impact_assessed_on)}

    def version() -> int:
        changed = Action.objects.filter(review=review, number=number).first()
        return changed.version if changed else 1

    readers = ctx.review_page({BM, PARTNER, SCRUTINEER, SUBGROUP, OTHER_SUBGROUP, LEAD,
                               EXECUTIVE, LEARNING})
    manager = ctx.review_page({BM, SUBGROUP, OTHER_SUBGROUP})
    # Agreed at the action plan. Before it a delay's interim learning lets actions be agreed,
    # and another row may record one first: there the form is sent empty, and comes back.
    agreeing = done(manager) if at_plan else manager
    changing = manager if closed else done(manager)
    return {
        "action_plan:page": (url("page"), readers, None),
        "action_plan:record_meeting": (url("record_meeting"), manager, agreeing, {
            **day("held_on", today), "attendees": [bm.pk], "other_attendees": "",
            "notes": ""} if at_plan else {}),
        "action_plan:agree_action": (url("agree_action"), manager, agreeing, lambda: {
            "meeting": meeting.pk, **day("due_on", today + timedelta(days=30)), **terms()}
            if at_plan else {}),
        "action_plan:edit_action": (url("edit_action", number), manager, changing,
                                    lambda: {**terms(), "version": version()}),
        "action_plan:revise_due_date": (url("revise_due_date", number), manager, changing,
                                        lambda: {**day("new_due_on", today + timedelta(days=90)),
                                                 "reason": "The audit moved.",
                                                 **day("decided_on", today),
                                                 "version": version()}),
        "action_plan:close_action": (url("close_action", number), manager, changing,
                                     lambda: {"reason": "Overtaken.", **day("closed_on", today),
                                              "version": version()}),
        "action_plan:reopen": (url("reopen"), ctx.review_page({BM}), None),
    }
