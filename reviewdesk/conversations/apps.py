from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "reviewdesk.conversations"
    label = "conversations"
    verbose_name = "The reviewer and staff"
