from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "reviewdesk.meetings"
    label = "meetings"
    verbose_name = "Meetings with staff"
