"""The learning pages' forms. The rules (a name used once, nothing changed) are the actions'."""

from typing import Any

from django import forms

from reviewdesk.action_plan.models import Theme
from reviewdesk.learning.actions import NAME_MAX


class ThemeForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=NAME_MAX,
        help_text="As reviews and reports write it, for example 'Safe sleep' or 'Private "
                  "fostering'",
        error_messages={"required": "Enter the theme's name",
                        "max_length": f"The name must be {NAME_MAX} characters or fewer"})
    description = forms.CharField(
        label="Description (optional)", required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What it covers, so everyone tags the same things with it")


class ChangeThemeForm(ThemeForm):
    """Carries what the page showed, so a change saved in between is not overwritten."""

    was_name = forms.CharField(widget=forms.HiddenInput)
    was_description = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, theme: Theme, *args: Any, **kwargs: Any):
        kwargs.setdefault("initial", {"name": theme.name, "description": theme.description,
                                      "was_name": theme.name,
                                      "was_description": theme.description})
        super().__init__(*args, **kwargs)


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Find reviews like this", max_length=500,
        help_text="Describe the case or the learning, for example 'bruising in a non-mobile "
                  "baby, health visitor'",
        error_messages={"required": "Enter some words to search for, for example 'bruising in "
                                    "a non-mobile baby'"})

    def clean_q(self) -> str:
        from reviewdesk.learning.search import words

        value: str = self.cleaned_data["q"].strip()
        if not words(value):
            raise forms.ValidationError(
                "Enter words that say something about the case, not only common words like "
                "'the' or 'review'")
        return value


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label="Year", coerce=int, choices=())

    def __init__(self, years: list[int], *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(y, str(y)) for y in years]
