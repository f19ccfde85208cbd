"""The final report as it will be published: a PDF made from the approved .docx with LibreOffice, or
the reviewer's own PDF checked against it, with hidden content stripped. The
models are in reviewdesk.reports.models.
"""
from django.apps import AppConfig

# Registered here (codes are never reused: audit/events.py).
EVENTS = {
    "final_report.produced": ("The final report was produced",
                              "produced the final report"),
    "final_report.downloaded": ("A file of the final report was downloaded",
                                "downloaded a file of the final report"),
}


class FinalReportConfig(AppConfig):
    name = "reviewdesk.final_report"
    label = "final_report"
    verbose_name = "The report as it will be published"

    def ready(self) -> None:
        from reviewdesk.audit import events
        from reviewdesk.final_report import sections
        from reviewdesk.reviews import sections as review_sections

        for code, (description, phrase) in EVENTS.items():
            events.register(code, description, phrase)
        review_sections.register(sections.final_report_section, stages=sections.STAGES)
