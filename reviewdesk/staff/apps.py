from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "reviewdesk.staff"
    label = "staff"
    verbose_name = "Practitioners on a review"
