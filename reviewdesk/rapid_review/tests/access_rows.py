"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

The agency author of the matrix is the named contact of the police's summary request. Every piece
of free text below carries the matrix's marker names, so a page that shows one to someone who may
not see it fails the matrix.
"""

from datetime import date

from django.urls import reverse

from reviewdesk.rapid_review.models import (
    Meeting,
    Notification,
    RapidReviewRecord,
    SummaryRequest,
)
from reviewdesk.reviews.tests.test_access_matrix import MatrixContext

URL_NAMES = {f"rapid_review:{name}" for name in [
    "start", "notification", "requests", "request_new", "request", "request_accept",
    "request_return", "request_chase", "meeting_add", "meeting", "meeting_edit", "record",
    "record_edit", "sign_off", "panel_copy", "export_docx", "export_pdf"]}

BM, PARTNER, SCRUTINEER, SUBGROUP, OTHER_SUBGROUP, LEAD, AUTHOR, PRACT = (
    "business_manager", "partner", "scrutineer", "subgroup_member", "other_subgroup",
    "lead_reviewer", "agency_author", "practitioner")
# VIEW_RAPID_REVIEW: the partnership's officers with oversight, and the review's lead reviewer.
READERS = {BM, PARTNER, SCRUTINEER, SUBGROUP, OTHER_SUBGROUP, LEAD}


def rows(ctx: MatrixContext) -> dict:
    from reviewdesk.reviews.tests.test_access_matrix import (
        ADDRESS,
        CHILD,
        CHILD_ALIAS,
        MOTHER,
        NHS_NUMBER,
        PRACTITIONER,
        TYPED,
    )

    review, bm, people = ctx.review, ctx.business_manager, ctx.people
    contact = people[AUTHOR]
    marked = (f"{CHILD} ({CHILD_ALIAS}) lives at {ADDRESS} with {MOTHER}; NHS number "
              f"{NHS_NUMBER}. {PRACTITIONER} visited twice. {TYPED}")
    incident = review.incidents.first()
    Notification.objects.create(incident=incident, review=review, updated_by=bm,
                                panel_notified_on=date(2026, 3, 3), panel_reference="MATRIX-1")
    item = SummaryRequest.objects.create(
        review=review, agency=contact.agency, contact=contact, due_on=date(2026, 3, 9),
        requested_on=date(2026, 3, 3), requested_by=bm, state=SummaryRequest.State.SUBMITTED,
        submitted_on=date(2026, 3, 4), submitted_by=contact, what_known=marked,
        immediate_actions=marked, early_learning=marked, return_reason=marked, times_returned=1)
    meeting = Meeting.objects.create(review=review, held_on=date(2026, 3, 5), recorded_by=bm,
                                     other_attendees=f"{MOTHER}'s advocate", notes=marked,
                                     immediate_actions=marked)
    meeting.attendees.set([people[PRACT], people[PARTNER]])
    # (From the decision stage on, the record was finished on the way there: it is rewritten.)
    RapidReviewRecord.objects.update_or_create(review=review, defaults={
        "facts_established": marked, "immediate_actions": marked, "practice_strengths": marked,
        "learning_local": marked, "learning_national": marked, "criterion_a": "met",
        "evidence_a": marked, "criterion_b": "unclear", "evidence_b": marked,
        "national_review_view": "recommend", "national_review_reasons": marked})

    def page(name: str, *args: object) -> str:
        return reverse(f"rapid_review:{name}", args=[review.uuid, *args])

    manager = ctx.review_page({BM})
    # The local authority's partner records the notification and signs off for the local
    # authority (the matrix's partner); the business manager records either on their behalf.
    manager_and_partner = ctx.review_page({BM, PARTNER})
    readers = ctx.review_page(READERS)
    # POST only: a GET is refused before anything is looked up.
    post_only_get = {p: (302 if p == "anonymous" else 405) for p in manager}
    post_only_post = {p: (302 if p == BM else code) for p, code in manager.items()}
    return {
        "rapid_review:start": (page("start"), manager, manager),
        "rapid_review:notification": (page("notification", incident.pk), manager_and_partner,
                                      manager_and_partner),
        "rapid_review:sign_off": (page("sign_off"), manager_and_partner, manager_and_partner),
        "rapid_review:requests": (page("requests"), ctx.review_page(READERS | {AUTHOR}), None),
        "rapid_review:request_new": (page("request_new"), manager, manager),
        "rapid_review:request": (page("request", item.uuid), ctx.review_page(READERS | {AUTHOR}),
                                 ctx.review_page({BM, AUTHOR})),
        "rapid_review:request_chase": (page("request_chase", item.uuid), post_only_get,
                                       post_only_post),
        "rapid_review:request_return": (page("request_return", item.uuid), manager, manager),
        "rapid_review:meeting_add": (page("meeting_add"), manager, manager),
        "rapid_review:meeting": (page("meeting", meeting.uuid), readers, None),
        "rapid_review:meeting_edit": (page("meeting_edit", meeting.uuid), manager, manager),
        "rapid_review:record": (page("record"), readers, None),
        "rapid_review:export_docx": (page("export_docx"), readers, None),
        "rapid_review:export_pdf": (page("export_pdf"), readers, None),
        "rapid_review:panel_copy": (page("panel_copy"), manager, manager),
        "rapid_review:record_edit": (page("record_edit"), manager, manager),
        # Last: accepting the summary changes it (an empty POST is all a button sends).
        "rapid_review:request_accept": (page("request_accept", item.uuid), post_only_get,
                                        post_only_post),
    }
