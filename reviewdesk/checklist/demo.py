"""The demo's checklists (called by ``manage.py load_demo`` after the reports' demo has uploaded
the versions of reviews 9, 12 and 13): each version's checklist worked out, and on review 9 the
business manager accepting one item as it is, with a reason. Where no versions exist (the
versions' demo not loaded) it says so and does nothing."""

from typing import Any

from reviewdesk.checklist import actions, selectors
from reviewdesk.reports.models import ReportVersion

REVIEWS = (9, 12, 13)
# Accepted on review 9's latest version, if it fails (first of these that does).
ACCEPT = ("passive", "long_sentences", "readability", "jargon", "acronyms")
REASON = ("The subgroup read this section at its meeting and agreed it reads clearly enough for "
          "professionals and the public; the reviewer will not change it.")


def load(command: Any) -> None:
    versions = list(ReportVersion.objects.filter(
        review__in=[command.reviews[i].pk for i in REVIEWS if i in command.reviews])
        .select_related("review").order_by("review_id", "number"))
    if not versions:
        command.stdout.write("Checklist demo: no versions of a report yet; nothing to work out.")
        return
    for version in versions:
        actions.work_out(version)
    review_9 = command.reviews.get(9)
    latest = next((v for v in reversed(versions) if review_9 and v.review_id == review_9.pk), None)
    if latest is None:
        return
    failing = {item.key for item in selectors.blocking_items(latest)}
    item = next((key for key in ACCEPT if key in failing), None)
    if item is not None:
        actions.accept_item(latest, by=command.bm, item=item, reason=REASON)
