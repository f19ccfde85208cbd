"""Copies of the final report (with the actions taken) to Ofsted, the DfE and the Panel, the deposit
in the national case review repository, and the subgroup's decisions for learning reviews. The
models are in reviewdesk.publication.models.
"""
from django.apps import AppConfig

# Registered here (codes are never reused: audit/events.py): (description, phrase).
EVENTS: dict[str, tuple[str, str]] = {
    "copies.sent": ("The final report was sent to national bodies",
                    "sent the final report to national bodies"),
    "copies.copy_resent": ("A copy of the final report whose e-mail failed was sent again",
                           "sent again a copy of the final report to a national body"),
    "copies.decided": ("The CSPR subgroup decided which national bodies get a copy of a "
                       "learning review's report",
                       "recorded the subgroup's decision on copies to national bodies"),
    "copies.deposited": ("The report was deposited in the national case review repository",
                         "recorded the deposit in the national case review repository"),
}


class CopiesConfig(AppConfig):
    name = "reviewdesk.copies"
    label = "copies"
    verbose_name = "Copies to national bodies"

    def ready(self) -> None:
        from reviewdesk.audit import events
        from reviewdesk.copies import notices, sections
        from reviewdesk.reviews import sections as review_sections

        for code, (description, phrase) in EVENTS.items():
            events.register(code, description, phrase)
        notices.register_templates()
        review_sections.register(sections.copies_section, stages=sections.STAGES)
