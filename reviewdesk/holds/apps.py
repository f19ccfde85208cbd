"""Holds on publication and the advance copy to the Panel and the Secretary of State. The models are
in reviewdesk.publication.models.
"""
from django.apps import AppConfig

# Registered here (codes are never reused: audit/events.py).
EVENTS: dict[str, tuple[str, str]] = {
    "holds.hold_added": ("Publication was put on hold, and the Panel and the Secretary of State "
                         "told", "put publication on hold"),
    "holds.hold_released": ("A hold on publication was released",
                            "released a hold on publication"),
    "holds.release_alerted": ("The business unit was told a held report's parallel process has "
                              "concluded", "told the business unit a held report's process has "
                                           "concluded"),
    "holds.advance_copy_recorded": ("The final report was sent to the Panel and the Secretary of "
                                    "State in advance of publication",
                                    "sent the advance copy of the final report"),
}


class HoldsConfig(AppConfig):
    name = "reviewdesk.holds"
    label = "holds"
    verbose_name = "Holds"

    def ready(self) -> None:
        from reviewdesk.audit import events
        from reviewdesk.holds import checks, notices, reminders, sections
        from reviewdesk.notices import reminders as notice_reminders
        from reviewdesk.publication import checks as publication_checks
        from reviewdesk.reviews import sections as review_sections

        for code, (description, phrase) in EVENTS.items():
            events.register(code, description, phrase)
        notices.register_templates()
        notice_reminders.register(reminders.release_alerts)
        publication_checks.register(checks.hold_checks, order=checks.HOLD_ORDER)
        publication_checks.register(checks.advance_copy_checks, order=checks.ADVANCE_COPY_ORDER)
        review_sections.register(sections.holds_section, stages=sections.STAGES)
