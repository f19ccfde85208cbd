from django.apps import AppConfig


class RapidReviewConfig(AppConfig):
    name = "reviewdesk.rapid_review"
    label = "rapid_review"
    verbose_name = "Rapid review"

    def ready(self) -> None:
        from reviewdesk.notices import reminders
        from reviewdesk.rapid_review import chasers, section, services
        from reviewdesk.reviews import sections, transitions

        # This app's page starts the rapid review, so its plan is made in the same transaction.
        transitions.hand_over("start_rapid_review", "rapid_review:start")
        transitions.add_requirement("complete_rapid_review", services.record_requirement)
        chasers.register_templates()
        reminders.register(chasers.summary_reminders)
        sections.register(section.rapid_review_section)
        # The partners' sign-off is done when all three have signed off, not by 'Mark done'.
        sections.register_task_page(services.SIGN_OFF, "rapid_review:sign_off",
                                    "Record sign-offs")
