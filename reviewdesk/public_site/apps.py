"""The public part of the site: published reports, reports available on request and the request form,
with no sign-in. The models are in reviewdesk.publication.models.
"""
from django.apps import AppConfig

# Registered here (codes are never reused: audit/events.py).
EVENTS: dict[str, tuple[str, str]] = {
    "public_site.request_received": ("A member of the public asked for a report",
                                     "received a request for a report"),
}


class PublicSiteConfig(AppConfig):
    name = "reviewdesk.public_site"
    label = "public_site"
    verbose_name = "Public site"

    def ready(self) -> None:
        from reviewdesk.audit import events
        from reviewdesk.public_site import notices

        for code, (description, phrase) in EVENTS.items():
            events.register(code, description, phrase)
        notices.register_templates()
