from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "reviewdesk.decisions"
    label = "decisions"
    verbose_name = "The partners' decision"

    def ready(self) -> None:
        from reviewdesk.decisions import notices, views
        from reviewdesk.notices import reminders
        from reviewdesk.reviews import sections

        sections.register(views.review_section)
        notices.register_templates()
        reminders.register(notices.escalation_reminders)
