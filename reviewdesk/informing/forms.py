"""The staff-informing forms. The rules (dates in order, a question not empty) are the actions';
the forms say what is missing or malformed."""

from typing import Any

from django import forms

from reviewdesk.accounts.models import User
from reviewdesk.informing.actions import QUESTION_MAX_LENGTH
from reviewdesk.lib.dates import DateField, effective_date_field
from reviewdesk.reviews.forms import on_behalf_of_field
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.staff.models import ExpectedStageDate


class TellForm(forms.Form):
    told_on = effective_date_field("Date staff are told")

    def __init__(self, by: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"] = on_behalf_of_field(by)


class ExpectedDatesForm(forms.Form):
    """One optional date for each stage still to come."""

    def __init__(self, review: Review, stages: list[Stage], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        now = {e.stage: e.expected_on for e in ExpectedStageDate.objects.filter(review=review)}
        for stage in stages:
            self.fields[stage.value] = DateField(
                label=f"{stage.label} (optional)", required=False, initial=now.get(stage.value),
                help_text="When you expect it to start. Leave it empty if you cannot say yet.")

    def dates(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class DigestForm(forms.Form):
    email_digest = forms.TypedChoiceField(
        label="E-mail staff a digest each time the review reaches a new stage?",
        choices=[("yes", "Yes: e-mail each practitioner told, and their manager"),
                 ("no", "No: they see the progress on their page")],
        widget=forms.RadioSelect, coerce=lambda v: v == "yes", empty_value=None,
        error_messages={"required": "Say whether staff get an e-mail digest."},
        help_text="Their page shows the progress either way.")


class AskForm(forms.Form):
    text = forms.CharField(
        label="Your question", max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="About the review, or the advice about what may be discussed. It goes to your "
                  "agency's representative on the review (or the business manager), not to "
                  "anyone else.",
        error_messages={"required": "Enter your question.",
                        "max_length": f"Your question must be {QUESTION_MAX_LENGTH} characters "
                                      "or fewer: shorten it, or ask it in two parts."})


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="Your answer", widget=forms.Textarea(attrs={"rows": 8}),
        help_text="The practitioner reads it on their page for the review; the e-mail they are "
                  "sent says only that an answer is waiting.",
        error_messages={"required": "Enter your answer."})
