"""Every change to the comment rounds, and the comment log's downloads: one function each, in
one transaction with its audit event.

Each takes an effective date (the day it happened, never in the future; a comment's lateness is
measured from its own date, so a comment sent on time and typed in later is not late) and, where
the business manager types it for someone, whom it is on behalf of. Audit summaries hold round
and version numbers and counts, never a comment's or an answer's words (they may name people).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.audit.services import record
from reviewdesk.comments import exports, selectors
from reviewdesk.lib.workingdays import add_working_days
from reviewdesk.reports.models import Comment, CommentRound, ReportVersion
from reviewdesk.reviews.actions import check_effective_date
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names

MAX_WORKING_DAYS = 60
MAX_COMMENT_CHARACTERS = 5000


def _d(day: date) -> str:
    return f"{day:%-d %B %Y}"


def _effective(day: date | None, *, field: str, what: str, not_before: date | None = None,
               since: str = "") -> date:
    day = day or timezone.localdate()
    check_effective_date(day, what=what, not_before=not_before, since=since, field=field)
    return day


# --- Rounds ---------------------------------------------------------------------------------------

@transaction.atomic
def open_round(review: Review, *, by: User, version: ReportVersion, working_days: int,
               opened_on: date | None = None, on_behalf_of: User | None = None) -> CommentRound:
    """Open a round of comments on a version for ``working_days`` working days from
    ``opened_on`` (England's bank holidays not counted). The version must be the latest on the
    day the round opens: a round recorded late, on a version replaced since, is accepted."""
    review = Review.objects.select_for_update().get(pk=review.pk)  # one round opens at a time
    if version.review_id != review.pk:
        raise ValidationError({"version": "Choose a version of this review's report."})
    if not 1 <= working_days <= MAX_WORKING_DAYS:
        raise ValidationError({"working_days": f"Enter a number of working days from 1 to "
                               f"{MAX_WORKING_DAYS}."})
    opened_on = _effective(opened_on, field="opened_on", what="The date the round opens",
                           not_before=version.written_on, since="the date of the version")
    # Decision 0056: a round on a version already replaced on the day it opens is refused;
    # commenters would spend their time on words the reviewer has changed.
    newer = (review.report_versions.filter(number__gt=version.number, written_on__lte=opened_on)
             .order_by("-number").first())
    if newer is not None:
        raise ValidationError({"version": (
            f"Version {version.number} has been replaced by version {newer.number}. Open the "
            f"round on version {newer.number}, the one the lead reviewer is working from.")})
    current = selectors.in_progress(review)
    if current is not None:
        raise ValidationError(
            f"Round {current.number} on version {current.version.number} is still in progress: "
            "close it as answered (every comment answered) before opening another round.")
    number = (review.comment_rounds.aggregate(n=Max("number"))["n"] or 0) + 1
    closes_on = add_working_days(opened_on, working_days)
    round_ = CommentRound.objects.create(
        review=review, version=version, number=number, opened_on=opened_on,
        working_days=working_days, closes_on=closes_on, recorded_by=by,
        on_behalf_of=on_behalf_of)
    record("comments.round_opened", actor=by, review=review, on_behalf_of=on_behalf_of,
           summary=f"Opened comment round {number} on version {version.number} of the report "
                   f"for {working_days} working days, closing on {_d(closes_on)}",
           data={"round": round_.pk, "version": version.pk, "working_days": working_days,
                 "effective_on": opened_on.isoformat(), "closes_on": closes_on.isoformat()})
    return round_


def _locked(round_: CommentRound) -> CommentRound:
    return CommentRound.objects.select_for_update(of=("self",)).select_related(
        "version", "review").get(pk=round_.pk)


@transaction.atomic
def close_round(round_: CommentRound, *, by: User, answered_on: date | None = None,
                on_behalf_of: User | None = None) -> CommentRound:
    """Close the round as answered: refused while it still takes comments or while any
    comment has no answer."""
    round_ = _locked(round_)
    if round_.answered_on is not None:
        raise ValidationError(f"Round {round_.number} was already closed as answered on "
                              f"{_d(round_.answered_on)}.")
    answered_on = answered_on or timezone.localdate()
    if answered_on <= round_.closes_on:
        raise ValidationError({"answered_on": (
            f"Round {round_.number} takes comments until the end of {_d(round_.closes_on)}: "
            "close it as answered after that date.")})
    last_answer = round_.comments.aggregate(d=Max("answered_on"))["d"]
    answered_on = _effective(answered_on, field="answered_on",
                             what="The date the round was closed as answered",
                             not_before=last_answer, since="the date of its last answer")
    waiting = selectors.unanswered(round_)
    if waiting:
        raise ValidationError(
            f"{waiting} comment{' has' if waiting == 1 else 's have'} no answer yet. Answer "
            f"every comment (changed, not changed or for discussion) before closing the round.")
    round_.answered_on, round_.answered_by, round_.answered_at = answered_on, by, timezone.now()
    round_.save(update_fields=["answered_on", "answered_by", "answered_at"])
    record("comments.round_answered", actor=by, review=round_.review, on_behalf_of=on_behalf_of,
           summary=f"Closed comment round {round_.number} as answered "
                   f"({round_.comments.count()} comments)",
           data={"round": round_.pk, "effective_on": answered_on.isoformat()})
    return round_


def mark_reminded(round_: CommentRound) -> bool:
    """The round's reminder has gone (once): True if this call marked it."""
    return bool(CommentRound.objects.filter(pk=round_.pk, reminded_at__isnull=True)
                .update(reminded_at=timezone.now()))


# --- Comments -------------------------------------------------------------------------------------

@transaction.atomic
def make_comment(round_: CommentRound, *, by: User, text: str, block: int | None = None,
                 author: User | None = None, made_on: date | None = None,
                 late_reason: str = "") -> Comment:
    """A commenter's comment, on a paragraph of the round's version (its index in the outline)
    or general. The business manager may type it for a commenter (``author``), with the date it
    was made, and accept it after the closing date with a reason (it is then marked late)."""
    round_ = _locked(round_)
    review = round_.review
    manager = access.can(by, review, Permission.MANAGE_REPORT)
    author = author or by
    if author.pk != by.pk and not manager:
        raise ValidationError("Only the business manager may record a comment for someone else.")
    if not selectors.is_commenter(author, review):
        raise ValidationError({"author": (
            "Choose a commenter: one of the review's subgroup members or a safeguarding "
            "partner." if manager else "Only the review's subgroup members and the "
            "safeguarding partners may comment on the report.")})
    if round_.answered_on is not None:
        raise ValidationError(f"Round {round_.number} was closed as answered on "
                              f"{_d(round_.answered_on)}: it takes no more comments.")
    text = text.strip()
    errors = {}
    if not text:
        errors["text"] = "Enter the comment."
    elif len(text) > MAX_COMMENT_CHARACTERS:
        errors["text"] = f"The comment must be {MAX_COMMENT_CHARACTERS:,} characters or fewer."
    anchor = ""
    if block is not None:
        found = {a.block: a for a in selectors.anchors(round_.version)}
        if block not in found:
            errors["block"] = ("Choose a paragraph from the list, or make it a general "
                               "comment.")
        else:
            anchor = found[block].label[:100]
    if errors:
        raise ValidationError(errors)
    made_on = _effective(made_on, field="made_on", what="The date of the comment",
                         not_before=round_.opened_on, since="when the round opened")
    late = made_on > round_.closes_on
    late_reason = late_reason.strip()
    if late:
        closed = (f"Round {round_.number} closed on {_d(round_.closes_on)}: comments were "
                  "taken until the end of that day.")
        if not manager:
            raise ValidationError(f"{closed} Ask the business manager if your comment can still "
                                  "be accepted.")
        if not late_reason:
            raise ValidationError({"late_reason": f"{closed} To accept this comment late, say "
                                                  "why it is accepted."})
    on_behalf_of = author if author.pk != by.pk else None
    comment = Comment.objects.create(
        round=round_, author=author, agency_id=selectors.agency_of(author, review), block=block,
        anchor=anchor, text=text, made_on=made_on, late=late,
        late_accepted_by=by if late else None, late_reason=late_reason if late else "",
        recorded_by=by, on_behalf_of=on_behalf_of)
    record("comments.comment_made", actor=by, review=review, on_behalf_of=on_behalf_of,
           summary=(f"{'Accepted a late comment' if late else 'Commented'} in comment round "
                    f"{round_.number} on version {round_.version.number} of the report"),
           data={"round": round_.pk, "comment": comment.pk, "block": block, "late": late,
                 "effective_on": made_on.isoformat()})
    return comment


@transaction.atomic
def answer_comment(comment: Comment, *, by: User, answer: str, changed_in: ReportVersion | None
                   = None, answer_text: str = "", answered_on: date | None = None,
                   on_behalf_of: User | None = None) -> Comment:
    """The lead reviewer's answer: changed (in a later version of the report), not changed
    (with the reason) or for discussion. An answer may be changed until the round is closed as
    answered."""
    comment = Comment.objects.select_for_update(of=("self",)).select_related(
        "round__version", "round__review").get(pk=comment.pk)
    round_ = comment.round
    if round_.answered_on is not None:
        raise ValidationError(f"Round {round_.number} was closed as answered on "
                              f"{_d(round_.answered_on)}: its answers are kept as they were.")
    answer_text = answer_text.strip()
    errors = {}
    if answer not in Comment.Answer.values:
        errors["answer"] = "Say whether the report was changed, not changed, or the comment is " \
                           "for discussion."
    elif answer == Comment.Answer.CHANGED:
        if changed_in is None:
            errors["changed_in"] = "Choose the version the report was changed in."
        elif (changed_in.review_id != round_.review_id
              or changed_in.number <= round_.version.number):
            errors["changed_in"] = (f"Choose a version after version {round_.version.number}, "
                                    "the one commented on. Upload the changed version first if "
                                    "it is not listed.")
    elif answer == Comment.Answer.NOT_CHANGED and not answer_text:
        errors["answer_text"] = "Say why the report was not changed."
    if errors:
        raise ValidationError(errors)
    answered_on = _effective(answered_on, field="answered_on", what="The date of the answer",
                             not_before=comment.made_on, since="the date of the comment")
    again = bool(comment.answer)
    comment.answer = answer
    comment.changed_in = changed_in if answer == Comment.Answer.CHANGED else None
    comment.answer_text = answer_text
    comment.answered_by, comment.answered_on, comment.answered_at = by, answered_on, timezone.now()
    comment.save(update_fields=["answer", "changed_in", "answer_text", "answered_by",
                                "answered_on", "answered_at"])
    version = f" in version {changed_in.number}" if comment.changed_in and changed_in else ""
    record("comments.comment_answered", actor=by, review=round_.review, on_behalf_of=on_behalf_of,
           summary=(f"{'Changed the answer to' if again else 'Answered'} a comment in comment "
                    f"round {round_.number}: {comment.get_answer_display().lower()}{version}"),
           data={"round": round_.pk, "comment": comment.pk, "answer": answer,
                 "changed_in": comment.changed_in_id, "effective_on": answered_on.isoformat()})
    return comment


# --- The comment log ------------------------------------------------------------------------------

def comment_log(round_: CommentRound, *, by: User, kind: str, names: Names) -> bytes:
    """The round's comments and answers as a spreadsheet (``xlsx``) or a Word document
    (``docx``), people and every typed word as the downloader may see them (``names``). A read
    of the draft's discussion: audited."""
    data = exports.log_file(round_, kind=kind, names=names)
    record("comments.log_downloaded", actor=by, review=round_.review,
           summary=f"Downloaded the comment log of comment round {round_.number} ({kind})",
           data={"round": round_.pk, "kind": kind, "comments": round_.comments.count()})
    return data

