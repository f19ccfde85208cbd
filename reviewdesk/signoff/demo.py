"""The demo's sign-off (``manage.py load_demo``), through the actions, in the guide's order.

* Reviews 10 (a national review), 14, 15 and 16 (local CSPRs), at publication: before each moves
  to publication, its report is approved by everyone who must and the Executive Group agrees to
  publish it (``before_step``).
* Review 9 (a local CSPR, six months overdue): its two subgroup members have each signed off
  version 3 (every name replaced), which is the subgroup's sign-off; the Executive Group has not
  signed it off yet.
* Review 13 (a local CSPR): approved by everyone on its last version, the Executive Group agreed to
  publish it; the final report awaits publication.
* Review 12 (a learning review): the subgroup recorded that its report will not be published.

The versions come from the reports demo (it runs first); where a review has none, a clean one is
uploaded here. A version the publication check or the checklist still blocks is left unsigned,
saying why.
"""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from reviewdesk.reports.actions import upload_version
from reviewdesk.reports.models import DraftFinding, ReportVersion
from reviewdesk.reports.scanning import run_check
from reviewdesk.reviews.models import Review
from reviewdesk.signoff import actions, checks, selectors
from reviewdesk.signoff.testing import clean_report

PARTLY, LEARNING, APPROVED, PUBLISHED = 9, 12, 13, 10
# Approved on their way to publication, like review 10: the publication demo publishes them.
TO_PUBLICATION = {PUBLISHED, 14, 15, 16, 17, 18}


def _versions(command: Any, review: Review, count: int, first_on: date) -> ReportVersion:
    """The review's latest version; ``count`` clean ones uploaded by the lead reviewer, a week
    apart, when it has none."""
    latest = selectors.latest_version(review)
    if latest is not None:
        return latest
    lead = command.people["lead.reviewer"]
    notes = ["First draft for the subgroup's comments", "Amended after the subgroup's comments",
             "Final draft"]
    for n in range(count):
        latest = upload_version(review, by=lead, data=clean_report(), filename="report.docx",
                                note=notes[min(n, len(notes) - 1)],
                                written_on=first_on + timedelta(days=7 * n))
        assert latest.draft_check_id is not None
        run_check(latest.draft_check_id)  # now, as the reports demo does: not left queued
    assert latest is not None
    return latest


def _blocked(command: Any, review: Review, version: ReportVersion) -> bool:
    # The business manager accepts what the checklist still finds (a short demo report has
    # few of the sections a real one has), as the checklist's page lets them, with a reason.
    checks.accept_checklist_as_it_is(
        version, by=command.bm, on=version.written_on,
        reason="A short report for the demonstration: accepted as it is so that the sign-off "
               "can be tried.")
    problems = actions.blocking(version)
    if problems:
        command.stdout.write(f"Sign-off demo: version {version.number} of review {review.reference} "
                             f"left unsigned: {' '.join(problems)}")
    return bool(problems)


def _approve(command: Any, review: Review, version: ReportVersion, start: date) -> None:
    """Everyone, in order, from ``start``: the subgroup's meeting, the Executive Group's chair and
    its agreement to publish, two partners in their own name and the police's on their behalf."""
    bm, people = command.bm, command.people
    today = timezone.localdate()

    def day(n: int) -> date:
        return min(start + timedelta(days=n), today)

    actions.record_subgroup_sign_off(version, by=bm, decided_on=day(0),
                                     reasons="Agreed at the subgroup's meeting with no changes.")
    actions.sign_off_for_executive(version, by=people["executive"], decided_on=day(3))
    actions.decide_publication(version, by=people["executive"], decided_on=day(3), agrees=True)
    actions.approve_as_partner(version, by=people["la.partner"], decided_on=day(5))
    actions.approve_as_partner(version, by=people["health.partner"], decided_on=day(6))
    actions.approve_as_partner(version, by=bm, partner_for="police", decided_on=day(7))


def before_step(command: Any, index: int, review: Review, name: str, on: date,
                **details: Any) -> None:
    if index not in TO_PUBLICATION or name != "approve_publication":
        return
    review.refresh_from_db()
    version = _versions(command, review, 1, on - timedelta(days=30))
    if not _blocked(command, review, version):
        _approve(command, review, version, max(version.written_on, on - timedelta(days=20)))


def load(command: Any) -> None:
    today = timezone.localdate()
    people = command.people
    review = Review.objects.get(pk=command.reviews[PARTLY].pk)
    version = _versions(command, review, 2, today - timedelta(days=30))
    if DraftFinding.objects.visible().filter(draft_check_id=version.draft_check_id).exists():
        # The reports demo's version 2 still names people: the lead reviewer's third version,
        # every name replaced, is the one the subgroup signs off.
        version = upload_version(review, by=people["lead.reviewer"], data=clean_report(),
                                 filename="report.docx", written_on=today - timedelta(days=4),
                                 note="Every name replaced after the publication check")
        assert version.draft_check_id is not None
        run_check(version.draft_check_id)
        version.refresh_from_db()
    if not _blocked(command, review, version):
        start = max(version.written_on, today - timedelta(days=6))
        actions.sign_off_as_subgroup_member(version, by=people["subgroup.member"],
                                            decided_on=start)
        actions.sign_off_as_subgroup_member(version, by=people["subgroup.health"],
                                            decided_on=min(start + timedelta(days=2), today),
                                            reasons="Health's comments were all answered.")

    review = Review.objects.get(pk=command.reviews[APPROVED].pk)
    version = _versions(command, review, 3, today - timedelta(days=50))
    if not _blocked(command, review, version):
        _approve(command, review, version, max(version.written_on, today - timedelta(days=14)))

    review = Review.objects.get(pk=command.reviews[LEARNING].pk)
    actions.record_publication_intent(
        review, by=people["subgroup.member"], decided_on=today - timedelta(days=4),
        will_publish=False,
        reasons="The family live in a small community and would be recognised. The learning is "
                "shared through briefings for staff instead.")
