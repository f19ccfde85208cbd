"""The demo's copies to national bodies (called by ``manage.py load_demo`` after the publication
stage's demos, which publish the reports).

Each demo review that has been published (a publication with a publication date) and has a final
report gets its copies: a learning review's subgroup decides first (the National Panel only), then
the business manager sends the copies due, dated the day of publication, and records the deposit
in the national case review repository a week later (or today, if that is sooner). A review with
any copy already sent is left as it is, so a second run adds nothing. The demo's notices go
nowhere but ``var/mail/``.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from reviewdesk.copies import actions, selectors
from reviewdesk.final_report import actions as final_report_actions
from reviewdesk.publication.models import NationalCopy, Publication
from reviewdesk.reviews.models import Review, ReviewRole


def load(command: Any) -> None:
    bm = command.people["business.manager"]
    today = timezone.localdate()
    ids = [r.pk for r in command.reviews.values()]
    published = (Publication.objects.filter(review_id__in=ids, published_on__isnull=False)
                 .exclude(state=Publication.State.CANCELLED).order_by("published_on", "pk"))
    done: set[int] = set()
    for publication in published:
        review = Review.objects.get(pk=publication.review_id)
        if (review.pk in done or review.stage not in selectors.COPY_STAGES
                or NationalCopy.objects.filter(review=review).exists()):
            continue
        final = final_report_actions.current(review)
        if final is None:
            continue
        done.add(review.pk)
        on = max(publication.published_on or today, final.produced_on)
        if review.kind in selectors.DECIDED_KINDS and selectors.latest_decision(review) is None:
            member = review.memberships.filter(
                role=ReviewRole.SUBGROUP_MEMBER, ended_at__isnull=True).select_related(
                "person").first()
            actions.record_decision(
                review, by=member.person if member else bm, bodies=["panel"], decided_on=on,
                reasons="The learning adds to the Panel's thematic review of neglect; nothing in "
                        "it is for Ofsted's inspection of local services.")
        due = selectors.due_bodies(review)
        if due:
            actions.send_copies(review, by=bm, bodies=due, sent_on=on)
        actions.record_deposit(review, by=bm, deposited_on=min(on + timedelta(days=7), today),
                               reference=f"NCRR-{review.reference}")
