"""Comment rounds for the demo partnership (called by ``manage.py load_demo`` after the reports'
demo, which makes the versions).

Review 9 (a local CSPR) has round 1 on version 1, closed and answered: a comment anchored to a
numbered paragraph changed in version 2, a general one for discussion, one not changed with the
reviewer's reason, and a late one the business manager accepted with a reason. Review 12 (a
learning review) has round 1 taking comments on its version 1, with two comments, one answered.
Where a review has no versions yet (the reports' demo has not made them), this module uploads
them through ``reports.actions.upload_version``. Every name here is fictional.
"""

import io
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.comments import actions
from reviewdesk.lib.workingdays import add_working_days
from reviewdesk.reports.models import Comment, ReportVersion
from reviewdesk.reviews.models import IdentityEntry, Review, ReviewRole

LOCAL_CSPR, LEARNING = 9, 12


def report_docx(review: Review, *, second: bool = False) -> bytes:
    """A short report with numbered paragraphs, the child by pseudonym."""
    from docx import Document

    child = review.identities.filter(kind=IdentityEntry.Kind.CHILD).first()
    name = child.pseudonym if child else "the child"
    document = Document()
    document.add_heading(f"Child safeguarding practice review: {name}", 0)
    sections = [
        ("1. Introduction", [
            f"1.1 This review looks at the help given to {name} and the family in the year "
            "before the incident.",
            "1.2 The school raised concerns about attendance twice in the autumn term."
            + (" The school's designated safeguarding lead made both referrals." if second
               else "")]),
        ("2. What happened", [
            "2.1 The health visiting service visited the family at home"
            + (" four times between March and June, from the Northfield team." if second
               else " several times."),
            "2.2 A referral to children's social care in March was closed after a single "
            "visit."]),
        ("3. Recommendations", [
            "3.1 The partnership should review how referrals closed after one visit are "
            "checked.",
            "3.2 Children's social care should record who else lives in the home at every "
            "assessment."]),
    ]
    for heading, paragraphs in sections:
        document.add_heading(heading, 1)
        for text in paragraphs:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _versions(review: Review, lead: User, wanted: list[date]) -> list[ReportVersion]:
    """The review's versions, oldest first; uploaded here (dated ``wanted``) only if it has
    none."""
    versions = list(review.report_versions.order_by("number"))
    if versions:
        return versions
    from reviewdesk.reports import actions as report_actions
    from reviewdesk.reports.scanning import run_check

    for n, written_on in enumerate(wanted, start=1):
        version = report_actions.upload_version(
            review, by=lead, data=report_docx(review, second=n > 1),
            filename=f"CSPR report v{n}.docx", written_on=written_on,
            note="First draft for the subgroup" if n == 1 else "Changes after round 1")
        if version.draft_check_id:
            run_check(version.draft_check_id)  # so the demo opens with the check done
        versions.append(version)
    return versions


def _block(version: ReportVersion, label: str) -> int | None:
    return next((int(b["index"]) for b in version.outline if b.get("label") == label), None)


def _subgroup(review: Review, people: dict[str, User]) -> list[User]:
    members = [m.person for m in review.memberships.filter(
        role=ReviewRole.SUBGROUP_MEMBER, ended_at__isnull=True).select_related("person")]
    return members or [people["la.partner"]]


def _answered_round(review: Review, people: dict[str, User]) -> None:
    bm, lead = people["business.manager"], people["lead.reviewer"]
    today = timezone.localdate()
    versions = _versions(review, lead, [today - timedelta(days=50), today - timedelta(days=20)])
    if len(versions) < 2:
        return
    first, second = versions[0], versions[1]
    opened_on = first.written_on + timedelta(days=1)
    closes_on = add_working_days(opened_on, 10)
    answered_on = max(second.written_on, closes_on + timedelta(days=3))
    if answered_on >= today or second.written_on <= opened_on:
        return  # the versions' dates leave no room for a round already answered
    members = _subgroup(review, people)
    health = next((p for p in members if p.pk == people["subgroup.health"].pk), members[0])
    school = next((p for p in members if p.pk == people["subgroup.member"].pk), members[-1])
    round_ = actions.open_round(review, by=bm, version=first, working_days=10,
                                opened_on=opened_on)
    visits = actions.make_comment(
        round_, by=health, block=_block(first, "2.1"), made_on=opened_on + timedelta(days=3),
        text="Please say which health visiting team made the visits and how many there were: "
             "the subgroup will want to check the records.")
    general = actions.make_comment(
        round_, by=people["la.partner"], made_on=opened_on + timedelta(days=6),
        text="The analysis should say more about why the March referral was closed after one "
             "visit, and what the social worker knew at the time.")
    police = actions.make_comment(
        round_, by=people["police.partner"], block=_block(first, "3.2"),
        made_on=closes_on,
        text="Recommendation 3.2 should be addressed to the police as well: officers attended "
             "the home twice.")
    late = actions.make_comment(
        round_, by=bm, author=school, block=_block(first, "1.2"),
        made_on=closes_on + timedelta(days=2),
        text="The school made both referrals through its designated safeguarding lead; the "
             "report should say so.",
        late_reason="The school's designated safeguarding lead was on leave until the round "
                    "closed; the subgroup chair asked for the comment to be taken.")
    on = answered_on
    actions.answer_comment(visits, by=lead, answered_on=on, answer=Comment.Answer.CHANGED,
                           changed_in=second,
                           answer_text="Paragraph 2.1 now names the team and the four visits.")
    actions.answer_comment(general, by=lead, answered_on=on, answer=Comment.Answer.DISCUSSION,
                           answer_text="To discuss at the subgroup meeting with children's "
                                       "social care.")
    actions.answer_comment(police, by=lead, answered_on=on, answer=Comment.Answer.NOT_CHANGED,
                           answer_text="The police's part is covered by recommendation 3.1, "
                                       "addressed to the whole partnership.")
    actions.answer_comment(late, by=lead, answered_on=on, answer=Comment.Answer.CHANGED,
                           changed_in=second)
    actions.close_round(round_, by=lead, answered_on=answered_on)


def _open_round(review: Review, people: dict[str, User]) -> None:
    bm, lead = people["business.manager"], people["lead.reviewer"]
    today = timezone.localdate()
    versions = _versions(review, lead, [today - timedelta(days=4)])
    version = versions[-1]
    opened_on = max(version.written_on, today - timedelta(days=2))
    round_ = actions.open_round(review, by=bm, version=version, working_days=10,
                                opened_on=opened_on)
    member = _subgroup(review, people)[0]
    general = actions.make_comment(
        round_, by=member, made_on=opened_on,
        text="A clear first draft. The learning about the school's referrals comes through "
             "well.")
    actions.make_comment(
        round_, by=people["health.partner"], block=_block(version, "2.1"), made_on=today,
        text="Which health visiting team was this? The dates of the visits would help.")
    actions.answer_comment(general, by=lead, answer=Comment.Answer.DISCUSSION,
                           answer_text="Thank you: to pick up at the next subgroup meeting.")


def load(command: Any) -> None:
    people = command.people
    _answered_round(Review.objects.get(pk=command.reviews[LOCAL_CSPR].pk), people)
    _open_round(Review.objects.get(pk=command.reviews[LEARNING].pk), people)
