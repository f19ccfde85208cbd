import sys
import threading

from django.apps import AppConfig

# The report stage's events, registered here (codes are never reused: audit/events.py).
EVENTS = {
    "reports.version_uploaded": ("A version of the report was uploaded",
                                 "uploaded a version of the report"),
    # Compare two versions.
    "reports.comparison_viewed": ("Two versions of the report were compared",
                                  "compared two versions of the report"),
    "reports.version_read": ("A version of the report was read", "read a version of the report"),
    "reports.version_downloaded": ("A version of the report was downloaded",
                                   "downloaded a version of the report"),
    "reports.family_copy_downloaded": ("A copy of a version was made for a family member",
                                       "made a copy of the draft report for a family member"),
    "reports.information_request_logged": ("A partner's regulation 14 request was logged",
                                           "logged a partner's regulation 14 request"),
    "reports.information_request_answered": ("A partner's regulation 14 request was answered",
                                             "recorded the answer to a regulation 14 request"),
}


class ReportsConfig(AppConfig):
    """The review's report: draft uploads checked for identifying details before publication."""

    name = "reviewdesk.reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from reviewdesk.audit import events
        from reviewdesk.reports import sections
        from reviewdesk.reviews import sections as review_sections

        for code, (description, phrase) in EVENTS.items():
            events.register(code, description, phrase)

        review_sections.register(sections.publication_check_section, stages=sections.STAGES)
        review_sections.register(sections.report_section, stages=sections.STAGES)
        if "db_worker" in sys.argv and scans_drafts(sys.argv):
            # The heavy queue's worker scans drafts: load the language model (a second or two)
            # while it starts, so the first upload is not kept waiting for it.
            from reviewdesk.lib.scanner.engine import warm_up

            threading.Thread(target=warm_up, name="scanner-warm-up", daemon=True).start()


def scans_drafts(argv: list[str]) -> bool:
    """Whether a db_worker started with these arguments takes the heavy queue (draft scans)."""
    queues = "default"
    for i, arg in enumerate(argv):
        if arg == "--queue-name" and i + 1 < len(argv):
            queues = argv[i + 1]
        elif arg.startswith("--queue-name="):
            queues = arg.split("=", 1)[1]
    return bool({"heavy", "*"} & set(queues.split(",")))
