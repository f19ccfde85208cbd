"""The demo's holds and advance copy (``manage.py load_demo``, after the parallel processes' and
the final report's demos), all through the actions; a second run adds nothing.

Review 9's publication is held for the inquest (the parallel processes' demo lists it for a date
six weeks ahead): the three safeguarding partners decided it, and the National Panel and the
Secretary of State were told. Review 13's final report, where it was made (LibreOffice
installed), has gone to them as the advance copy today: its earliest publication date is 7
working days later, and the review, moved to publication, is scheduled for that day. Review 14's
advance copy went a fortnight ago and it is published today, with its document on actions taken
(the publication app cannot ask for advance copies, so its publishing demo is here).
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from reviewdesk.final_report.actions import current as current_final_report
from reviewdesk.final_report.testing import small_pdf
from reviewdesk.holds import actions
from reviewdesk.parallel.models import ParallelProcess, ProcessKind
from reviewdesk.publication import actions as publication_actions
from reviewdesk.publication import demo as publication_demo
from reviewdesk.publication.models import AdvanceCopy, Hold, Publication
from reviewdesk.reviews import transitions
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.reviews.names import anonymised

HELD, ADVANCE_COPY, PUBLISHED_TODAY = 9, 13, 14  # the demo reviews' indexes (load_demo's plans)


def load(command: Any) -> None:
    hold_for_the_inquest(command)
    advance_copy(command)
    schedule_after_the_advance_copy(command)
    publish_today(command)


def schedule_after_the_advance_copy(command: Any) -> Publication | None:
    """Review 13 moves to publication today and is scheduled for the earliest day its advance
    copy allows (the daily run publishes it then)."""
    review = Review.objects.get(pk=command.reviews[ADVANCE_COPY].pk)
    copy = AdvanceCopy.objects.filter(review=review).first()
    if copy is None or review.publications.exists():
        return None
    today = timezone.localdate()
    if review.stage == Stage.REPORT:
        review = transitions.move(review, "approve_publication", by=command.bm, effective_on=today)
    publication_demo.assess(command, review)
    title = anonymised(review).subject
    return publication_actions.schedule(
        review, by=command.bm, on=copy.earliest_publication_on, title=title,
        summary="A child living with a parent who misuses alcohol was seriously harmed. The "
                "review found that the school's concerns did not reach children's social care; "
                "it asks for one route for schools to share concerns about a parent's drinking.")


def publish_today(command: Any) -> Publication | None:
    """Review 14: its advance copy went a fortnight ago; published today, with the document on
    actions taken."""
    review = Review.objects.get(pk=command.reviews[PUBLISHED_TODAY].pk)
    final = current_final_report(review)
    if final is None or review.publications.exists():
        return None
    today = timezone.localdate()
    if not AdvanceCopy.objects.filter(review=review, final_report=final).exists():
        actions.record_advance_copy(review, by=command.bm,
                                    sent_on=max(final.produced_on, today - timedelta(days=14)))
    title = anonymised(review).subject
    return publication_actions.publish(
        review, by=command.bm, title=title,
        summary="A child was seriously harmed while living with a parent who misuses alcohol. "
                "The review found that agencies saw the drinking but not its effect on the child; "
                "it asks that every assessment records what the child's day is like.",
        actions_document=small_pdf("Child N: actions taken, their impact and what more"),
        actions_document_name="actions.pdf", publish_actions=True)


def hold_for_the_inquest(command: Any) -> Hold | None:
    review = Review.objects.get(pk=command.reviews[HELD].pk)
    if Hold.objects.filter(review=review).exists():
        return None
    inquest = ParallelProcess.objects.filter(review=review, kind=ProcessKind.INQUEST).first()
    if inquest is None:  # the parallel processes' demo made none
        return None
    listed = inquest.statuses.order_by("-effective_on", "-pk").first()
    decided_on = listed.effective_on if listed is not None else timezone.localdate()
    return actions.add_hold(
        review, by=command.bm, on_behalf_of=command.people["la.partner"], process=inquest,
        decided_by="The three safeguarding partners", decided_on=decided_on,
        reason="The coroner has listed the inquest into the child's death. The partners agreed "
               "to publish after it, so that the report cannot prejudice the evidence the "
               "mother and the practitioners give, and so the report can reflect its findings.")


def advance_copy(command: Any) -> AdvanceCopy | None:
    review = Review.objects.get(pk=command.reviews[ADVANCE_COPY].pk)
    final = current_final_report(review)
    if final is None or AdvanceCopy.objects.filter(review=review, final_report=final).exists():
        return None
    return actions.record_advance_copy(review, by=command.bm)
