"""Every kind of audit event, with its stable code and what it means.

The code is what the trail stores in ``AuditEvent.event_type`` and what the keyed hash covers, so
a code is never renamed or reused: a new meaning gets a new code. ``record()`` refuses a code that
is not listed here, so a typo or a new event without a description fails its first test.
Descriptions say what happened, for whoever reads the trail (and the audit page's filters).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class EventType:
    code: str
    description: str


class UnregisteredEventType(ValueError):
    pass


_STAGE_MOVES = {
    "start_rapid_review": "The rapid review started",
    "complete_rapid_review": "The rapid review was marked complete",
    "initiate_review": "The decision to hold a review was recorded",
    "decide_no_review": "The decision not to hold a review was recorded",
    "complete_commissioning": "Commissioning was marked complete",
    "complete_set_up": "The review's set-up was marked complete",
    "start_chronology": "The chronology stage started",
    "start_conversations": "Practitioner conversations started",
    "start_family_involvement": "Family involvement started",
    "start_report": "Writing the report started",
    "approve_publication": "The report was approved for publication",
    "start_action_plan": "The action plan stage started",
    "close_review": "The review was closed",
}

_EVENTS = {
    # People, agencies and signing in (accounts)
    "person.added": "A person was added to the partnership",
    "person.invited": "A person was invited to choose a password",
    "person.access_reset": "A person's password and two-factor sign-in were reset",
    "person.deactivated": "A person's access was switched off",
    "person.reactivated": "A person's access was switched back on",
    "person.signed_in": "Signed in",
    "person.signed_out": "Signed out",
    "person.password_set": "Chose a password",
    "person.two_factor_set_up": "Set up two-factor sign-in",
    "person.two_factor_failed": "Entered a wrong two-factor code",
    "person.reauthenticated": "Confirmed their identity again before a sensitive page",
    "person.reauthentication_failed": "Failed to confirm their identity again",
    "agency.added": "An agency was added",
    "agency.changed": "An agency was changed",
    "agency.deactivated": "An agency was switched off",
    "agency.deleted": "An agency that was never used was deleted",
    "agency.merged": "Two agencies were merged",
    # Reads and the trail itself
    "page.viewed": "A page showing identities was read",
    "audit.viewed": "The audit trail was read",
    "search.results_viewed": "Search results naming reviews or people were read",
    "dashboard.exported": "The dashboard was downloaded as a spreadsheet",
    # The review's case file (reviews)
    "review.incident_recorded": "A serious incident notification was recorded",
    "review.case_added": "Another case was added to a review",
    "review.imported": "A review run before Review Desk was imported",
    "review.viewed": "A review's page was read",
    "review.member_added": "Someone was added to a review",
    "review.member_removed": "Someone was removed from a review",
    "register.entry_added": "A person was added to the identity register",
    "register.entry_changed": "An identity register entry was changed",
    "register.imported": "Identity register entries were imported",
    "register.viewed": "The identity register was read",
    "register.exported": "The identity register was downloaded",
    "register.scanned_by_command": "A file was scanned against the register by the data team",
    "clock.met": "A statutory deadline was met",
    "clock.delayed": "A statutory deadline was delayed, with a reason",
    "task.added": "A task was added",
    "task.changed": "A task was changed",
    "task.done": "A task was done",
    # Rapid review
    "rapid_review.notification_recorded": "The Panel notification details were recorded",
    "rapid_review.plan_created": "The rapid review plan was made",
    "rapid_review.summary_requested": "An agency summary was requested",
    "rapid_review.summary_submitted": "An agency summary was submitted",
    "rapid_review.summary_accepted": "An agency summary was accepted",
    "rapid_review.summary_returned": "An agency summary was returned for changes",
    "rapid_review.summary_chased": "An agency was reminded of its summary",
    "rapid_review.summary_viewed": "An agency summary was read",
    "rapid_review.meeting_recorded": "The rapid review meeting was recorded",
    "rapid_review.meeting_changed": "The rapid review meeting's record was changed",
    "rapid_review.meeting_viewed": "The rapid review meeting's record was read",
    "rapid_review.record_saved": "The rapid review record was saved",
    "rapid_review.record_viewed": "The rapid review record was read",
    "rapid_review.sign_offs_withdrawn": "Partners' sign-offs were withdrawn as the record changed",
    "rapid_review.sign_offs_viewed": "The partners' sign-offs were read",
    "rapid_review.signed_off": "A partner signed off the rapid review",
    "rapid_review.panel_copy_sent": "A copy of the rapid review was sent to the National Panel",
    "rapid_review.exported": "The rapid review was downloaded",
    # Decisions
    "decision.partner_recorded": "A safeguarding partner's decision was recorded",
    "decision.escalated": "A disagreement was passed to the independent scrutineer",
    "decision.agreed": "The three partners agreed the decision",
    "decision.final_recorded": "The independent scrutineer decided",
    "decision.recorded_before_review_desk": "A decision taken before Review Desk was recorded",
    "decision.panel_response_recorded": "The National Panel's response was recorded",
    "decision.reopened_national": "The decision was reopened for a national review",
    "decision.made_national": "The review became a national review",
    "decision.viewed": "The decision page was read",
    # Commissioning
    "commissioning.notices_sent": "The commissioning notices were sent",
    "commissioning.not_notified_recorded": "A reason for not notifying someone was recorded",
    "commissioning.notice_addresses_changed": "The notices' addresses were changed",
    "commissioning.lead_reviewer_appointed": "The lead reviewer was appointed",
    "commissioning.reviewer_added": "A reviewer was added",
    "commissioning.reviewer_changed": "A reviewer was changed",
    "commissioning.chronology_author_named": "An agency's chronology author was named",
    "commissioning.tor_version_saved": "A version of the terms of reference was saved",
    "commissioning.tor_shared": "The terms of reference were shared",
    "commissioning.tor_approved": "The terms of reference were approved",
    "commissioning.tor_viewed": "The terms of reference were read",
    "commissioning.case_file_checklist_created": "The case-file checklist was made",
    "commissioning.case_files_confirmed": "An agency's case files were confirmed secured",
    "commissioning.case_files_corrected": "An agency's case-file confirmation was corrected",
    "commissioning.case_files_viewed": "The case-file checklist was read",
    # Chronology
    "chronology.file_uploaded": "A chronology file was uploaded",
    "chronology.file_imported": "A chronology file was imported by the data team",
    "chronology.file_checked": "A chronology file's check finished",
    "chronology.file_check_failed": "A chronology file's check failed",
    "chronology.file_check_requeued": "A stopped chronology check was queued again",
    "chronology.file_check_retried": "A chronology check was retried",
    "chronology.mapping_changed": "A chronology file's column mapping was changed",
    "chronology.submission_accepted": "An agency's chronology was accepted",
    "chronology.submission_withdrawn": "A chronology submission was withdrawn",
    "chronology.reopened": "An accepted chronology was reopened",
    "chronology.entry_added": "A chronology entry was added",
    "chronology.entry_changed": "A chronology entry was changed",
    "chronology.sent": "An agency's chronology was sent",
    "chronology.entry_marked_significant": "A chronology entry was marked significant",
    "chronology.entry_unmarked_significant": "A chronology entry was no longer marked significant",
    "chronology.duplicate_linked": "Two chronology entries were linked as duplicates",
    "chronology.duplicate_dismissed": "A possible duplicate was dismissed",
    "chronology.exported": "The merged chronology was downloaded",
    "chronology.merged_viewed": "The merged chronology was read",
    "chronology.submission_viewed": "An agency's chronology was read",
    "chronology.entries_viewed": "Chronology entries were read",
    "chronology.entry_viewed": "A chronology entry was read",
    "chronology.comparison_viewed": "Two chronology versions were compared",
    # Reports (the publication check)
    "reports.draft_uploaded": "A draft report was uploaded for checking",
    "reports.draft_checked": "A draft report's check finished",
    "reports.draft_check_failed": "A draft report's check failed",
    "reports.draft_check_requeued": "A stopped draft check was queued again",
    "reports.draft_check_retried": "A draft check was retried",
    "reports.draft_check_viewed": "A draft check's findings were read",
    "reports.false_alarm_marked": "A finding was marked a false alarm",
    "reports.false_alarm_undone": "A false alarm was undone",
    "reports.original_downloaded": "A checked draft was downloaded",
    "reports.corrected_downloaded": "A corrected draft was downloaded",
    # Notices
    "notice.sent": "A notice was sent",
    "notice.failed": "A notice could not be sent",
    "notice.retried": "Sending a notice was retried",
    "notice.viewed": "A notice was read",
    "notice.template_changed": "A notice template was changed",
}

EVENT_TYPES: dict[str, EventType] = {
    code: EventType(code, description)
    for code, description in [
        *_EVENTS.items(),
        *((f"review.{name}", description) for name, description in _STAGE_MOVES.items()),
    ]
}


def event_type(code: str) -> EventType:
    try:
        return EVENT_TYPES[code]
    except KeyError:
        raise UnregisteredEventType(
            f"'{code}' is not an audit event type: add it, with a description, to "
            "reviewdesk/audit/events.py") from None


def register(code: str, description: str) -> EventType:
    """Add an event type (tests' own events). Registering a code again with another meaning
    fails: codes are never reused."""
    existing = EVENT_TYPES.get(code)
    if existing is not None and existing.description != description:
        raise ValueError(f"'{code}' already means '{existing.description}'.")
    EVENT_TYPES[code] = EventType(code, description)
    return EVENT_TYPES[code]
