from django.apps import AppConfig


class FinalReportConfig(AppConfig):
    name = "reviewdesk.final_report"
    label = "final_report"
    verbose_name = "The report as it will be published"
