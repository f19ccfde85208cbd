from django.apps import AppConfig


class ChecklistConfig(AppConfig):
    name = "reviewdesk.checklist"
    label = "checklist"
    verbose_name = "What the report must contain"
