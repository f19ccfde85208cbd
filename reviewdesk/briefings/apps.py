"""Briefings for staff: sessions with calendar invitations, the seven-minute briefing,
attendance and reflections. The models are in reviewdesk.action_plan."""
from django.apps import AppConfig

# Registered here (codes are never reused: audit/events.py): (description, phrase).
EVENTS: dict[str, tuple[str, str]] = {
    "briefings.scheduled": ("A briefing session was diarised and its invitations sent",
                            "diarised a briefing session"),
    "briefings.document_generated": ("A seven-minute briefing was drafted from the findings",
                                     "drafted a seven-minute briefing"),
    "briefings.document_edited": ("A seven-minute briefing was edited",
                                  "edited a seven-minute briefing"),
    "briefings.document_checked": ("The publication check was run on a seven-minute briefing",
                                   "ran the publication check on a seven-minute briefing"),
    "briefings.document_approved": ("A seven-minute briefing was approved and its files made",
                                    "approved a seven-minute briefing"),
    "briefings.document_downloaded": ("A seven-minute briefing was downloaded",
                                      "downloaded a seven-minute briefing"),
    "briefings.reflected": ("An attendee answered the reflection form after a briefing",
                            "answered the reflection form after a briefing"),
}


class BriefingsConfig(AppConfig):
    name = "reviewdesk.briefings"
    label = "briefings"
    verbose_name = "Briefings"

    def ready(self) -> None:
        from reviewdesk.audit import events
        from reviewdesk.briefings import notices, sections
        from reviewdesk.reviews import sections as review_sections

        for code, (description, phrase) in EVENTS.items():
            events.register(code, description, phrase)
        notices.register_templates()
        review_sections.register(sections.review_section, stages=sections.STAGES)
        review_sections.register_for_practitioners(sections.practitioner_section)
