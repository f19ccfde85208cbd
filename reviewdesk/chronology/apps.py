from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    """Each agency's chronology for a review: templates, submissions, checks (and, later, the merge)."""

    name = "reviewdesk.chronology"
    verbose_name = "Chronology"
