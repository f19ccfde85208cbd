from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    """Each agency's chronology for a review: templates, submissions, checks (and, later, the merge)."""

    name = "reviewdesk.chronology"
    verbose_name = "Chronology"

    def ready(self) -> None:
        from reviewdesk.chronology import reminders, sections
        from reviewdesk.reviews import sections as review_sections

        review_sections.register(sections.chronology_section)

        # Escalation of overdue chronologies, reminders about files with problems, and the
        # authors' due-date reminders stopping once a chronology is accepted.
        reminders.register()
