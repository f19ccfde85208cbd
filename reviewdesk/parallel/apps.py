from django.apps import AppConfig


class ParallelConfig(AppConfig):
    name = "reviewdesk.parallel"
    label = "parallel"
    verbose_name = "Parallel processes and advice to staff"

    def ready(self) -> None:
        from reviewdesk.parallel import views
        from reviewdesk.reviews import sections

        # Every stage: a police investigation or an inquest may run at any point of a review.
        sections.register(views.review_section)
        sections.register_panel(views.review_panel)
