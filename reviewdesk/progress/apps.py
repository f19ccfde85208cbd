"""Owners' progress updates with evidence, completion and impact, reminders and the
subgroup's escalation, and the subgroup's monitoring view. The models are in
reviewdesk.action_plan."""
from django.apps import AppConfig

# Registered here (codes are never reused: audit/events.py): (description, phrase).
EVENTS: dict[str, tuple[str, str]] = {
    "progress.update_posted": ("A progress update was posted on an action",
                               "posted a progress update on an action"),
    "progress.completed": ("An action was marked completed, with its evidence",
                           "marked an action completed"),
    "progress.impact_evidence_added": ("Impact evidence was added to an action",
                                       "added impact evidence to an action"),
    "progress.impact_accepted": ("The subgroup accepted an action's impact at a monitoring "
                                 "meeting", "recorded the subgroup's acceptance of an action's "
                                            "impact"),
    "progress.monitoring_meeting_recorded": ("A monitoring meeting of the CSPR subgroup was "
                                             "recorded", "recorded a monitoring meeting"),
    "progress.evidence_downloaded": ("An action's evidence file was downloaded",
                                     "downloaded an action's evidence"),
    "progress.monitoring_exported": ("The monitoring view of actions was downloaded",
                                     "downloaded the monitoring view of actions"),
    "progress.reminded_before": ("An action's owner was reminded it is due soon",
                                 "reminded an action's owner it is due soon"),
    "progress.reminded_on_day": ("An action's owner was reminded on its due date",
                                 "reminded an action's owner on its due date"),
    "progress.escalated": ("The CSPR subgroup was told an action is overdue",
                           "told the CSPR subgroup an action is overdue"),
}


class ProgressConfig(AppConfig):
    name = "reviewdesk.progress"
    label = "progress"
    verbose_name = "Progress on actions"

    def ready(self) -> None:
        from reviewdesk.audit import events
        from reviewdesk.notices import reminders as notice_reminders
        from reviewdesk.progress import notices, reminders

        for code, (description, phrase) in EVENTS.items():
            events.register(code, description, phrase)
        notices.register_templates()
        notice_reminders.register(reminders.action_reminders)
