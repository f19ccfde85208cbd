"""The meetings pages' forms. The rules (a start in the future, an end after the start,
attendance not before the day) are the actions'; the forms say what is missing or malformed."""

import re
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.utils import timezone

from reviewdesk.lib.dates import DateField, effective_date_field
from reviewdesk.lib.model_choices import ModelMultipleChoiceField
from reviewdesk.meetings.selectors import PAGE_KINDS
from reviewdesk.staff.models import Invitation, Meeting, Practitioner
from reviewdesk.versioning import VersionedForm

_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


class TimeField(forms.CharField):
    """A time of day typed as 24-hour hours and minutes (GOV.UK: a text input with a hint)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 5)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean(self, value: Any) -> time | None:
        text = super().clean(value)
        if not text:
            return None
        match = _TIME.match(text)
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise forms.ValidationError(f"{self.label} must be a time on the 24-hour clock, "
                                        f"for example 09:30 or 14:00.")
        return time(int(match[1]), int(match[2]))

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, time):
            return f"{value:%H:%M}"
        return value


def _at(day: date, moment: time) -> datetime:
    """A UK wall-clock time on a day, as an aware datetime (the settings' zone, Europe/London)."""
    return timezone.make_aware(datetime.combine(day, moment))


class MeetingForm(VersionedForm, forms.Form):
    """A learning event or briefing: what, when, where, the agenda."""

    title = forms.CharField(
        label="Title", max_length=200,
        help_text="Invitees see it in their calendar. Use role labels, not names.",
        error_messages={"required": "Enter a title, for example Practitioner learning event."})
    meeting_date = DateField(label="Date", help_text="For example, 14 1 2027.",
                    error_messages={"required": "Enter the date of the meeting."})
    start = TimeField(label="Start time", help_text="On the 24-hour clock, for example 09:30",
                      error_messages={"required": "Enter the start time, for example 09:30."})
    end = TimeField(label="End time", help_text="For example 12:30",
                    error_messages={"required": "Enter the end time, for example 12:30."})
    place = forms.CharField(
        label="Place", max_length=300, help_text="A room, an address or a video link",
        error_messages={"required": "Enter where it is: a room, an address or a video link."})
    agenda = forms.CharField(
        label="Agenda (optional)", required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What will be covered. Use role labels (Health Visitor 1), not names: the "
                  "calendar invitation shows it to each invitee.")

    def __init__(self, *args: Any, meeting: Meeting | None = None, **kwargs: Any) -> None:
        if meeting is not None and "initial" not in kwargs:
            start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
            kwargs["initial"] = {"title": meeting.title, "meeting_date": start.date(),
                                 "start": start.time(), "end": end.time(),
                                 "place": meeting.place, "agenda": meeting.agenda}
        super().__init__(*args, **kwargs)
        if meeting is not None:
            self.add_version(meeting)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("meeting_date") and data.get("start") and data.get("end"):
            data["starts_at"] = _at(data["meeting_date"], data["start"])
            data["ends_at"] = _at(data["meeting_date"], data["end"])
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end", "The end time must be after the start time.")
        return data


class NewMeetingForm(MeetingForm):
    kind = forms.ChoiceField(
        label="What kind of meeting", widget=forms.RadioSelect,
        choices=[(k.value, k.label) for k in PAGE_KINDS],
        error_messages={"required": "Choose a learning event or a briefing."})
    invitees = ModelMultipleChoiceField(
        label="Invite practitioners (optional)", required=False,
        queryset=Practitioner.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text="Each is sent their own calendar invitation, naming only them.")

    field_order = ["kind", "title", "meeting_date", "start", "end", "place", "agenda", "invitees"]

    def __init__(self, practitioners: list[Practitioner], label: Callable[[Practitioner], str],
                 *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        invitees = self.fields["invitees"]
        assert isinstance(invitees, forms.ModelMultipleChoiceField)
        invitees.queryset = Practitioner.objects.filter(pk__in=[p.pk for p in practitioners])
        invitees.label_from_instance = label  # type: ignore[method-assign,assignment]


class InviteForm(forms.Form):
    invitees = ModelMultipleChoiceField(
        label="Practitioners to invite", queryset=Practitioner.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Each is sent their own calendar invitation, naming only them.",
        error_messages={"required": "Choose at least one practitioner to invite."})

    def __init__(self, practitioners: list[Practitioner], label: Callable[[Practitioner], str],
                 *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        invitees = self.fields["invitees"]
        assert isinstance(invitees, forms.ModelMultipleChoiceField)
        invitees.queryset = Practitioner.objects.filter(pk__in=[p.pk for p in practitioners])
        invitees.label_from_instance = label  # type: ignore[method-assign,assignment]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is it cancelled (optional)", required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept on the meeting's record; invitees are told only that it is cancelled.")


class AnswerForm(forms.Form):
    response = forms.ChoiceField(
        label="Can you come?", widget=forms.RadioSelect,
        choices=[c for c in Invitation.Response.choices if c[0]],
        error_messages={"required": "Say whether you are attending, not attending, or asking "
                                    "to rearrange."})
    note = forms.CharField(
        label="Anything the organiser should know (optional)", required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="If you are asking to rearrange, say what would suit you better.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("response") == Invitation.Response.REARRANGE and not (
                data.get("note") or "").strip():
            self.add_error("note", "Say what would suit you better, for example another day or "
                                   "time.")
        return data


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label="Who came", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Tick each invitee who came; everyone not ticked is recorded as not coming.")
    on = effective_date_field("Date recorded")

    def __init__(self, choices: list[tuple[int, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        attended = self.fields["attended"]
        assert isinstance(attended, forms.MultipleChoiceField)
        attended.choices = choices
