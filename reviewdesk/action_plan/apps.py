"""The action plan: findings, recommendations, agreed actions and their progress, briefings and
themes. Every model of the last stage is in models.py, for the apps above it (decision 0061)."""
from django.apps import AppConfig
from django.db.models.signals import post_save

# Registered here (codes are never reused: audit/events.py): (description, phrase).
EVENTS: dict[str, tuple[str, str]] = {
    "action_plan.meeting_recorded": ("The CSPR subgroup's extraordinary meeting on the action "
                                     "plan was recorded",
                                     "recorded the subgroup's meeting on the action plan"),
    "action_plan.action_agreed": ("An action of the action plan was agreed",
                                  "recorded an agreed action"),
    "action_plan.action_changed": ("An action of the action plan was changed",
                                   "changed an action"),
    "action_plan.due_date_revised": ("An action's due date was revised, with the reason",
                                     "revised an action's due date"),
    "action_plan.action_closed": ("An action was closed with reasons",
                                  "closed an action with reasons"),
}


class ActionPlanConfig(AppConfig):
    name = "reviewdesk.action_plan"
    label = "action_plan"
    verbose_name = "Action plan"

    def ready(self) -> None:
        from reviewdesk.accounts.models import Partnership
        from reviewdesk.action_plan import sections, themes
        from reviewdesk.audit import events
        from reviewdesk.reviews import sections as review_sections

        for code, (description, phrase) in EVENTS.items():
            events.register(code, description, phrase)
        post_save.connect(themes.on_partnership_saved, sender=Partnership,
                          dispatch_uid="action_plan.national_themes")
        review_sections.register(sections.action_plan_section, stages=sections.STAGES)
