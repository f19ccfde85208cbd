from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "reviewdesk.commissioning"
    label = "commissioning"
    verbose_name = "Commissioning and set-up"

    def ready(self) -> None:
        from reviewdesk.commissioning import notices, reminders, sections
        from reviewdesk.notices import reminders as notice_reminders
        from reviewdesk.reviews import sections as review_sections

        notices.register_templates()
        notice_reminders.register(reminders.case_file_reminders)
        notice_reminders.register(reminders.chronology_author_reminders)
        review_sections.register(sections.commissioning_section, stages=sections.STAGES)
        review_sections.register_for_practitioners(sections.practitioner_section)
        review_sections.register_settings_page(
            "commissioning:partnership_settings", "Where notices are sent",
            "The National Panel's, Ofsted's and the DfE's addresses, and each agency's "
            "safeguarding inbox.")
        review_sections.register_settings_page(
            "commissioning:reviewers", "Independent reviewers",
            "The register of lead reviewers the partnership can appoint.")
