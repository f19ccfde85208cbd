from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    """Each agency's chronology for a review: templates, submissions, checks (and, later, the merge)."""

    name = "reviewdesk.chronology"
    verbose_name = "Chronology"

    def ready(self) -> None:
        from reviewdesk.chronology import reminders, sections
        from reviewdesk.reviews import sections as review_sections

        review_sections.register(sections.chronology_section, stages=sections.STAGES)

        # Escalation of overdue chronologies, reminders about files with problems, and the
        # authors' due-date reminders stopping once a chronology is accepted.
        reminders.register()

        # The anonymised search text is keyed to the register's content (search_text.py): any
        # change to an entry queues its rebuild once committed. A hint to start early only: a
        # change these signals miss (a bulk update) is found by the next search's fingerprint.
        from django.db.models.signals import post_delete, post_save

        from reviewdesk.chronology.tasks import register_entry_changed
        from reviewdesk.reviews.models import IdentityEntry

        post_save.connect(register_entry_changed, sender=IdentityEntry,
                          dispatch_uid="chronology.search_text.saved")
        post_delete.connect(register_entry_changed, sender=IdentityEntry,
                            dispatch_uid="chronology.search_text.deleted")
