from django.apps import AppConfig


class FamilyConfig(AppConfig):
    name = "reviewdesk.family"
    label = "family"
    verbose_name = "Family involvement"
