"""The public document on the actions taken, their impact and what more will be done:
generated from the plan, edited, checked, approved and published beside the report. The
models are in reviewdesk.action_plan."""
from django.apps import AppConfig

# Registered here (codes are never reused: audit/events.py): (description, phrase).
EVENTS: dict[str, tuple[str, str]] = {
    "statement.generated": ("A new version of the actions statement was made",
                            "made a new version of the actions statement"),
    "statement.edited": ("The actions statement's words were changed",
                         "changed the actions statement"),
    "statement.checked": ("The publication check was run on the actions statement",
                          "ran the publication check on the actions statement"),
    "statement.approved": ("The actions statement was approved", "approved the actions statement"),
    "statement.approval_refused": ("Approving the actions statement was refused: the publication "
                                   "check found something",
                                   "was refused approval of the actions statement"),
    "statement.downloaded": ("A file of the actions statement was downloaded",
                             "downloaded a file of the actions statement"),
    "statement.put_beside_report": ("The actions statement was put with the published report",
                                    "put the actions statement with the report"),
    "statement.sent": ("The actions statement was sent to national bodies",
                       "sent the actions statement to national bodies"),
}


class StatementConfig(AppConfig):
    name = "reviewdesk.statement"
    label = "statement"
    verbose_name = "Actions statement"

    def ready(self) -> None:
        from reviewdesk.audit import events
        from reviewdesk.reviews import sections as review_sections
        from reviewdesk.statement import notices, sections

        for code, (description, phrase) in EVENTS.items():
            events.register(code, description, phrase)
        notices.register_templates()
        review_sections.register(sections.statement_section, stages=sections.STAGES)
