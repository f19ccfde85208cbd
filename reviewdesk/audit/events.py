"""Every kind of audit event, with its stable code and what it means.

The code is what the trail stores in ``AuditEvent.event_type`` and what the keyed hash covers, so
a code is never renamed or reused: a new meaning gets a new code. ``record()`` refuses a code that
is not listed here, so a typo or a new event without a description fails its first test.
Descriptions say what happened, for whoever reads the trail (and the audit page's filters);
each code's phrase says it as what the person did, so the audit page reads as sentences:
"Hermione Kettleworth (business manager) read the case-file checklist". Each code is filed under
an area of the work (the page's grouped filter), and is either a change or only a read.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class EventType:
    code: str
    description: str
    phrase: str = ""  # what the person did, after their name: "read the case-file checklist"

    @property
    def area(self) -> "Area":
        return area_of(self.code)

    @property
    def is_change(self) -> bool:
        """False for reads, downloads and signing in: what the 'changes only' filter hides."""
        return not is_read(self.code)

    def sentence(self, who: str) -> str:
        return f"{who} {self.phrase or _lower_first(self.description)}"


@dataclass(frozen=True)
class Area:
    slug: str
    label: str


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
    "reopen_action_plan": "A closed review's action plan was reopened",
    "undo_stage_move": "A stage move recorded by mistake was undone",
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
    # The family's contact log, meetings, contributions, consent and letters (family)
    "family.contact_recorded": "A contact with a family member was recorded",
    "family.meeting_recorded": "A meeting with a family member was recorded",
    "family.contribution_added": "A family member's written contribution was added",
    "family.contribution_downloaded": "A family member's written contribution was downloaded",
    "family.consent_recorded": "A family member's consent to the use of their contribution was "
                               "recorded",
    "family.letter_produced": "A letter to a family member was produced",
    "family.letter_downloaded": "A letter to a family member was downloaded",
    "family.letter_sent": "A letter to a family member was marked as sent",
    "family.letter_template_changed": "A review's wording of a letter to the family was changed",
    "family.contact_viewed": "A family member's contact log was read",
    "family.letter_templates_viewed": "A review's letters to the family were read",
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
    "clock.rule_changed": "The partnership changed the length of a deadline it sets itself",
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
    # Family involvement
    "family.member_added": "A family member or friend was added to those the review considers",
    "family.member_changed": "A family member's details were changed",
    "family.sibling_decision_recorded": "The considered decision about a sibling was recorded",
    "family.report_offer_recorded": "The offer of the draft report to a family member was "
                                    "recorded",
    "family.viewed": "The family's involvement was read",
    "family.member_viewed": "A family member's record was read",
    # The reviewer and staff: never a note's or an area's content
    "conversations.asked": "The lead reviewer asked to speak with a practitioner",
    "conversations.date_accepted": "A practitioner accepted a date to speak with the lead "
                                   "reviewer",
    "conversations.other_date_asked": "A practitioner asked for another date to speak with the "
                                      "lead reviewer",
    "conversations.dates_offered": "New dates were offered to a practitioner for a conversation",
    "conversations.held": "A conversation with a practitioner was recorded as held",
    "conversations.note_saved": "The note of a conversation with a practitioner was saved",
    "conversations.consent_recorded": "A practitioner's consent to the use of their contribution "
                                      "was recorded",
    "conversations.area_raised": "A practitioner raised an area for the reviewer to consider",
    "conversations.area_answered": "The lead reviewer answered an area a practitioner raised",
    "conversations.viewed": "The conversations with staff were read",
    "conversations.conversation_viewed": "A conversation with a practitioner was read",
    "conversations.note_viewed": "A shared conversation note was read",
    "conversations.areas_viewed": "The areas staff raised were read",
    # Advice to staff because of a parallel process, and its restrictions
    "advice.set": "Advice to staff was set",
    "advice.replaced": "New advice to staff replaced the advice in force",
    "advice.lifted": "Advice to staff was lifted",
    "advice.restriction_lifted": "One restriction of the advice to staff was lifted",
    "advice.acknowledged": "Someone on the review acknowledged the advice to staff",
    "advice.history_viewed": "The advice to staff and its history were read",
    # The practitioners on a review
    "staff.practitioner_added": "A practitioner was added to a review's list of staff",
    "staff.practitioners_imported": "Practitioners were added to a review from a list",
    "staff.practitioner_changed": "A practitioner's job or manager was changed",
    "staff.practitioner_removed": "A practitioner was removed from a review (the record is kept)",
    "staff.practitioners_viewed": "A review's list of practitioners was read",
    # Notices
    "notice.sent": "A notice was sent",
    "notice.failed": "A notice could not be sent",
    "notice.waiting": "The mail server did not take a notice: it waits to be tried again",
    "notice.retried": "Sending a notice was retried",
    "notice.viewed": "A notice was read",
    "notice.template_changed": "A notice template was changed",
    # Parallel processes (police investigation, inquest, proceedings) and the advice in force
    "parallel.process_recorded": "A parallel process was recorded",
    "parallel.status_recorded": "A parallel process's status changed",
    # Support for staff: ids only, never what anyone asked for or was told.
    "support.service_set": "An agency's support service for staff was set",
    "support.escalation_contact_set": "The partnership's senior contact for support was set",
    "support.offer_recorded": "Support offered to a member of staff was recorded",
    "support.offer_changed": "What became of support offered to a member of staff was recorded",
    "support.requested": "A member of staff said they cannot get the support they need",
    "support.request_answered": "A request for support was answered",
    "support.request_escalated": "An unanswered request for support went to the senior contact",
    "support.escalation_noted": "The senior contact recorded what they did about a request",
    "support.team_session_recorded": "A manager recorded a team support session",
    "support.viewed": "The support for a review's staff was read",
    "support.request_viewed": "A request for support was read",
    # Meetings with staff: learning events, briefings, the reviewer's conversations (meetings)
    "meetings.scheduled": "A meeting with staff was diarised and its invitations sent",
    "meetings.changed": "A meeting with staff was changed and the update sent",
    "meetings.cancelled": "A meeting with staff was cancelled",
    "meetings.invited": "People were invited to a meeting with staff",
    "meetings.uninvited": "An invitation to a meeting with staff was withdrawn",
    "meetings.answered": "An invitee answered an invitation to a meeting",
    "meetings.attendance_recorded": "Who came to a meeting with staff was recorded",
    "meetings.meeting_viewed": "A meeting with staff and its invitees' answers were read",
    "meetings.invitation_viewed": "An invitee read their invitation to a meeting",
    "meetings.calendar_downloaded": "An invitee downloaded their calendar invitation",
}

# What each event says its person did, after their name (or "Review Desk" for its own work).
_STAGE_MOVE_PHRASES = {
    "start_rapid_review": "started the rapid review",
    "complete_rapid_review": "marked the rapid review complete",
    "initiate_review": "recorded the decision to hold a review",
    "decide_no_review": "recorded the decision not to hold a review",
    "complete_commissioning": "marked commissioning complete",
    "complete_set_up": "marked the review's set-up complete",
    "start_chronology": "started the chronology stage",
    "start_conversations": "started the practitioner conversations",
    "start_family_involvement": "started family involvement",
    "start_report": "started writing the report",
    "approve_publication": "approved the report for publication",
    "start_action_plan": "started the action plan stage",
    "close_review": "closed the review",
    "reopen_action_plan": "reopened a closed review's action plan",
    "undo_stage_move": "undid a stage move recorded by mistake",
}

_PHRASES = {
    "person.added": "added a person to the partnership",
    "person.invited": "invited a person to choose a password",
    "person.access_reset": "reset a person's password and two-factor sign-in",
    "person.deactivated": "switched off a person's access",
    "person.reactivated": "switched a person's access back on",
    "person.signed_in": "signed in",
    "person.signed_out": "signed out",
    "person.password_set": "chose a password",
    "person.two_factor_set_up": "set up two-factor sign-in",
    "person.two_factor_failed": "entered a wrong two-factor code",
    "person.reauthenticated": "confirmed their identity again before a sensitive page",
    "person.reauthentication_failed": "failed to confirm their identity again",
    "agency.added": "added an agency",
    "agency.changed": "changed an agency",
    "agency.deactivated": "switched off an agency",
    "agency.deleted": "deleted an agency that was never used",
    "agency.merged": "merged two agencies",
    "page.viewed": "read a page showing identities",
    "audit.viewed": "read the audit trail",
    "review.incident_recorded": "recorded a serious incident notification",
    "review.case_added": "added another case to the review",
    "review.imported": "imported a review run before Review Desk",
    "review.viewed": "read the review's page",
    "review.member_added": "added someone to the review",
    "review.member_removed": "removed someone from the review",
    "register.entry_added": "added a person to the identity register",
    "register.entry_changed": "changed an identity register entry",
    "register.imported": "imported identity register entries",
    "register.viewed": "read the identity register",
    "register.exported": "downloaded the identity register",
    "register.scanned_by_command": "scanned a file against the identity register",
    "clock.met": "marked a statutory deadline met",
    "clock.delayed": "delayed a statutory deadline, giving a reason",
    "clock.rule_changed": "changed the length of a deadline the partnership sets itself",
    "task.added": "added a task",
    "task.changed": "changed a task",
    "task.done": "marked a task done",
    "rapid_review.notification_recorded": "recorded the Panel notification details",
    "rapid_review.plan_created": "made the rapid review plan",
    "rapid_review.summary_requested": "requested an agency summary",
    "rapid_review.summary_submitted": "submitted an agency summary",
    "rapid_review.summary_accepted": "accepted an agency summary",
    "rapid_review.summary_returned": "returned an agency summary for changes",
    "rapid_review.summary_chased": "reminded an agency of its summary",
    "rapid_review.summary_viewed": "read an agency summary",
    "rapid_review.meeting_recorded": "recorded the rapid review meeting",
    "rapid_review.meeting_changed": "changed the rapid review meeting's record",
    "rapid_review.meeting_viewed": "read the rapid review meeting's record",
    "rapid_review.record_saved": "saved the rapid review record",
    "rapid_review.record_viewed": "read the rapid review record",
    "rapid_review.sign_offs_withdrawn": "changed the rapid review record, so the partners' "
                                        "sign-offs were withdrawn",
    "rapid_review.sign_offs_viewed": "read the partners' sign-offs",
    "rapid_review.signed_off": "signed off the rapid review",
    "rapid_review.panel_copy_sent": "sent a copy of the rapid review to the National Panel",
    "rapid_review.exported": "downloaded the rapid review",
    "decision.partner_recorded": "recorded a safeguarding partner's decision",
    "decision.escalated": "passed a disagreement to the independent scrutineer",
    "decision.agreed": "recorded that the three partners agreed the decision",
    "decision.final_recorded": "recorded the independent scrutineer's decision",
    "decision.recorded_before_review_desk": "recorded a decision taken before Review Desk",
    "decision.panel_response_recorded": "recorded the National Panel's response",
    "decision.reopened_national": "reopened the decision for a national review",
    "decision.made_national": "recorded that the review became a national review",
    "decision.viewed": "read the decision page",
    "commissioning.notices_sent": "sent the commissioning notices",
    "commissioning.not_notified_recorded": "recorded a reason for not notifying someone",
    "commissioning.notice_addresses_changed": "changed the notices' addresses",
    "commissioning.lead_reviewer_appointed": "appointed the lead reviewer",
    "commissioning.reviewer_added": "added a reviewer",
    "commissioning.reviewer_changed": "changed a reviewer",
    "commissioning.chronology_author_named": "named an agency's chronology author",
    "commissioning.tor_version_saved": "saved a version of the terms of reference",
    "commissioning.tor_shared": "shared the terms of reference",
    "commissioning.tor_approved": "approved the terms of reference",
    "commissioning.tor_viewed": "read the terms of reference",
    "commissioning.case_file_checklist_created": "made the case-file checklist",
    "commissioning.case_files_confirmed": "confirmed an agency's case files were secured",
    "commissioning.case_files_corrected": "corrected an agency's case-file confirmation",
    "commissioning.case_files_viewed": "read the case-file checklist",
    "chronology.file_uploaded": "uploaded a chronology file",
    "chronology.file_imported": "imported a chronology file",
    "chronology.file_checked": "finished checking a chronology file",
    "chronology.file_check_failed": "could not finish checking a chronology file",
    "chronology.file_check_requeued": "queued a stopped chronology check again",
    "chronology.file_check_retried": "retried a chronology check",
    "chronology.mapping_changed": "changed how a chronology file's columns are read",
    "chronology.submission_accepted": "accepted an agency's chronology",
    "chronology.submission_withdrawn": "withdrew a chronology submission",
    "chronology.reopened": "reopened an accepted chronology",
    "chronology.entry_added": "added a chronology entry",
    "chronology.entry_changed": "changed a chronology entry",
    "chronology.sent": "sent an agency's chronology",
    "chronology.entry_marked_significant": "marked a chronology entry significant",
    "chronology.entry_unmarked_significant": "stopped marking a chronology entry significant",
    "chronology.duplicate_linked": "linked two chronology entries as duplicates",
    "chronology.duplicate_dismissed": "dismissed a possible duplicate",
    "chronology.exported": "downloaded the merged chronology",
    "chronology.merged_viewed": "read the merged chronology",
    "chronology.submission_viewed": "read a version of an agency's chronology",
    "chronology.entries_viewed": "read chronology entries",
    "chronology.entry_viewed": "read a chronology entry",
    "chronology.comparison_viewed": "compared two chronology versions",
    "reports.draft_uploaded": "uploaded a draft report for checking",
    "reports.draft_checked": "finished checking a draft report",
    "reports.draft_check_failed": "could not finish checking a draft report",
    "reports.draft_check_requeued": "queued a stopped draft check again",
    "reports.draft_check_retried": "retried a draft check",
    "reports.draft_check_viewed": "read a draft check's findings",
    "reports.false_alarm_marked": "marked a finding a false alarm",
    "reports.false_alarm_undone": "undid a false alarm",
    "reports.original_downloaded": "downloaded a checked draft",
    "reports.corrected_downloaded": "downloaded a corrected draft",
    "advice.set": "set advice to staff",
    "advice.replaced": "set new advice to staff, replacing the advice in force",
    "advice.lifted": "lifted the advice to staff",
    "advice.restriction_lifted": "lifted one restriction of the advice to staff",
    "advice.acknowledged": "acknowledged the advice to staff",
    "advice.history_viewed": "read the advice to staff and its history",
    "notice.sent": "sent a notice",
    "notice.failed": "could not send a notice",
    "notice.waiting": "could not send a notice yet: it waits to be tried again",
    "notice.retried": "retried sending a notice",
    "notice.viewed": "read a notice",
    "notice.template_changed": "changed a notice template",
    "family.member_added": "added a family member or friend to those the review considers",
    "family.member_changed": "changed a family member's details",
    "family.sibling_decision_recorded": "recorded the considered decision about a sibling",
    "family.report_offer_recorded": "recorded the offer of the draft report to a family member",
    "family.viewed": "read the family's involvement",
    "family.member_viewed": "read a family member's record",
    "parallel.process_recorded": "recorded a parallel process (a police investigation, inquest "
                                 "or proceedings)",
    "parallel.status_recorded": "recorded a change in a parallel process's status",
    "search.results_viewed": "read search results naming reviews or people",
    "dashboard.exported": "downloaded the dashboard as a spreadsheet",
    "family.contact_recorded": "recorded a contact with a family member",
    "family.meeting_recorded": "recorded a meeting with a family member",
    "family.contribution_added": "added a family member's written contribution",
    "family.contribution_downloaded": "downloaded a family member's written contribution",
    "family.consent_recorded": "recorded a family member's consent to the use of their "
                               "contribution",
    "family.letter_produced": "produced a letter to a family member",
    "family.letter_downloaded": "downloaded a letter to a family member",
    "family.letter_sent": "marked a letter to a family member as sent",
    "family.letter_template_changed": "changed the review's wording of a letter to the family",
    "family.contact_viewed": "read a family member's contact log",
    "family.letter_templates_viewed": "read the review's letters to the family",
    "conversations.asked": "asked to speak with a practitioner",
    "conversations.date_accepted": "accepted a date to speak with the lead reviewer",
    "conversations.other_date_asked": "asked for another date to speak with the lead reviewer",
    "conversations.dates_offered": "offered a practitioner new dates for a conversation",
    "conversations.held": "recorded a conversation with a practitioner as held",
    "conversations.note_saved": "saved the note of a conversation with a practitioner",
    "conversations.consent_recorded": "recorded a practitioner's consent to the use of their "
                                      "contribution",
    "conversations.area_raised": "raised an area for the reviewer to consider",
    "conversations.area_answered": "answered an area a practitioner raised",
    "conversations.viewed": "read the conversations with staff",
    "conversations.conversation_viewed": "read a conversation with a practitioner",
    "conversations.note_viewed": "read a shared conversation note",
    "conversations.areas_viewed": "read the areas staff raised",
    "support.service_set": "set an agency's support service for staff",
    "support.escalation_contact_set": "set the partnership's senior contact for support",
    "support.offer_recorded": "recorded support offered to a member of staff",
    "support.offer_changed": "recorded what became of support offered to a member of staff",
    "support.requested": "said they cannot get the support they need",
    "support.request_answered": "answered a request for support",
    "support.request_escalated": "sent an unanswered request for support to the senior contact",
    "support.escalation_noted": "recorded what they did about a request for support",
    "support.team_session_recorded": "recorded a team support session",
    "support.viewed": "read the support for a review's staff",
    "support.request_viewed": "read a request for support",
    "staff.practitioner_added": "added a practitioner to a review's list of staff",
    "staff.practitioners_imported": "added practitioners to a review from a list",
    "staff.practitioner_changed": "changed a practitioner's job or manager",
    "staff.practitioner_removed": "removed a practitioner from a review",
    "staff.practitioners_viewed": "read a review's list of practitioners",
    "meetings.scheduled": "diarised a meeting with staff and sent its invitations",
    "meetings.changed": "changed a meeting with staff and sent the update",
    "meetings.cancelled": "cancelled a meeting with staff",
    "meetings.invited": "invited people to a meeting with staff",
    "meetings.uninvited": "withdrew an invitation to a meeting with staff",
    "meetings.answered": "answered an invitation to a meeting",
    "meetings.attendance_recorded": "recorded who came to a meeting with staff",
    "meetings.meeting_viewed": "read a meeting with staff and its invitees' answers",
    "meetings.invitation_viewed": "read their invitation to a meeting",
    "meetings.calendar_downloaded": "downloaded their calendar invitation",
    **{f"review.{name}": phrase for name, phrase in _STAGE_MOVE_PHRASES.items()},
}

# The areas of the work the audit page's filter groups events under, in the order of a review.
AREAS = [
    Area("people", "People and signing in"),
    Area("agencies", "Agencies"),
    Area("reads", "Pages read, searches and the audit trail"),
    Area("review", "The review and its team"),
    Area("stages", "Stage moves"),
    Area("register", "The identity register"),
    Area("deadlines", "Deadlines and tasks"),
    Area("rapid-review", "The rapid review"),
    Area("decision", "The partners' decision"),
    Area("commissioning", "Commissioning and set-up"),
    Area("chronology", "The chronology"),
    Area("reports", "The report's versions and the publication check"),
    Area("family", "Family involvement"),
    Area("conversations", "The reviewer and staff"),
    Area("advice", "Advice to staff and its restrictions"),
    Area("staff", "Practitioners and their managers"),
    Area("notices", "Notices"),
    Area("parallel", "Parallel processes and advice"),
    Area("support", "Support for staff"),
    Area("meetings", "Meetings with staff"),
    Area("informing", "Telling staff and keeping them informed"),
    # The report stage's other parts.
    Area("comments", "Comments on the report"),
    Area("checklist", "What the report must contain"),
    Area("signoff", "Signing off the report"),
    Area("final-report", "The final report"),
    # Publication and after.
    Area("holds", "Holds on publication and the advance copy"),
    Area("publication", "Publishing the report"),
    Area("on-request", "Time on the website, withdrawal and requests"),
    Area("copies", "Copies to national bodies"),
    Area("findings", "Findings and recommendations"),
    Area("action-plan", "The action plan"),
    Area("progress", "Progress on actions"),
    Area("statement", "The statement of actions taken"),
    Area("briefings", "Briefings for staff"),
    Area("learning", "Themes and learning across reviews"),
    Area("backups", "Backups and restores"),
    Area("retention", "Retention, legal holds and erasure"),
    Area("other", "Other events"),
]
_AREA_BY_SLUG = {a.slug: a for a in AREAS}
_AREA_OF_PREFIX = {
    "person": "people", "agency": "agencies", "page": "reads", "audit": "reads",
    "search": "reads", "dashboard": "reads",
    "review": "review", "register": "register", "clock": "deadlines", "task": "deadlines",
    "rapid_review": "rapid-review", "decision": "decision", "commissioning": "commissioning",
    "chronology": "chronology", "reports": "reports", "notice": "notices",
    "family": "family",
    "conversations": "conversations",
    "parallel": "parallel",
    "advice": "advice",
    "support": "support",
    "staff": "staff",
    "meetings": "meetings",
    "informing": "informing",
    "signoff": "signoff",
    "comments": "comments",
    "checklist": "checklist",
    "final_report": "final-report",
    "holds": "holds",
    "publication": "publication",
    # A request taken on the public page is one of the requests the business unit answers.
    "on_request": "on-request", "public_site": "on-request",
    "copies": "copies",
    "action_plan": "action-plan",
    "findings": "findings",
    "progress": "progress",
    "statement": "statement",
    "briefings": "briefings",
    "learning": "learning",
    "backups": "backups",
    "retention": "retention",
}
# Not changes: signing in and out, and failed attempts, change no record.
_NOT_CHANGES = {"person.signed_in", "person.signed_out", "person.two_factor_failed",
                "person.reauthenticated", "person.reauthentication_failed",
                "register.scanned_by_command"}
_READ_ENDINGS = ("viewed", "exported", "downloaded")


def area_of(code: str) -> Area:
    if code in _STAGE_MOVE_CODES:
        return _AREA_BY_SLUG["stages"]
    return _AREA_BY_SLUG[_AREA_OF_PREFIX.get(code.split(".", 1)[0], "other")]


def is_read(code: str) -> bool:
    return code in _NOT_CHANGES or code.split(".", 1)[-1].endswith(_READ_ENDINGS)


def codes_in_area(slug: str, codes: list[str]) -> list[str]:
    return [code for code in codes if area_of(code).slug == slug]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


_STAGE_MOVE_CODES = {f"review.{name}" for name in _STAGE_MOVES}

EVENT_TYPES: dict[str, EventType] = {
    code: EventType(code, description, _PHRASES.get(code, ""))
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


def register(code: str, description: str, phrase: str = "") -> EventType:
    """Add an event type (tests' own events). Registering a code again with another meaning
    fails: codes are never reused."""
    existing = EVENT_TYPES.get(code)
    if existing is not None and existing.description != description:
        raise ValueError(f"'{code}' already means '{existing.description}'.")
    EVENT_TYPES[code] = EventType(code, description, phrase or (existing.phrase if existing
                                                                   else ""))
    return EVENT_TYPES[code]
