"""A report's time on the website, then available on request; early withdrawal; the request log and
responses. The models are in reviewdesk.publication.models.
"""
from django.apps import AppConfig

# Registered here (codes are never reused: audit/events.py): (description, phrase).
EVENTS: dict[str, tuple[str, str]] = {
    "on_request.settings_changed": (
        "The partnership's website period or time to answer a request was changed",
        "changed how long reports stay on the website and the time to answer a request"),
    "on_request.moved_to_on_request": (
        "A report's time on the website ended: it is available on request",
        "moved a report to available on request at the end of its time on the website"),
    "on_request.withdrawal_started": ("An early withdrawal of a published report was proposed",
                                      "proposed withdrawing a published report early"),
    "on_request.withdrawal_agreed": (
        "A safeguarding partner agreed to withdraw a published report early",
        "recorded a safeguarding partner's agreement to withdraw a report early"),
    "on_request.withdrawn": ("A published report was withdrawn early",
                             "withdrew a published report early"),
    "on_request.request_sent": ("A report was sent to a member of the public who asked for it",
                                "sent a report to a member of the public who asked for it"),
    "on_request.request_declined": ("A request for a report was declined, with reasons",
                                    "declined a request for a report"),
    "on_request.request_viewed": ("A request for a report was read",
                                  "read a request for a report"),
}


class OnRequestConfig(AppConfig):
    name = "reviewdesk.on_request"
    label = "on_request"
    verbose_name = "Time on the website and requests"

    def ready(self) -> None:
        from reviewdesk.audit import events
        from reviewdesk.on_request import notices, sections
        from reviewdesk.reviews import sections as review_sections

        for code, (description, phrase) in EVENTS.items():
            events.register(code, description, phrase)
        review_sections.register(sections.website_section, stages=sections.STAGES)
        review_sections.register_settings_page(
            "on_request:settings", "Publication: time on the website and requests",
            "How long a published report stays on the website before it is available on "
            "request, and how many working days the partnership takes to answer a request.")
        # The templates, the end of each report's period and the requests' reminders
        # (send_reminders).
        notices.register()
