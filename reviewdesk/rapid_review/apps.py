from django.apps import AppConfig


class RapidReviewConfig(AppConfig):
    name = "reviewdesk.rapid_review"
    label = "rapid_review"
    verbose_name = "Rapid review"

    def ready(self) -> None:
        from reviewdesk.notices import reminders
        from reviewdesk.rapid_review import chasers, selectors
        from reviewdesk.rapid_review.sections import STAGES, rapid_review_section
        from reviewdesk.reviews import sections

        chasers.register_templates()
        reminders.register(chasers.summary_reminders)
        sections.register(rapid_review_section, stages=STAGES)
        # The partners' sign-off is done when all three have signed off, not by 'Mark done'.
        sections.register_task_page(selectors.SIGN_OFF, "rapid_review:sign_off",
                                    "Record sign-offs")
