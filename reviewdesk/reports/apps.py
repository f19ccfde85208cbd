import sys
import threading

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The review's report: draft uploads checked for identifying details before publication."""

    name = "reviewdesk.reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from reviewdesk.reports import sections
        from reviewdesk.reviews import sections as review_sections

        review_sections.register(sections.publication_check_section)
        if "db_worker" in sys.argv:
            # The worker scans drafts: load the language model (a second or two) while it starts,
            # so the first upload is not kept waiting for it.
            from reviewdesk.scanner.engine import warm_up

            threading.Thread(target=warm_up, name="scanner-warm-up", daemon=True).start()
