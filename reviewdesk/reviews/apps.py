from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviewdesk.reviews"
    label = "reviews"
    verbose_name = "Reviews"
