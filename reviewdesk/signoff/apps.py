from django.apps import AppConfig


class SignoffConfig(AppConfig):
    name = "reviewdesk.signoff"
    label = "signoff"
    verbose_name = "Signing off the report"
