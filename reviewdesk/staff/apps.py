"""The practitioners on a review and their managers: the list, adding them one at a time or from a
pasted list or CSV, their sign-ins. Every staff-side record's model lives here
(models.py); the apps above use them: informing, meetings, conversations, support.
"""
from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "reviewdesk.staff"
    label = "staff"
    verbose_name = "Practitioners on a review"

    def ready(self) -> None:
        from reviewdesk.reviews import sections
        from reviewdesk.staff import views

        sections.register(views.review_section, stages=views.SECTION_STAGES)
