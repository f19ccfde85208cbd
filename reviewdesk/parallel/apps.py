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
        sections.register_panel(views.review_panel)
        # The advice in force, on the review's page for everyone and on a practitioner's own.
        sections.register(views.advice_section)
        sections.register_for_practitioners(views.advice_section)
        # No notice about a review goes to anyone the advice in force says not to contact.
        guards.register(restrictions.notice_refusal)
        notices.register_templates()
