"""Signing off the report in the guide's order: the subgroup, the Executive Group (and its decision on
publication), the three safeguarding partners, all on one version; the review's six-month clock;
whether a learning review's report will be published. The models are in
reviewdesk.reports.models.
"""
from django.apps import AppConfig

# Registered here (codes are never reused: audit/events.py): (description, phrase).
EVENTS = {
    "signoff.subgroup_signed_off": ("The CSPR subgroup signed off a version of the report",
                                    "recorded the subgroup's sign-off of the report"),
    "signoff.member_signed_off": ("A subgroup member signed off a version of the report",
                                  "signed off the report as a subgroup member"),
    "signoff.executive_signed_off": ("The Executive Group signed off a version of the report",
                                     "recorded the Executive Group's sign-off of the report"),
    "signoff.publication_decided": ("The Executive Group decided on publishing the report",
                                    "recorded the Executive Group's decision on publication"),
    "signoff.partner_approved": ("A safeguarding partner approved a version of the report",
                                 "recorded a safeguarding partner's approval of the report"),
    "signoff.approvals_withdrawn": ("A new version of the report withdrew earlier approvals",
                                    "withdrew approvals of an earlier version of the report"),
    "signoff.intent_recorded": ("Whether a learning review's report will be published was "
                                "recorded", "recorded whether the report will be published"),
    "signoff.completion_withdrawn": ("The review was no longer complete: its approvals were "
                                     "withdrawn", "un-met the review's completion"),
}


class SignoffConfig(AppConfig):
    name = "reviewdesk.signoff"
    label = "signoff"
    verbose_name = "Signing off the report"

    def ready(self) -> None:
        from reviewdesk.audit import events
        from reviewdesk.reports.actions import register_version_listener
        from reviewdesk.reviews import sections as review_sections
        from reviewdesk.signoff import actions, sections

        for code, (description, phrase) in EVENTS.items():
            events.register(code, description, phrase)
        # A new version withdraws the approvals of earlier ones, in the upload's transaction.
        register_version_listener(actions.withdraw_earlier_approvals)
        review_sections.register(sections.signoff_section, stages=sections.STAGES)
