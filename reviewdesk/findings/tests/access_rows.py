"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

A finding, a recommendation linked to it and the review's themes, every word naming the markers:
the list shows them only through each reader's redactor. The list is read by everyone who reads
the action plan (VIEW_ACTION_PLAN: the partnership's oversight roles, the review's lead reviewer
and subgroup members, the executive group from the report stage and the L&D subgroup from
publication); the forms are the business manager's, the CSPR subgroup's and the lead reviewer's
(MANAGE_ACTION_PLAN or UPLOAD_REPORT). Change and removal each have their own records, so one
person's removal leaves the other rows' forms valid. Taking them from the final report: before
there is one, or from one holding none, the page says so (200), the post too, and nothing is
saved.
"""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from reviewdesk.action_plan.models import Finding, Recommendation, ReviewTheme, Theme
from reviewdesk.reviews.tests.test_access_matrix import (
    BM,
    EXECUTIVE,
    LEAD,
    LEARNING,
    OTHER_SUBGROUP,
    OVERSIGHT,
    SUBGROUP,
    MatrixContext,
    day,
    done,
    version_of,
)

URL_NAMES = {"findings:list", "findings:add_finding", "findings:change_finding",
             "findings:remove_finding", "findings:add_recommendation",
             "findings:change_recommendation", "findings:remove_recommendation",
             "findings:themes", "findings:from_report"}

READERS = OVERSIGHT | {LEAD, EXECUTIVE, LEARNING}
CHANGERS = {BM, SUBGROUP, OTHER_SUBGROUP, LEAD}


def rows(ctx: MatrixContext) -> dict:
    review, bm, m = ctx.review, ctx.business_manager, ctx.markers
    said = f"{m['mother']} and {m['child']} at {m['address']}; {m['practitioner']} saw. " \
           f"{m['typed']}"
    neglect = Theme.objects.get(partnership=review.partnership, name="Neglect")
    ReviewTheme.objects.get_or_create(review=review, theme=neglect, defaults={"recorded_by": bm})

    def finding(number: int) -> Finding:
        made = Finding.objects.create(review=review, number=number, recorded_by=bm,
                                      text=f"Nobody asked how {m['child']} was hurt. {said}")
        made.themes.set([neglect])
        return made

    def recommendation(number: int, answers: Finding) -> Recommendation:
        made = Recommendation.objects.create(
            review=review, number=number, recorded_by=bm, text=f"See {m['mother']}. {said}",
            addressed_to=f"{m['author']}'s agency")
        made.findings.set([answers])
        made.themes.set([neglect])
        return made

    changed, removed = finding(1), finding(2)
    removed_before = finding(3)
    removed_before.removed_at, removed_before.removed_reason = timezone.now(), f"Merged. {said}"
    removed_before.save(update_fields=["removed_at", "removed_reason"])
    rec_changed, rec_removed = recommendation(1, changed), recommendation(2, changed)
    today = timezone.localdate()

    def url(name: str, *more: object) -> str:
        return reverse(f"findings:{name}", args=[review.uuid, *more])

    readers = ctx.review_page(READERS)
    changers = ctx.review_page(CHANGERS)
    return {
        "findings:list": (url("list"), readers, None),
        "findings:add_finding": (url("add_finding"), changers, done(changers), {
            "number": 40, "text": f"{m['child']} was not seen alone. {m['typed']}",
            "themes": [neglect.pk], **day("effective_on", today)}),
        "findings:change_finding": (url("change_finding", changed.pk), changers, done(changers),
                                    lambda: {"number": 1, "text": f"Changed: {said}",
                                             "themes": [neglect.pk],
                                             "version": version_of(changed),
                                             **day("effective_on", today)}),
        "findings:remove_finding": (url("remove_finding", removed.pk), changers, done(changers),
                                    lambda: {"reason": f"Merged into finding 1. {said}",
                                             "version": version_of(removed),
                                             **day("removed_on", today)}),
        "findings:add_recommendation": (url("add_recommendation"), changers, done(changers), {
            "number": 40, "text": f"Tell {m['mother']}. {m['typed']}", "addressed_to": "",
            "findings": [changed.pk], **day("effective_on", today)}),
        "findings:change_recommendation": (
            url("change_recommendation", rec_changed.pk), changers, done(changers),
            lambda: {"number": 1, "text": f"Changed: {said}", "addressed_to": "The partnership",
                     "findings": [changed.pk], "version": version_of(rec_changed),
                     **day("effective_on", today)}),
        "findings:remove_recommendation": (
            url("remove_recommendation", rec_removed.pk), changers, done(changers),
            lambda: {"reason": f"Merged. {said}", "version": version_of(rec_removed),
                     **day("removed_on", today)}),
        "findings:themes": (url("themes"), changers, done(changers), {
            "themes": [neglect.pk], **day("tagged_on", date(2026, 3, 10))}),
        # No final report holding any, at any stage of the matrix: the page says why, and the
        # form is not offered (tests/test_pages.py takes them from a report that has them).
        "findings:from_report": (url("from_report"), changers, changers, {
            "final_report": 0, **day("taken_on", today)}),
    }
