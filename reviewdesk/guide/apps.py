from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "reviewdesk.guide"
    label = "guide"
    verbose_name = "Help"
