"""Learning across reviews: the themes list, the learning dashboard, similar reviews and the
partnership's yearly report figures."""
from django.apps import AppConfig

# Registered here (codes are never reused: audit/events.py): (description, phrase).
EVENTS: dict[str, tuple[str, str]] = {
    "learning.theme_added": ("A theme was added to the partnership's list",
                             "added a theme to the partnership's list"),
    "learning.theme_changed": ("A theme was renamed or described", "renamed or described a theme"),
    "learning.theme_retired": ("A theme was retired", "retired a theme"),
    "learning.theme_restored": ("A retired theme was restored", "restored a retired theme"),
    "learning.figures_downloaded": ("The partnership's yearly review figures were downloaded",
                                    "downloaded the yearly review figures"),
}


class LearningConfig(AppConfig):
    name = "reviewdesk.learning"
    label = "learning"
    verbose_name = "Learning across reviews"

    def ready(self) -> None:
        from reviewdesk.audit import events
        from reviewdesk.learning import index_signals, sections
        from reviewdesk.notices import reminders
        from reviewdesk.reviews import sections as review_sections

        for code, (description, phrase) in EVENTS.items():
            events.register(code, description, phrase)
        review_sections.register(sections.similar_section)
        review_sections.register_settings_page(
            "learning:themes", "Themes",
            "The partnership's list of themes tagged on reviews, findings and recommendations: "
            "add, rename, describe, retire and restore.")
        index_signals.connect()
        # The daily run rebuilds the index (a pseudonym or a summary changed since).
        reminders.register(index_signals.daily_reindex)
