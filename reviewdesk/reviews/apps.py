from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviewdesk.reviews"
    label = "reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        from reviewdesk.reviews.sections import register_settings_page

        register_settings_page("reviews:clock_rules", "Statutory clocks",
                               "How each deadline is worked out, and where the rule comes from.")
        register_settings_page("accounts:agencies", "Agencies",
                               "The partner agencies, schools and organisations your partnership "
                               "works with: add, change, merge or deactivate them.")
