from django.apps import AppConfig


class ParallelConfig(AppConfig):
    name = "reviewdesk.parallel"
    label = "parallel"
    verbose_name = "Parallel processes and advice to staff"
