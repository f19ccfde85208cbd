"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

The review has two versions of the report naming every marker, an answered round on version 1
(an anchored comment, a late one accepted with a reason, answers, every one of them naming the
markers as people type them) and round 2 taking comments on version 2, with one comment waiting
for an answer. So the matrix proves that the rounds' pages, the comment form's list of paragraphs
and both comment logs show names only to those who may see them.

Who: the report's readers (READ_REPORT: the business manager, the lead reviewer, the review's
subgroup member and the partners) read rounds and download logs; the commenters
(COMMENT_ON_REPORT: the subgroup member, the partners, and the business manager for them)
comment; the lead reviewer and the business manager (ANSWER_COMMENTS) answer and close; the
business manager (MANAGE_REPORT) opens rounds. The executive group reads the report only once
the subgroup has signed a version off, which these rows do not do.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from reviewdesk.comments import actions
from reviewdesk.reports import actions as report_actions
from reviewdesk.reports.models import Comment
from reviewdesk.reports.tests.helpers import report_docx, report_readers
from reviewdesk.reviews.tests.test_access_matrix import MatrixContext, day, done

URL_NAMES = {"comments:open_round", "comments:round", "comments:comment", "comments:answer",
             "comments:close_round", "comments:download_log"}

BM, PARTNER, SUBGROUP, LEAD = "business_manager", "partner", "subgroup_member", "lead_reviewer"
READERS = {BM, PARTNER, SUBGROUP, LEAD}
COMMENTERS = {BM, PARTNER, SUBGROUP}
ANSWERERS = {BM, LEAD}


def report(m: dict[str, str]) -> bytes:
    return report_docx(("Introduction", 1),
                       f"1.1 {m['child']} (born {m['dob']}) lived with {m['mother']} at "
                       f"{m['address']}.",
                       f"1.2 {m['practitioner']} visited; {m['author']} read the records.",
                       f"1.3 {m['typed']}")


def rows(ctx: MatrixContext) -> dict:
    review, bm = ctx.review, ctx.business_manager
    m = ctx.markers
    subgroup, lead = ctx.people[SUBGROUP], ctx.people[LEAD]
    assert subgroup is not None and lead is not None
    today = timezone.localdate()
    named = f"{m['child']} and {m['mother']}: ask {m['practitioner']}. {m['typed']}"

    first = report_actions.upload_version(review, by=bm, data=report(m), filename="v1.docx",
                                          written_on=today - timedelta(days=60))
    old = actions.open_round(review, by=bm, version=first, working_days=5,
                             opened_on=today - timedelta(days=50))
    anchored = actions.make_comment(old, by=bm, author=subgroup, block=1, text=named,
                                    made_on=old.opened_on)
    late = actions.make_comment(old, by=bm, author=subgroup, text=f"Late: {named}",
                                made_on=old.closes_on + timedelta(days=1),
                                late_reason=f"{m['alias']}'s school sent it late. {m['typed']}")
    second = report_actions.upload_version(review, by=bm, data=report(m), filename="v2.docx",
                                           written_on=old.closes_on + timedelta(days=2))
    answered_on = old.closes_on + timedelta(days=3)
    actions.answer_comment(anchored, by=lead, answer=Comment.Answer.CHANGED, changed_in=second,
                           answer_text=f"Now says {m['author']} was told.",
                           answered_on=answered_on)
    actions.answer_comment(late, by=lead, answer=Comment.Answer.NOT_CHANGED,
                           answer_text=f"{m['mother']} asked us not to. {m['typed']}",
                           answered_on=answered_on)
    actions.close_round(old, by=lead, answered_on=answered_on)
    current = actions.open_round(review, by=bm, version=second, working_days=10)
    waiting = actions.make_comment(current, by=subgroup, block=2, text=named)

    def url(name: str, *more: object) -> str:
        return reverse(f"comments:{name}", args=[review.uuid, *more])

    readers = ctx.review_page(report_readers(ctx, set(READERS)))
    commenters = ctx.review_page(COMMENTERS)
    answerers = ctx.review_page(ANSWERERS)
    comment_form = {"block": "general", "text": named, "author": subgroup.pk,
                    **day("made_on", today)}
    answer_form = {"answer": "discussion", "answer_text": named, "on_behalf_of": lead.pk,
                   **day("answered_on", today)}
    return {
        # Round 2 is in progress: those allowed see the form again, saying so.
        "comments:open_round": (url("open_round"), ctx.review_page({BM}),
                                ctx.review_page({BM}),
                                {"version": second.pk, "working_days": "5",
                                 **day("opened_on", today)}),
        "comments:round": (url("round", old.number), readers, None),
        "comments:comment": (url("comment", current.number), commenters, done(commenters),
                             comment_form),
        "comments:answer": (url("answer", current.number, waiting.pk), answerers,
                            done(answerers), answer_form),
        # Round 2 still takes comments: closing it is refused on the form.
        "comments:close_round": (url("close_round", current.number), answerers, answerers,
                                 {"on_behalf_of": lead.pk, **day("answered_on", today)}),
        "comments:download_log": (url("download_log", old.number, "docx"), readers, None),
    }
