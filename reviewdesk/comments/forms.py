"""The comment rounds' forms. The rules (latest version only, one round at a time, lateness,
answers) are the actions'; the forms say what is missing in GOV.UK words."""

from collections.abc import Callable
from typing import Any

from django import forms

from reviewdesk.accounts.models import User
from reviewdesk.comments import actions, selectors
from reviewdesk.lib.dates import effective_date_field
from reviewdesk.reports.models import Comment, CommentRound, ReportVersion
from reviewdesk.reviews.models import Review

GENERAL = "general"


def _date(label: str, required: str) -> forms.Field:
    field = effective_date_field(label)
    field.error_messages["required"] = required
    return field


def _person_choice(people: list[User], label: str, help_text: str, required: str,
                   describe: Callable[[User], str]) -> forms.ModelChoiceField[User]:
    field = forms.ModelChoiceField(
        queryset=User.objects.filter(pk__in=[p.pk for p in people]).order_by("full_name"),
        label=label, help_text=help_text, empty_label="Choose the person",
        error_messages={"required": required,
                        "invalid_choice": "Choose a person from the list."})
    field.label_from_instance = describe  # type: ignore[method-assign, assignment]
    return field


def _version(version: ReportVersion) -> str:
    return f"Version {version.number}"


def _dated_version(version: ReportVersion) -> str:
    return f"Version {version.number}, dated {version.written_on:%-d %B %Y}"


class OpenRoundForm(forms.Form):
    version = forms.ModelChoiceField(
        queryset=ReportVersion.objects.none(), label="Which version is the round on?",
        widget=forms.RadioSelect, empty_label=None,
        error_messages={"required": "Choose the version of the report to comment on.",
                        "invalid_choice": "Choose a version from the list."})
    working_days = forms.IntegerField(
        label="How many working days do commenters have?", min_value=1,
        max_value=actions.MAX_WORKING_DAYS,
        help_text="Counted from the day the round opens, without weekends and England's bank "
                  "holidays. Comments are taken until the end of the last day.",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter how many working days commenters have, for example 10.",
            "invalid": "Enter the number of working days as a whole number, for example 10.",
            "min_value": f"Enter a number of working days from 1 to {actions.MAX_WORKING_DAYS}.",
            "max_value": f"Enter a number of working days from 1 to {actions.MAX_WORKING_DAYS}."})

    def __init__(self, review: Review, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opened_on"] = _date("Date the round opens",
                                         "Enter the date the round opens.")
        versions = ReportVersion.objects.filter(review=review).defer("outline").order_by(
            "-number")
        field = self.fields["version"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = versions
        field.label_from_instance = _dated_version  # type: ignore[method-assign, assignment]
        latest = versions.first()
        if latest is not None:
            field.initial = latest.pk


class CommentForm(forms.Form):
    block = forms.ChoiceField(
        label="Which paragraph is the comment on?",
        help_text="Numbered as the version numbers its paragraphs. Choose 'General comment' for "
                  "a comment on the whole report.",
        error_messages={"required": "Choose a paragraph, or make it a general comment.",
                        "invalid_choice": "Choose a paragraph from the list, or make it a "
                                          "general comment."})
    text = forms.CharField(
        label="Your comment", widget=forms.Textarea(attrs={"rows": 6}),
        max_length=actions.MAX_COMMENT_CHARACTERS,
        error_messages={"required": "Enter the comment.",
                        "max_length": f"The comment must be "
                                      f"{actions.MAX_COMMENT_CHARACTERS:,} characters or fewer."})

    def __init__(self, round_: CommentRound, review: Review, *args: Any, manager: bool,
                 redact: Callable[[str], str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.manager = manager
        choices: list[tuple[str, str]] = [(GENERAL, "General comment")]
        choices += [(str(a.block), a.choice(redact)) for a in selectors.anchors(round_.version)]
        block = self.fields["block"]
        assert isinstance(block, forms.ChoiceField)
        block.choices = choices
        block.initial = GENERAL
        if manager:
            # The business manager types a comment sent by a commenter (an e-mail, a meeting).
            self.fields["author"] = _person_choice(
                selectors.commenters(review), "Whose comment is it?",
                "A subgroup member (speaking for their agency) or a safeguarding partner.",
                "Choose whose comment it is.", lambda u: u.display_name)
            self.fields["made_on"] = _date("Date the comment was made",
                                           "Enter the date the comment was made.")
            self.fields["late_reason"] = forms.CharField(
                label="If it is late: why is it accepted? (optional)", required=False,
                widget=forms.Textarea(attrs={"rows": 3}), max_length=1000,
                help_text=f"Only for a comment made after the round closed "
                          f"({round_.closes_on:%-d %B %Y}). It is marked late, with your name "
                          "and this reason.",
                error_messages={"max_length": "Keep the reason to 1,000 characters or fewer."})
            self.order_fields(["author", "block", "text", "made_on", "late_reason"])

    def block_index(self) -> int | None:
        value = self.cleaned_data["block"]
        return None if value == GENERAL else int(value)


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label="What happened to the report?", choices=Comment.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the report was changed, not changed, or the "
                                    "comment is for discussion."})
    changed_in = forms.ModelChoiceField(
        queryset=ReportVersion.objects.none(), required=False,
        label="If changed: in which version?", empty_label="Choose the version",
        help_text="A later version of the report. Upload it first if it is not listed.",
        error_messages={"invalid_choice": "Choose a version from the list."})
    answer_text = forms.CharField(
        label="Your reason or note", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        max_length=actions.MAX_COMMENT_CHARACTERS,
        help_text="Required if the report was not changed: say why.",
        error_messages={"max_length": f"Keep it to {actions.MAX_COMMENT_CHARACTERS:,} "
                                      "characters or fewer."})

    def __init__(self, comment: Comment, review: Review, *args: Any, on_behalf: bool,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        changed_in = self.fields["changed_in"]
        assert isinstance(changed_in, forms.ModelChoiceField)
        changed_in.queryset = ReportVersion.objects.filter(
            review=review, number__gt=comment.round.version.number).defer("outline").order_by(
            "number")
        changed_in.label_from_instance = _version  # type: ignore[method-assign, assignment]
        self.fields["answered_on"] = _date("Date of the answer", "Enter the date of the answer.")
        if on_behalf:
            # The business manager answers for the lead reviewer.
            self.fields["on_behalf_of"] = _person_choice(
                selectors.lead_reviewers(review), "Whose answer is it?",
                "The lead reviewer you are recording the answer for.",
                "Choose the lead reviewer whose answer it is.", lambda u: u.display_name)
            self.order_fields(["on_behalf_of", "answer", "changed_in", "answer_text",
                               "answered_on"])


class CloseRoundForm(forms.Form):
    def __init__(self, review: Review, *args: Any, on_behalf: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answered_on"] = _date("Date the round was closed as answered",
                                           "Enter the date the round was closed as answered.")
        if on_behalf:
            person = _person_choice(
                selectors.lead_reviewers(review), "For which lead reviewer? (optional)",
                "If you are closing it for the lead reviewer, choose them.",
                "Choose the lead reviewer.", lambda u: u.display_name)
            person.required = False
            person.empty_label = "Nobody: I am closing it myself"
            self.fields["on_behalf_of"] = person
