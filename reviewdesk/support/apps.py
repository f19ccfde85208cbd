from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "reviewdesk.support"
    label = "support"
    verbose_name = "Support for staff"
