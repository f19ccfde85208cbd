"""Retention: how long a closed review's records are kept (a partnership setting), the list of
reviews past it for the business manager, legal holds, and the erasure of a review's personal
data that keeps what the partnership must keep (docs/retention.md, decision 0067)."""
from django.apps import AppConfig

# Registered here (codes are never reused: audit/events.py): (description, phrase).
EVENTS: dict[str, tuple[str, str]] = {
    "retention.settings_changed": ("The partnership's retention period was changed",
                                   "changed how long closed reviews are kept"),
    "retention.hold_placed": ("A legal hold was placed on a review", "placed a legal hold"),
    "retention.hold_lifted": ("A legal hold on a review was lifted", "lifted a legal hold"),
    "retention.review_erased": ("A closed review's personal data was erased under the "
                                "retention period", "erased a review's personal data"),
    "retention.reminded": ("The business manager was told of reviews past the retention period",
                           "told the business manager of reviews past the retention period"),
}


class RetentionConfig(AppConfig):
    name = "reviewdesk.retention"
    label = "retention"
    verbose_name = "Retention"

    def ready(self) -> None:
        from reviewdesk.audit import events
        from reviewdesk.notices import reminders as notice_reminders
        from reviewdesk.retention import reminders
        from reviewdesk.reviews import sections as review_sections

        for code, (description, phrase) in EVENTS.items():
            events.register(code, description, phrase)
        review_sections.register_settings_page(
            "retention:overview", "Retention: how long records are kept",
            "How many years a closed review's records are kept, the reviews kept past it, legal "
            "holds, and erasing a review's personal data.")
        from reviewdesk.retention import views

        # Any stage: a hold may be placed on an open review; erasure only follows closing.
        review_sections.register(views.review_section)
        reminders.register_templates()
        notice_reminders.register(reminders.retention_reminders)
