from django.apps import AppConfig


class InformingConfig(AppConfig):
    name = "reviewdesk.informing"
    label = "informing"
    verbose_name = "Keeping staff informed"
