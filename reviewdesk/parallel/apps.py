from django.apps import AppConfig


class ParallelConfig(AppConfig):
    name = "reviewdesk.parallel"
    label = "parallel"
    verbose_name = "Parallel processes and advice to staff"

    def ready(self) -> None:
        from reviewdesk.notices import guards
        from reviewdesk.parallel import notices, restrictions, views
        from reviewdesk.reviews import sections

        # Every stage: a police investigation or an inquest may run at any point of a review.
        sections.register(views.review_section)
        # The processes open now and the advice in force, at the top of every page of a review.
        sections.register_panel(views.review_panel)
        # The business manager's way to the advice, on the review's page.
        sections.register(views.advice_section)
        # No notice about a review goes to anyone the advice in force says not to contact.
        guards.register(restrictions.notice_refusal)
        notices.register_templates()
