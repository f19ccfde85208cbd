from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "reviewdesk.meetings"
    label = "meetings"
    verbose_name = "Meetings with staff"

    def ready(self) -> None:
        from reviewdesk.meetings import notices, views
        from reviewdesk.reviews import sections

        # Learning events and briefings may be diarised at any stage (briefings come later).
        sections.register(views.review_section)
        # A practitioner's own invitations, on their page.
        sections.register_for_practitioners(views.practitioner_section)
        notices.register_templates()
