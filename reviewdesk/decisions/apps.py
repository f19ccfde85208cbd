from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "reviewdesk.decisions"
    label = "decisions"
    verbose_name = "The partners' decision"

    def ready(self) -> None:
        from reviewdesk.decisions import notices, views
        from reviewdesk.reviews import sections, transitions

        # The review page's two generic decision buttons lead here: the partners' decisions
        # (or the scrutineer's) take these steps, never a single click.
        transitions.hand_over("initiate_review", "decisions:decision")
        transitions.hand_over("decide_no_review", "decisions:decision")
        sections.register(views.review_section)
        notices.register_templates()
