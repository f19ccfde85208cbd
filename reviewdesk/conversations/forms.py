"""The forms of the reviewer's conversations with staff and the areas staff raise. The rules
(dates still to come, a reply with every mark, consent only once held) are the actions'; the
forms say what is missing or malformed."""

import re
from datetime import datetime, time
from typing import Any

from django import forms
from django.utils import timezone

from reviewdesk.conversations.actions import AREA_MARKS, MAX_OFFERS, MAX_TEXT
from reviewdesk.conversations.selectors import when
from reviewdesk.lib.dates import DateField, effective_date_field
from reviewdesk.staff.models import AreaRaised, Consent, Conversation
from reviewdesk.versioning import VersionedForm

TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")
ANOTHER = "another"


def _text(label: str, missing: str, *, rows: int = 5, required: bool = True,
          help_text: str = "", max_length: int = MAX_TEXT) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length,
                           help_text=help_text, widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": missing})


class OffersForm(forms.Form):
    """Up to three dates and times, and where the conversation will be."""

    place = forms.CharField(
        label="Where", max_length=300,
        help_text="A room and address, or a video link. The practitioner sees it with the dates.",
        error_messages={"required": "Say where the conversation will be: a room, an address or "
                                    "a video link."})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, MAX_OFFERS + 1):
            optional = "" if n == 1 else " (optional)"
            self.fields[f"date_{n}"] = DateField(
                label=f"Date {n}{optional}", required=n == 1,
                help_text="For example, 14 1 2027" if n == 1 else "",
                error_messages={"required": "Enter at least one date to offer."})
            self.fields[f"time_{n}"] = forms.CharField(
                label=f"Time {n}{optional}", required=False, max_length=5,
                help_text="Use the 24-hour clock, for example 09:30 or 14:00" if n == 1 else "")
        # Place after the dates.
        self.order_fields([*[f for n in range(1, MAX_OFFERS + 1)
                             for f in (f"date_{n}", f"time_{n}")], "place"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        offers: list[datetime] = []
        for n in range(1, MAX_OFFERS + 1):
            day, typed = data.get(f"date_{n}"), (data.get(f"time_{n}") or "").strip()
            if day is None and not typed:
                continue
            if day is None:
                if f"date_{n}" not in self.errors:
                    self.add_error(f"date_{n}", f"Enter the date for time {n}, or clear the time.")
                continue
            match = TIME.match(typed)
            if not typed:
                self.add_error(f"time_{n}", f"Enter the time for date {n}, for example 14:00.")
                continue
            if not match or int(match[1]) > 23 or int(match[2]) > 59:
                self.add_error(f"time_{n}", f"Time {n} must be a time on the 24-hour clock, for "
                                            f"example 09:30 or 14:00.")
                continue
            offers.append(timezone.make_aware(datetime.combine(
                day, time(int(match[1]), int(match[2])))))
        data["offers"] = offers
        return data


class AskForm(OffersForm):
    areas = _text("What you want to explore with them",
                  "Say what you want to explore with them.",
                  help_text="The practitioner reads this on their page. Keep to the areas, in "
                            "plain words: it is a conversation about learning, not an interview.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["areas", *[f for f in self.fields if f != "areas"]])


class ReplyForm(forms.Form):
    """The practitioner's answer: one of the dates offered, or another date."""

    choice = forms.ChoiceField(label="Which date can you make?", widget=forms.RadioSelect,
                               error_messages={"required": "Choose a date, or ask for another."})
    note = _text("If none of these, when could you speak with the reviewer?",
                 "Say when you could speak with the reviewer.", rows=3, required=False,
                 help_text="Only if you ask for another date: for example the days or times that "
                           "suit you.")

    def __init__(self, conversation: Conversation, offered: list[datetime], *args: Any,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offered = {at.isoformat(): at for at in offered}
        field = self.fields["choice"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(key, when(at)) for key, at in self.offered.items()] + [
            (ANOTHER, "None of these: ask for another date")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("choice") == ANOTHER and not (data.get("note") or "").strip():
            self.add_error("note", "Say when you could speak with the reviewer.")
        return data


class HeldForm(forms.Form):
    held_on = effective_date_field("The date it was held")
    note = _text("Your note of the conversation (optional)", "", rows=8, required=False,
                 max_length=MAX_TEXT * 4,
                 help_text="Only the review's lead reviewers read it, and the business manager "
                           "if you share it. It never appears in any export or search.")


class NoteForm(VersionedForm, forms.Form):
    note = _text("Your note of the conversation", "", rows=10, required=False,
                 max_length=MAX_TEXT * 4)
    shared = forms.BooleanField(
        label="Share this note with the business manager", required=False,
        help_text="Nobody else reads it: not the subgroup, the partners or the practitioner's "
                  "manager.")

    def __init__(self, conversation: Conversation, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"note": conversation.note,
                                      "shared": conversation.note_shared_with_business_manager})
        super().__init__(*args, **kwargs)
        self.add_version(conversation)

    def values_of(self, record: Any) -> dict[str, Any]:
        return {"note": record.note, "shared": record.note_shared_with_business_manager}


class ConsentForm(forms.Form):
    consent = forms.ChoiceField(
        label="How may what was said be used in the report?", choices=Consent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the contribution may be used."})
    given_on = effective_date_field("The date consent was given")


class AreaForm(forms.Form):
    text = _text("What do you want the reviewer to consider?",
                 "Write what you want the reviewer to consider.", rows=8,
                 help_text="Only the review's lead reviewer reads it. Your manager, the partners "
                           "and the subgroup do not.")


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label="What have you done with it?", widget=forms.RadioSelect,
        choices=[(s.value, s.label) for s in AreaRaised.Status if s in AREA_MARKS],
        error_messages={"required": "Choose considered, taken into the terms of reference, or "
                                    "answered."})
    reply = _text("Your reply", "Write a reply: the practitioner reads it on their page.",
                  help_text="The practitioner reads it on their page.")
    replied_on = effective_date_field("The date of the reply")
