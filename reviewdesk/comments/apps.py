from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "reviewdesk.comments"
    label = "comments"
    verbose_name = "Comments on the report"
