"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

The agency author of the matrix is the named contact of the police's summary request. Every piece
of free text below carries the matrix's marker names, so a page that shows one to someone who may
not see it fails the matrix.
"""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from reviewdesk.rapid_review import actions
from reviewdesk.rapid_review.models import (
    Meeting,
    Notification,
    RapidReviewRecord,
    SummaryRequest,
)
from reviewdesk.reviews.tests.test_access_matrix import MatrixContext, day, done

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
    review, bm, people, m = ctx.review, ctx.business_manager, ctx.people, ctx.markers
    contact = people[AUTHOR]
    marked = (f"{m['child']} ({m['alias']}) lives at {m['address']} with {m['mother']}; NHS "
              f"number {m['nhs_number']}. {m['practitioner']} visited twice. {m['typed']}")
    incident = review.incidents.first()
    Notification.objects.create(incident=incident, review=review, updated_by=bm,
                                panel_notified_on=date(2026, 3, 3), panel_reference="MATRIX-1")
    item = SummaryRequest.objects.create(
        review=review, agency=contact.agency, contact=contact, due_on=date(2026, 3, 9),
        requested_on=date(2026, 3, 3), requested_by=bm,
        # Sent, waiting to be checked: its text (naming staff its author may not see) is shown
        # redacted. Returned for more work, the page would put it in the form as typed.
        state=SummaryRequest.State.SUBMITTED, submitted_on=date(2026, 3, 4),
        submitted_by=contact, what_known=marked,
        immediate_actions=marked, early_learning=marked, return_reason=marked, times_returned=1)
    meeting = Meeting.objects.create(review=review, held_on=date(2026, 3, 5), recorded_by=bm,
                                     other_attendees=f"{m['mother']}'s advocate", notes=marked,
                                     immediate_actions=marked)
    meeting.attendees.set([people[PRACT], people[PARTNER]])
    # (From the decision stage on, the record was finished on the way there: it is rewritten.)
    # Complete, so the partners may sign it off and the Panel be sent its copy.
    RapidReviewRecord.objects.update_or_create(review=review, defaults={
        "facts_established": marked, "immediate_actions": marked, "practice_strengths": marked,
        "learning_local": marked, "learning_national": marked, "criterion_a": "met",
        "evidence_a": marked, "criterion_b": "unclear", "evidence_b": marked,
        "criterion_c": "met", "evidence_c": marked, "criterion_d": "not_met",
        "evidence_d": marked, "national_review_view": "recommend",
        "national_review_reasons": marked})

    def page(name: str, *args: object) -> str:
        return reverse(f"rapid_review:{name}", args=[review.uuid, *args])

    manager = ctx.review_page({BM})
    # Valid forms: while the rapid review is open (notification, rapid review) those allowed
    # make their change and are sent on; after it, its pages say it is complete. Signing off and
    # sending the Panel its copy (the record is complete) are for once it has started; starting
    # it, for before.
    is_open = ctx.stage in {"notification", "rapid_review"}
    before_start = ctx.stage == "notification"
    while_open = done if is_open else (lambda expected: expected)
    once_started = (lambda expected: expected) if before_start else done
    # The local authority's partner records the notification and signs off for the local
    # authority (the matrix's partner); the business manager records either on their behalf.
    manager_and_partner = ctx.review_page({BM, PARTNER})
    readers = ctx.review_page(READERS)
    # POST only: a GET is refused before anything is looked up.
    post_only_get = {p: (302 if p == "anonymous" else 405) for p in manager}
    post_only_post = {p: (302 if p == BM else code) for p, code in manager.items()}
    on_behalf = {"on_behalf_of": people[PARTNER].pk, "partner_for": "local_authority"}
    others = people[PRACT].agency

    def notified() -> dict:
        """The notification's form as its page sends it, with the version it showed."""
        notification = Notification.objects.get(incident=incident)
        assert notification.panel_notified_on is not None
        return {**day("panel_notified_on", notification.panel_notified_on),
                "panel_reference": notification.panel_reference,
                **day("partners_told_on", date(2026, 3, 4)),
                "on_behalf_of": people[PARTNER].pk, "version": notification.version}

    def meeting_as_changed() -> dict:
        meeting.refresh_from_db()
        return {**meeting_form, "version": meeting.version}

    def record_as_changed() -> dict:
        record = RapidReviewRecord.objects.get(review=review)
        return {**{name: getattr(record, name) for name in actions.RECORD_FIELDS},
                "version": record.version}

    meeting_form = {**day("held_on", date(2026, 3, 6)), "attendees": [people[PARTNER].pk],
                    "other_attendees": "The school's safeguarding lead",
                    "notes": "Agencies shared what they knew.",
                    "immediate_actions": "A strategy meeting was held."}
    return {
        # Started last of all (test_access_matrix.MOVES_ON): it takes the review to its next stage.
        "rapid_review:start": (page("start"), manager,
                               done(manager) if before_start else manager,
                               {**day("effective_on", date(2026, 3, 4)), "reason": "Agreed.",
                                "owner": ""}),
        "rapid_review:notification": (page("notification", incident.pk), manager_and_partner,
                                      done(manager_and_partner), notified),
        "rapid_review:sign_off": (page("sign_off"), manager_and_partner,
                                  once_started(manager_and_partner),
                                  {**day("signed_on", date(2026, 3, 12)), **on_behalf}),
        "rapid_review:requests": (page("requests"), ctx.review_page(READERS | {AUTHOR}), None),
        "rapid_review:request_new": (page("request_new"), manager, while_open(manager),
                                     {"agencies": [others.pk],
                                      f"contact_{others.pk}": people[PRACT].pk,
                                      **day("due_on", date(2026, 3, 13)),
                                      **day("requested_on", date(2026, 3, 4))}),
        "rapid_review:request": (page("request", item.uuid), ctx.review_page(READERS | {AUTHOR}),
                                 # Already sent: a valid summary comes back saying so.
                                 ctx.review_page({BM, AUTHOR}),
                                 {"what_known": "Two calls in March.",
                                  "immediate_actions": "A safety plan.",
                                  "early_learning": "None yet.",
                                  **day("received_on", date(2026, 3, 5))}),
        "rapid_review:request_chase": (page("request_chase", item.uuid), post_only_get,
                                       post_only_post, {}),
        # Returned again, due after today (the suite's fixed day, or later with --clock-shift).
        "rapid_review:request_return": (page("request_return", item.uuid), manager,
                                        while_open(manager),
                                        {"reason": "Say what the school knew.",
                                         **day("due_on", timezone.localdate() + timedelta(days=4)),
                                         **day("returned_on", date(2026, 3, 6))}),
        "rapid_review:meeting_add": (page("meeting_add"), manager, while_open(manager),
                                     meeting_form),
        "rapid_review:meeting": (page("meeting", meeting.uuid), readers, None),
        "rapid_review:meeting_edit": (page("meeting_edit", meeting.uuid), manager,
                                      while_open(manager),
                                      meeting_as_changed),
        "rapid_review:record": (page("record"), readers, None),
        "rapid_review:export_docx": (page("export_docx"), readers, None),
        "rapid_review:export_pdf": (page("export_pdf"), readers, None),
        "rapid_review:panel_copy": (page("panel_copy"), manager, once_started(manager),
                                    {**day("sent_on", date(2026, 3, 12)), "on_behalf_of": ""}),
        "rapid_review:record_edit": (page("record_edit"), manager, while_open(manager),
                                     record_as_changed),
        # Last: the summary was returned by the row before, so accepting it is refused with a
        # message (its button sends the date it shows); a chase, likewise, finds nothing to do.
        "rapid_review:request_accept": (page("request_accept", item.uuid), post_only_get,
                                        post_only_post, day("accepted_on", date(2026, 3, 7))),
    }
