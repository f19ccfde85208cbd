from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The review's report: draft uploads checked for identifying details before publication."""

    name = "reviewdesk.reports"
    verbose_name = "Reports"
