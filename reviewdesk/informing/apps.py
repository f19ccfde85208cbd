"""Telling practitioners about the review and keeping them informed: the first notice, updates
(terms of reference, advice, progress), and their questions.
"""
from django.apps import AppConfig

# The staff side's audit events, registered here (codes are never reused: audit/events.py).
EVENTS = {
    "informing.staff_told": ("Practitioners were told about the review",
                             "told practitioners about the review"),
    "informing.updates_sent": ("Updates about the review were sent to staff",
                               "sent staff updates about the review"),
    "informing.expected_dates_set": ("The dates staff are told to expect were set",
                                     "set the dates staff are told to expect"),
    "informing.digest_changed": ("The choice of an e-mail digest for staff was changed",
                                 "changed whether staff get an e-mail digest"),
    "informing.question_asked": ("A practitioner asked a question about the review",
                                 "asked a question about the review"),
    "informing.lead_reviewer_asked": ("The lead reviewer was brought in to a practitioner's "
                                      "question",
                                      "brought the lead reviewer in to a practitioner's question"),
    "informing.question_answered": ("A practitioner's question was answered",
                                    "answered a practitioner's question"),
    "informing.staff_viewed": ("Who has been told about the review was read",
                               "read who has been told about the review"),
    "informing.preview_viewed": ("The notice telling practitioners was previewed",
                                 "previewed the notice telling practitioners"),
    "informing.questions_viewed": ("Practitioners' questions were read",
                                   "read practitioners' questions"),
    "informing.question_viewed": ("A practitioner's question was read",
                                  "read a practitioner's question"),
}


class InformingConfig(AppConfig):
    name = "reviewdesk.informing"
    label = "informing"
    verbose_name = "Keeping staff informed"

    def ready(self) -> None:
        from reviewdesk.audit import events
        from reviewdesk.informing import actions, notices, reminders, views
        from reviewdesk.notices import reminders as notice_reminders
        from reviewdesk.reviews import history, sections

        for code, (description, phrase) in EVENTS.items():
            events.register(code, description, phrase)
        notices.register_templates()
        sections.register(views.review_section)
        sections.register_for_practitioners(views.practitioner_section)
        # Updates to staff follow the step that calls for them (decision 0049); the daily
        # reminders run sweeps up any a step's own call missed, and reminds unanswered questions.
        history.register_step_listener(actions.after_step)
        notice_reminders.register(reminders.question_reminders)
        notice_reminders.register(reminders.update_sweep)
