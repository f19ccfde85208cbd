"""Publication: the final check, the harm assessment, the family's date, scheduling and
publishing. Every model of the publication stage is in models.py, for the apps above it."""
from django.apps import AppConfig

# Registered here (codes are never reused: audit/events.py): (description, phrase).
EVENTS: dict[str, tuple[str, str]] = {
    "publication.harm_assessed": ("Publication's likely harm to the family was assessed",
                                  "recorded the assessment of harm from publication"),
    "publication.date_shared": ("A family member was told the publication date",
                                "recorded that a family member was told the publication date"),
    "publication.scheduled": ("The report's publication was scheduled",
                              "scheduled the report's publication"),
    "publication.published": ("The report was published on the partnership's website",
                              "published the report"),
    "publication.recorded_earlier": (
        "A report published before Review Desk kept its publication was recorded",
        "recorded a report published earlier on the partnership's website"),
    "publication.schedule_cancelled": ("A scheduled publication was cancelled",
                                       "cancelled a scheduled publication"),
    "publication.scheduled_refused": ("A scheduled publication could not go ahead",
                                      "held a scheduled publication back: a check is not met"),
}


class PublicationConfig(AppConfig):
    name = "reviewdesk.publication"
    label = "publication"
    verbose_name = "Publication"

    def ready(self) -> None:
        from reviewdesk.audit import events
        from reviewdesk.publication import checks, notices, sections, selectors
        from reviewdesk.reviews import sections as review_sections

        for code, (description, phrase) in EVENTS.items():
            events.register(code, description, phrase)
        # The final check's own rows; holds and the advance copy register theirs.
        checks.register(selectors.harm_check, order=30)
        checks.register(selectors.approvals_check, order=40)
        checks.register(selectors.findings_check, order=50)
        checks.register(selectors.family_check, order=60)
        checks.register(selectors.learning_decision_check, order=70)
        review_sections.register(sections.publication_section, stages=sections.STAGES)
        # The template, and scheduled publications published on their day (send_reminders).
        notices.register()
