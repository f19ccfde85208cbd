"""The notices of this app, each an editable template of the partnership's.

The National Panel and the Secretary of State (reached through the Department for Education's
address, ``partnership.dfe_email``: the Department acts for the Secretary of State) are told of
a hold and its reason, and get the advance copy with the final report's PDF attached. They are
outside the review: everything they are sent goes through the anonymised view, pseudonyms only.
The business unit is told when a hold's process has concluded.
"""

from django.conf import settings
from django.urls import reverse

from reviewdesk.accounts.models import User
from reviewdesk.notices.actions import queue_from_template
from reviewdesk.notices.defaults import register_default
from reviewdesk.notices.tasks import stored_attachment
from reviewdesk.publication.models import AdvanceCopy, Hold
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import anonymised

HOLD_ADDED = "publication_hold"
ADVANCE_COPY = "publication_advance_copy"
RELEASE_ALERT = "publication_hold_process_concluded"

PANEL = "The National Child Safeguarding Practice Review Panel"
SECRETARY_OF_STATE = "The Secretary of State for Education (through the Department for Education)"


def register_templates() -> None:
    register_default(
        HOLD_ADDED, "Publication: a hold on publication (to the Panel and the Secretary of State)",
        "{{ review_reference }}: publication of the review's report is delayed",
        "Dear colleague,\n\n{{ partnership }} has decided to delay publishing the report of "
        "review {{ review_reference }} ({{ children }}, {{ review_kind }}).\n\n"
        "Why: {{ reason }}\n\n{{ process }}Decided by {{ decided_by }} on {{ decided_on }}.\n\n"
        "We will publish the report once the reason for the delay has passed, and send you "
        "the final report at least 7 working days before.\n\n{{ partnership }}",
    )
    register_default(
        ADVANCE_COPY, "Publication: the advance copy of the final report (to the Panel and the "
                      "Secretary of State)",
        "{{ review_reference }}: the final report, in advance of publication",
        "Dear colleague,\n\nAttached is the final report of review {{ review_reference }} "
        "({{ children }}, {{ review_kind }}), sent in advance of its publication as national "
        "guidance asks. The partnership will not publish it before {{ earliest_on }}, 7 working "
        "days after {{ sent_on }}.\n\n{{ partnership }}",
    )
    register_default(
        RELEASE_ALERT, "Publication: a held report's parallel process has concluded",
        "{{ review_reference }}: a process publication waits for has concluded",
        "Dear colleague,\n\nThe {{ process }} that the publication of review "
        "{{ review_reference }} ({{ children }}) was held for is recorded as concluded. The hold "
        "stays in force until you release it: decide whether publication may go ahead, then "
        "release the hold on Review Desk: {{ holds_url }}\n\n{{ partnership }}",
    )


def holds_url(review: Review) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("holds:holds", args=[review.uuid])


def _national_bodies(review: Review) -> list[tuple[str, str, str]]:
    """(key, label, address) of each body told of holds and sent the advance copy."""
    partnership = review.partnership
    return [("panel", PANEL, partnership.panel_email),
            ("secretary-of-state", SECRETARY_OF_STATE, partnership.dfe_email)]


def tell_of_hold(hold: Hold, *, by: User) -> None:
    """The Panel and the Secretary of State are told of the delay and why, by pseudonym."""
    review = hold.review
    public = anonymised(review)
    process = ""
    if hold.process is not None:
        reference = public.redact(hold.process.reference)
        process = (f"Publication waits for: {public.redact(hold.process.kind_label).lower()}"
                   f"{f' ({reference})' if reference else ''}.\n\n")
    for key, label, address in _national_bodies(review):
        queue_from_template(
            review, HOLD_ADDED, dedupe_key=f"publication-hold:{hold.pk}:{key}",
            recipient_label=label, recipients=[address], by=by,
            purpose="a hold on publication",
            extra={"reason": public.redact(hold.reason),
                   "decided_by": public.redact(hold.decided_by),
                   "decided_on": f"{hold.decided_on:%-d %B %Y}", "process": process})


def send_advance_copy(copy: AdvanceCopy, *, by: User) -> None:
    """The final report's PDF to the Panel and the Secretary of State, one notice each."""
    review = copy.review
    # A neutral file name: the report's own often holds the child's.
    attachment = stored_attachment(copy.final_report.pdf, f"{review.reference}-final-report.pdf",
                                   "application/pdf")
    for key, label, address in _national_bodies(review):
        queue_from_template(
            review, ADVANCE_COPY, dedupe_key=f"publication-advance-copy:{copy.pk}:{key}",
            recipient_label=label, recipients=[address], by=by, purpose="the advance copy",
            attachments=[attachment],
            extra={"sent_on": f"{copy.sent_on:%A %-d %B %Y}",
                   "earliest_on": f"{copy.earliest_publication_on:%A %-d %B %Y}"})


def alert_business_unit(hold: Hold) -> None:
    """Once per hold (its key): the linked process has concluded."""
    review = hold.review
    assert hold.process is not None
    queue_from_template(
        review, RELEASE_ALERT, dedupe_key=f"publication-hold:{hold.pk}:process-concluded",
        recipient_label="The business unit", recipients=[review.partnership.business_unit_email],
        purpose="a held report's process has concluded",
        extra={"process": anonymised(review).redact(hold.process.kind_label).lower(),
               "holds_url": holds_url(review)})
