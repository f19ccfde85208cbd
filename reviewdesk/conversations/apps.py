"""The lead reviewer's conversations with practitioners, and the areas staff raise. Read by the
lead reviewer(s) only (access.py).
"""
from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "reviewdesk.conversations"
    label = "conversations"
    verbose_name = "The reviewer and staff"

    def ready(self) -> None:
        from reviewdesk.conversations import views
        from reviewdesk.reviews import sections

        sections.register(views.review_section)
        sections.register_for_practitioners(views.practitioner_section)
