"""The holds and advance-copy forms. The rules (which dates, which process, what is required)
are the actions'; these only turn the page's boxes into their arguments."""

from typing import Any

from django import forms

from reviewdesk.accounts.models import User
from reviewdesk.holds.actions import DECIDED_BY_LENGTH
from reviewdesk.lib.dates import effective_date_field
from reviewdesk.parallel.models import ParallelProcess
from reviewdesk.reviews.forms import on_behalf_of_field
from reviewdesk.reviews.models import Review


class ProcessChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        state = "concluded" if not obj.is_open else "open"
        return f"{obj.kind_label}, opened {obj.opened_on:%-d %B %Y} ({state})"


class HoldForm(forms.Form):
    process = ProcessChoice(
        label="Which parallel process does publication wait for? (optional)",
        queryset=ParallelProcess.objects.none(), required=False,
        empty_label="None: the hold stands alone",
        help_text="An inquest, a charging decision or prosecution, a reporting restriction or "
                  "other court order, a police investigation or family proceedings from the "
                  "review's register of parallel processes.")
    reason = forms.CharField(
        label="Why is publication delayed?", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The National Panel and the Secretary of State are told this reason, with "
                  "every name replaced by its pseudonym.",
        error_messages={"required": "Say why publication is delayed: the National Panel and the "
                                    "Secretary of State are told the reason."})
    decided_by = forms.CharField(
        label="Who decided to delay publication?", max_length=DECIDED_BY_LENGTH,
        help_text="For example: the three safeguarding partners, or the chair of the CSPR "
                  "subgroup.",
        error_messages={"required": "Say who decided to delay publication, for example the "
                                    "three safeguarding partners.",
                        "max_length": f"Who decided must be {DECIDED_BY_LENGTH} characters or "
                                      "fewer: a name and role, or a group, is enough."})
    decided_on = effective_date_field("Date it was decided")

    def __init__(self, review: Review, by: User, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["process"]
        assert isinstance(field, ProcessChoice)
        field.queryset = review.parallel_processes.all()
        self.fields["on_behalf_of"] = on_behalf_of_field(by)


class ReleaseForm(forms.Form):
    released_on = effective_date_field("Date it was released")
    note = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: the inquest concluded on 3 May; the partners agreed publication "
                  "may go ahead.")

    def __init__(self, by: User, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"] = on_behalf_of_field(by)


class AdvanceCopyForm(forms.Form):
    sent_on = effective_date_field("Date it was sent")

    def __init__(self, by: User, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"] = on_behalf_of_field(by)
