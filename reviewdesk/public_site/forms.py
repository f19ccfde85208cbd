from typing import Any

from django import forms

from reviewdesk.publication.models import Publication

# The honeypot's name: a box people never see (hidden from screen readers too) and automated
# senders fill in. Filled in, the request is thanked for and dropped.
HONEYPOT = "website"


class RequestForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=200,
                           error_messages={"required": "Enter your name."})
    email = forms.EmailField(
        label="Your e-mail address", max_length=254,
        help_text="We will send the report, or our answer, to this address.",
        error_messages={"required": "Enter your e-mail address.",
                        "invalid": "Enter an e-mail address in the right format, like "
                                   "name@example.com."})
    report = forms.ChoiceField(label="Which report", error_messages={
        "required": "Choose the report you are asking for.",
        "invalid_choice": "Choose one of the reports in the list."})
    reason = forms.CharField(label="Why you are asking (optional)", required=False,
                             max_length=2000, widget=forms.Textarea,
                             help_text="You do not have to say why.")
    website = forms.CharField(required=False, label="Leave this empty")

    def __init__(self, reports: list[Publication], *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.reports = {p.slug: p for p in reports}
        choice = self.fields["report"]
        assert isinstance(choice, forms.ChoiceField)
        choice.choices = [
            (p.slug, f"{p.title} ({p.review.partnership.name})") for p in reports]

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())

    def chosen(self) -> Publication:
        return self.reports[self.cleaned_data["report"]]
