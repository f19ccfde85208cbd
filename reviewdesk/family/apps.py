from django.apps import AppConfig


class FamilyConfig(AppConfig):
    name = "reviewdesk.family"
    label = "family"
    verbose_name = "Family involvement"

    def ready(self) -> None:
        from reviewdesk.family import views
        from reviewdesk.reviews import sections
        from reviewdesk.reviews.models import Stage

        sections.register(views.review_section, stages=(Stage.FAMILY,))
