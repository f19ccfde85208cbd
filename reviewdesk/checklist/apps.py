"""What the report must contain, version by version: required sections, plain English, open
identifying findings and recommendations, each with how it was judged, and the business manager's
reasons for accepting an item as it is. The models are in
reviewdesk.reports.models.
"""
from django.apps import AppConfig

# Codes are never reused (audit/events.py).
EVENTS = {
    "checklist.section_added": ("A required section of reports was added",
                                "added a required section of reports"),
    "checklist.section_changed": ("A required section of reports was changed",
                                  "changed a required section of reports"),
    "checklist.section_removed": ("A required section of reports was removed",
                                  "removed a required section of reports"),
    "checklist.jargon_set": ("The jargon list for reports was set", "set the jargon list"),
    "checklist.item_accepted": ("A checklist item was accepted as it is",
                                "accepted a checklist item as it is"),
    "checklist.acceptance_withdrawn": ("The acceptance of a checklist item was withdrawn",
                                       "withdrew the acceptance of a checklist item"),
    "checklist.viewed": ("A version's checklist was read", "read a version's checklist"),
}


class ChecklistConfig(AppConfig):
    name = "reviewdesk.checklist"
    label = "checklist"
    verbose_name = "What the report must contain"

    def ready(self) -> None:
        from reviewdesk.audit import events
        from reviewdesk.checklist import actions, views
        from reviewdesk.reports.actions import register_version_listener
        from reviewdesk.reports.sections import register_version_panel
        from reviewdesk.reviews import sections

        for code, (description, phrase) in EVENTS.items():
            events.register(code, description, phrase)
        register_version_listener(actions.on_version_uploaded)
        register_version_panel(views.version_panel)
        sections.register(views.review_section, stages=views.SECTION_STAGES)
        sections.register_settings_page(
            "checklist:lists", "What a report must contain",
            "The sections every report must have, and the jargon to avoid with plain "
            "alternatives: what each version of a report is checked against.")
