"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

Four actions on the marked review, each at the step its row needs (not started; in progress;
completed; completed with impact evidence), owned by the review's practitioner, every free-text
field naming the markers, with a progress update carrying an evidence file. An action's page is
read by its owner and by those who read the action plan (VIEW_ACTION_PLAN: the oversight roles,
the lead reviewer, the executive group from the report and the L&D subgroup from publication);
the owner, the business manager and the CSPR subgroup update it; only the business manager and
the subgroup accept impact and record a monitoring meeting. The monitoring view and its download
are the oversight roles'; "your actions" is everyone's own (it lists only what they own).
"""

from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.urls import reverse

from reviewdesk.action_plan.models import Action, ActionUpdate, EvidenceFile, PlanMeeting
from reviewdesk.action_plan.testing import make_action, make_recommendation
from reviewdesk.final_report.tests.access_rows import tiny_pdf
from reviewdesk.reviews.tests.test_access_matrix import (
    ANON,
    BM,
    EXECUTIVE,
    LEAD,
    LEARNING,
    OTHER_SUBGROUP,
    OVERSIGHT,
    PRACT,
    SUBGROUP,
    MatrixContext,
    day,
    done,
    version_of,
)

URL_NAMES = {"progress:my_actions", "progress:monitoring", "progress:monitoring_download",
             "progress:record_meeting", "progress:action", "progress:post_update",
             "progress:complete", "progress:add_impact", "progress:accept_impact",
             "progress:evidence"}

READERS = OVERSIGHT | {LEAD, EXECUTIVE, LEARNING}
MANAGERS = {BM, SUBGROUP, OTHER_SUBGROUP}
UPDATERS = MANAGERS | {PRACT}

def rows(ctx: MatrixContext) -> dict:
    review, bm, m = ctx.review, ctx.business_manager, ctx.markers
    owner = ctx.people[PRACT]
    assert owner is not None
    said = f"{m['mother']} and {m['child']}; {m['practitioner']} agreed. {m['typed']}"
    recommendation = make_recommendation(review, by=bm, number=90,
                                         text=f"Listen to {m['child']}. {said}")
    agreed = date(2026, 3, 1)

    def made(status: str, **more: Any) -> Action:
        return make_action(
            review, by=bm, owner=owner, agency=owner.agency, agreed_on=agreed,
            due_on=date(2026, 3, 31), status=status, recommendations=(recommendation,),
            description=f"Audit how {m['child']} was seen. {said}",
            success_criteria=f"Every visit to {m['mother']} recorded. {said}", **more)

    fresh = made(Action.Status.NOT_STARTED)
    going = made(Action.Status.IN_PROGRESS, last_update_on=agreed)
    update = ActionUpdate.objects.create(
        action=going, kind=ActionUpdate.Kind.PROGRESS, written_on=agreed, recorded_by=bm,
        text=f"Spoke to {m['author']} about {m['child']}. {said}")
    pdf = tiny_pdf()
    evidence = EvidenceFile(update=update, name="audit.pdf", content_type="application/pdf",
                            size=len(pdf), sha256="0" * 64)
    evidence.file.save("matrix-evidence.pdf", ContentFile(pdf), save=False)
    evidence.save()
    finished = made(Action.Status.COMPLETED, completed_on=date(2026, 3, 20),
                    completion_evidence=f"Audit done by {m['practitioner']}. {said}")
    shown = made(Action.Status.COMPLETED, completed_on=date(2026, 3, 20),
                 completion_evidence=f"Audit done. {said}",
                 impact_evidence=f"{m['mother']} was seen every week. {said}")
    meeting = PlanMeeting.objects.create(
        partnership_id=review.partnership_id, kind=PlanMeeting.Kind.MONITORING,
        held_on=date(2026, 3, 25), recorded_by=bm, other_attendees=f"{m['author']}, police")

    def url(name: str, action: Action, *more: object) -> str:
        return reverse(f"progress:{name}", args=[action.uuid, *more])

    readers = ctx.review_page(READERS | {PRACT})
    updaters = ctx.review_page(UPDATERS)
    managers = ctx.review_page(MANAGERS)

    def post_only(expected: dict[str, int]) -> dict[str, int]:
        return {p: (302 if p == ANON else 405) for p in expected}

    # Once the review is closed every action is concluded (closing requires it): nothing more is
    # posted, and each form comes back saying why.
    def posted(expected: dict[str, int]) -> dict[str, int]:
        return expected if ctx.stage == "closed" else done(expected)

    monitors = ctx.partnership_page(OVERSIGHT)
    recorders = ctx.partnership_page(MANAGERS)
    return {
        "progress:my_actions": (reverse("progress:my_actions"), ctx.everyone(200, anonymous=302),
                                None),
        "progress:monitoring": (reverse("progress:monitoring"), monitors, None),
        "progress:monitoring_download": (reverse("progress:monitoring_download"), monitors,
                                         None),
        "progress:record_meeting": (reverse("progress:record_meeting"), recorders,
                                    done(recorders),
                                    {**day("held_on", date(2026, 3, 26)),
                                     "attendees": [bm.pk],
                                     "other_attendees": f"{m['author']}, police",
                                     "notes": f"About {m['child']}"}),
        "progress:action": (url("action", going), readers, None),
        "progress:evidence": (url("evidence", going, evidence.pk), readers, None),
        "progress:post_update": (url("post_update", fresh), post_only(updaters), posted(updaters),
                                 # Refused at a closed review, the form comes back with
                                 # what was typed: no names in it there.
                                 {"update-text": "Met the family." if ctx.stage == "closed"
                                  else f"Met {m['mother']}. {m['typed']}",
                                  **day("update-written_on", date(2026, 3, 10))}),
        "progress:complete": (url("complete", going), post_only(updaters), posted(updaters),
                              lambda: {"complete-evidence": "Done." if ctx.stage == "closed"
                                       else f"Done with {m['practitioner']}",
                                       **day("complete-completed_on", date(2026, 3, 21)),
                                       "complete-version": version_of(going)}),
        "progress:add_impact": (url("add_impact", finished), post_only(updaters),
                                posted(updaters),
                                lambda: {"impact-evidence": "Safer." if ctx.stage == "closed"
                                         else f"{m['child']} is safer.",
                                         **day("impact-written_on", date(2026, 3, 22)),
                                         "impact-version": version_of(finished)}),
        "progress:accept_impact": (url("accept_impact", shown), post_only(managers),
                                   posted(managers),
                                   lambda: {"accept-meeting": meeting.pk, "accept-note": "",
                                            "accept-version": version_of(shown)}),
    }
