"""The statement's forms. The rules (what is required, the check, who has the report) are the
actions'; these only turn the page's boxes into their arguments."""

from typing import Any

from django import forms

from reviewdesk.accounts.models import User
from reviewdesk.action_plan.models import ActionsStatement
from reviewdesk.lib.dates import effective_date_field
from reviewdesk.publication.models import NationalBody
from reviewdesk.reviews.forms import on_behalf_of_field
from reviewdesk.reviews.names import Names
from reviewdesk.statement.actions import MAX_HEADING, MAX_TEXT
from reviewdesk.versioning import VersionedForm

PLAN, COPY = "plan", "copy"
PLAN_LABEL = ("The action plan as it stands now (every action's status, completion and impact "
              "evidence)")
TEXT_HELP = "Pseudonyms and role labels only: this is published. The publication check reads it."


def _text(label: str, required: str, *, rows: int = 4, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        error_messages={"required": required,
                        "max_length": f"Keep it to {MAX_TEXT:,} characters or fewer."})


class GenerateForm(forms.Form):
    source = forms.ChoiceField(
        label="What should the new version start from?", widget=forms.RadioSelect,
        choices=[(PLAN, PLAN_LABEL),
                 (COPY, "A copy of the newest version's words, to change them")],
        initial=PLAN,
        error_messages={"required": "Choose what the new version starts from."})

    def __init__(self, by: User, *args: Any, has_current: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_current:
            field = self.fields["source"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(PLAN, PLAN_LABEL)]
        self.fields["on_behalf_of"] = on_behalf_of_field(by)


class EditForm(VersionedForm, forms.Form):
    """The introduction, each action's entry (heading, what was done, impact, what more) and what
    more will be done, shown through the viewer's redactor."""

    def __init__(self, statement: ActionsStatement, names: Names, by: User, *args: Any,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names = names
        self.count = len(statement.body)
        redact = names.redact
        self.fields["introduction"] = _text(
            "Introduction", "Write the introduction: what the review was and what this document "
            "sets out.", rows=5, help_text=TEXT_HELP)
        self.initial["introduction"] = redact(statement.introduction)
        for i, entry in enumerate(statement.body):
            self.fields[f"heading_{i}"] = forms.CharField(
                label=f"Action {i + 1}: heading", max_length=MAX_HEADING,
                error_messages={"required": "Give the action a heading, such as 'Action 1: audit "
                                            "the bruising protocol'.",
                                "max_length": f"Keep the heading to {MAX_HEADING} characters or "
                                              "fewer."})
            self.fields[f"taken_{i}"] = _text(f"Action {i + 1}: what has been done",
                                              "Say what has been done for this action.")
            self.fields[f"impact_{i}"] = _text(f"Action {i + 1}: impact",
                                               "Say what its impact is, or when it is assessed.")
            self.fields[f"more_{i}"] = _text(f"Action {i + 1}: what more will be done",
                                             "Say what more will be done for this action.")
            for key in ("heading", "taken", "impact", "more"):
                self.initial[f"{key}_{i}"] = redact(entry.get(key, ""))
        self.fields["what_more"] = _text(
            "What more will be done", "Say what more will be done, or that nothing more is "
            "needed.", rows=6, help_text="A line starting with '- ' is a bullet point.")
        self.initial["what_more"] = redact(statement.what_more)
        self.fields["on_behalf_of"] = on_behalf_of_field(by)
        self.add_version(statement)

    def entries(self) -> list[dict[str, str]]:
        data = self.cleaned_data
        return [{key: data.get(f"{key}_{i}", "") for key in ("heading", "taken", "impact", "more")}
                for i in range(self.count)]

    def values_of(self, record: Any) -> dict[str, Any]:
        values = {"introduction": self.names.redact(record.introduction),
                  "what_more": self.names.redact(record.what_more)}
        for i, entry in enumerate(record.body):
            for key in ("heading", "taken", "impact", "more"):
                values[f"{key}_{i}"] = self.names.redact(entry.get(key, ""))
        return values


class ApproveForm(VersionedForm, forms.Form):
    approved_on = effective_date_field("Date it was approved")

    def __init__(self, statement: ActionsStatement, by: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"] = on_behalf_of_field(by)
        self.add_version(statement)

    def values_of(self, record: Any) -> dict[str, Any]:
        return {"approved_on": record.approved_on}


class PublishForm(forms.Form):
    public = forms.TypedChoiceField(
        label="Publish it beside the report on the public page?", widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        choices=[("yes", "Yes: anyone can download it beside the report"),
                 ("no", "No: keep it with the report for the copies to the national bodies "
                        "only")],
        error_messages={"required": "Choose whether the statement is published beside the "
                                    "report."})
    effective_on = effective_date_field("Date it was decided")

    def __init__(self, by: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"] = on_behalf_of_field(by)


class SendForm(forms.Form):
    bodies = forms.MultipleChoiceField(
        label="Send the statement to", widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose which national bodies to send the statement to."})
    sent_on = effective_date_field("Date it was sent")

    def __init__(self, offered: list[tuple[str, str]], by: User, *args: Any,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["bodies"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = offered or [(b.value, str(b.label)) for b in NationalBody]
        field.help_text = "Each gets an e-mail with the statement's PDF attached."
        self.fields["on_behalf_of"] = on_behalf_of_field(by)
