"""Rounds of comments on a version of the report: opened for a number of working days, comments
anchored to the document's own paragraph numbers, late comments, the lead reviewer's answers and
the comment log. The models are in reviewdesk.reports.models.
"""
from django.apps import AppConfig

# Registered here (codes are never reused: audit/events.py).
EVENTS = {
    "comments.round_opened": ("A round of comments on the report was opened",
                              "opened a round of comments on the report"),
    "comments.comment_made": ("A comment on the report was recorded",
                              "recorded a comment on the report"),
    "comments.comment_answered": ("A comment on the report was answered",
                                  "answered a comment on the report"),
    "comments.round_answered": ("A round of comments was closed as answered",
                                "closed a round of comments as answered"),
    "comments.round_viewed": ("A round of comments on the report was read",
                              "read a round of comments on the report"),
    "comments.log_downloaded": ("A comment log was downloaded", "downloaded a comment log"),
}


class CommentsConfig(AppConfig):
    name = "reviewdesk.comments"
    label = "comments"
    verbose_name = "Comments on the report"

    def ready(self) -> None:
        from reviewdesk.audit import events
        from reviewdesk.comments import notices, sections, selectors
        from reviewdesk.reports import sections as report_sections
        from reviewdesk.reviews import sections as review_sections

        for code, (description, phrase) in EVENTS.items():
            events.register(code, description, phrase)
        review_sections.register(sections.review_section, stages=selectors.STAGES)
        report_sections.register_version_panel(sections.version_panel)
        notices.register()
