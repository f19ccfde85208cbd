"""Findings and recommendations: entered, or taken from the final report's numbered
recommendations, each tagged with themes. The models are in reviewdesk.action_plan."""
from django.apps import AppConfig

# Registered here (codes are never reused: audit/events.py): (description, phrase).
EVENTS: dict[str, tuple[str, str]] = {
    "findings.finding_added": ("A finding of the review was added", "added a finding"),
    "findings.finding_changed": ("A finding of the review was changed", "changed a finding"),
    "findings.finding_removed": ("A finding of the review was removed, with a reason",
                                 "removed a finding"),
    "findings.recommendation_added": ("A recommendation of the review was added",
                                      "added a recommendation"),
    "findings.recommendation_changed": ("A recommendation of the review was changed",
                                        "changed a recommendation"),
    "findings.recommendation_removed": ("A recommendation of the review was removed, with a "
                                        "reason", "removed a recommendation"),
    "findings.review_themes_set": ("The themes tagged on the review were set",
                                   "set the review's themes"),
    "findings.taken_from_report": ("Findings and recommendations were taken from the final "
                                   "report", "took findings and recommendations from the final "
                                             "report"),
}


class FindingsConfig(AppConfig):
    name = "reviewdesk.findings"
    label = "findings"
    verbose_name = "Findings"

    def ready(self) -> None:
        from reviewdesk.audit import events
        from reviewdesk.findings import sections
        from reviewdesk.reviews import sections as review_sections

        for code, (description, phrase) in EVENTS.items():
            events.register(code, description, phrase)
        review_sections.register(sections.findings_section, stages=sections.STAGES)
