from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "reviewdesk.decisions"
    label = "decisions"
    verbose_name = "The partners' decision"

    def ready(self) -> None:
        from reviewdesk.decisions import notices, views
        from reviewdesk.notices import reminders
        from reviewdesk.reviews import sections
        from reviewdesk.reviews.models import Stage

        sections.register(views.review_section, stages=(Stage.DECISION,))
        notices.register_templates()
        reminders.register(notices.escalation_reminders)
