"""The findings and recommendations forms. The rules (numbers, required words, dates) are the
actions'; these turn the page's boxes into their arguments.

Saved words are put back in a form as the viewer may see them (``ShownRedacted``): a name they
may not see shows as its pseudonym, and a field sent back as shown keeps the words as written."""

from collections.abc import Callable, Sequence
from typing import Any

from django import forms

from reviewdesk.accounts.models import User
from reviewdesk.action_plan.models import Finding, Recommendation, Theme
from reviewdesk.findings import actions, selectors
from reviewdesk.findings.reading import Item
from reviewdesk.lib.dates import effective_date_field
from reviewdesk.lib.model_choices import ModelMultipleChoiceField
from reviewdesk.reviews.forms import ShownRedacted, on_behalf_of_field
from reviewdesk.reviews.models import Review
from reviewdesk.versioning import VersionedForm

Redact = Callable[[str], str]


class ThemeChoice(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} (retired)" if obj.retired_at else obj.name


def themes_field(review: Review, keep: Sequence[Theme] = (), *, label: str) -> ThemeChoice:
    return ThemeChoice(
        label=label, required=False, widget=forms.CheckboxSelectMultiple,
        queryset=selectors.theme_choices(review, keep=[t.pk for t in keep]),
        help_text="From the partnership's list of themes; the learning dashboard counts them "
                  "across reviews.")


def number_field(what: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=f"{what.capitalize()} number", min_value=1, max_value=999,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        help_text="As the report numbers it. The next free number is filled in.",
        error_messages={"required": f"Give the {what}'s number as the report numbers it, such as "
                                    "3.",
                        "invalid": f"The {what}'s number must be a whole number, such as 3.",
                        "min_value": f"The {what}'s number must be 1 or more.",
                        "max_value": f"The {what}'s number must be 999 or less."})


def text_field(what: str, *, help_text: str) -> forms.CharField:
    return forms.CharField(
        label=f"The {what}", widget=forms.Textarea(attrs={"rows": 5}),
        max_length=actions.TEXT_LENGTH, help_text=help_text,
        error_messages={"required": f"Enter the {what}'s words, as the report gives them.",
                        "max_length": f"The {what} must be {actions.TEXT_LENGTH:,} characters "
                                      "or fewer: give its main point and leave the analysis in "
                                      "the report."})


class _Shown(VersionedForm, forms.Form):
    """Free text shown through the viewer's redaction, restored where sent back as shown."""

    TEXT_KEYS: tuple[str, ...] = ("text",)

    def __init__(self, *args: Any, record: Any = None, redact: Redact | None = None,
                 **kwargs: Any) -> None:
        self.redact = redact
        self.shown_redacted: ShownRedacted | None = None
        if record is not None:
            self.shown_redacted = ShownRedacted(
                {key: getattr(record, key) for key in self.TEXT_KEYS}, redact)
            kwargs["initial"] = {**kwargs.get("initial", {}), **self.shown_redacted.shown}
        super().__init__(*args, **kwargs)

    def values_of(self, record: Any) -> dict[str, Any]:
        values = super().values_of(record)
        if self.redact:
            values |= {k: self.redact(v) for k, v in values.items()
                       if k in self.TEXT_KEYS and isinstance(v, str)}
        return values

    def words(self) -> dict[str, str]:
        values = {key: self.cleaned_data.get(key) or "" for key in self.TEXT_KEYS}
        return self.shown_redacted.restore(values) if self.shown_redacted else values


class FindingForm(_Shown):
    number = number_field("finding")
    text = text_field("finding", help_text="The finding as the report states it. Names are "
                                           "shown to each reader as they may see them.")

    def __init__(self, review: Review, by: User, *args: Any, finding: Finding | None = None,
                 redact: Redact | None = None, **kwargs: Any) -> None:
        if finding is not None:
            kwargs["initial"] = {"number": finding.number,
                                 "themes": list(finding.themes.all()), **kwargs.get("initial", {})}
        else:
            kwargs["initial"] = {"number": selectors.next_number(selectors.findings_of(review)),
                                 **kwargs.get("initial", {})}
        super().__init__(*args, record=finding, redact=redact, **kwargs)
        keep = list(finding.themes.all()) if finding is not None else []
        self.fields["themes"] = themes_field(review, keep, label="Themes (optional)")
        self.fields["effective_on"] = effective_date_field(
            "Date it was agreed" if finding is None else "Date it was changed")
        self.fields["on_behalf_of"] = on_behalf_of_field(by)
        if finding is not None:
            self.add_version(finding)


class FindingChoice(ModelMultipleChoiceField):
    def __init__(self, *args: Any, redact: Redact | None = None, **kwargs: Any) -> None:
        self.redact = redact
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        text = self.redact(obj.text) if self.redact else obj.text
        short = text if len(text) <= 90 else text[:88].rsplit(" ", 1)[0] + "…"
        return f"Finding {obj.number}: {short}"


class RecommendationForm(_Shown):
    TEXT_KEYS = ("text", "addressed_to")
    number = number_field("recommendation")
    text = text_field("recommendation", help_text="The recommendation as the report states it.")
    addressed_to = forms.CharField(
        label="Addressed to (optional)", required=False, max_length=actions.ADDRESSED_TO_LENGTH,
        help_text="The agencies or body it asks to act, for example: Kirkvale Children's Social "
                  "Care and the Integrated Care Board.",
        error_messages={"max_length": f"Whom it is addressed to must be "
                                      f"{actions.ADDRESSED_TO_LENGTH} characters or fewer: the "
                                      "agencies' names are enough."})

    def __init__(self, review: Review, by: User, *args: Any,
                 recommendation: Recommendation | None = None, redact: Redact | None = None,
                 **kwargs: Any) -> None:
        if recommendation is not None:
            kwargs["initial"] = {"number": recommendation.number,
                                 "themes": list(recommendation.themes.all()),
                                 "findings": list(recommendation.findings.filter(
                                     removed_at__isnull=True)),
                                 **kwargs.get("initial", {})}
        else:
            kwargs["initial"] = {
                "number": selectors.next_number(selectors.recommendations_of(review)),
                **kwargs.get("initial", {})}
        super().__init__(*args, record=recommendation, redact=redact, **kwargs)
        self.fields["findings"] = FindingChoice(
            label="Which findings does it answer? (optional)", required=False,
            widget=forms.CheckboxSelectMultiple, queryset=selectors.current_findings(review),
            redact=redact,
            help_text="Actions are agreed against recommendations; the findings show why.")
        keep = list(recommendation.themes.all()) if recommendation is not None else []
        self.fields["themes"] = themes_field(review, keep, label="Themes (optional)")
        self.fields["effective_on"] = effective_date_field(
            "Date it was agreed" if recommendation is None else "Date it was changed")
        self.fields["on_behalf_of"] = on_behalf_of_field(by)
        if recommendation is not None:
            self.add_version(recommendation)


class RemoveForm(VersionedForm, forms.Form):
    reason = forms.CharField(
        label="Why is it removed?", widget=forms.Textarea(attrs={"rows": 3}),
        max_length=actions.REASON_LENGTH,
        help_text="For example: the final report merged it with finding 2. The record keeps it "
                  "with your reason.",
        error_messages={"required": "Say why it is removed: the record keeps it, with your "
                                    "reason, for anyone who later asks what was agreed.",
                        "max_length": f"Keep the reason to {actions.REASON_LENGTH:,} characters "
                                      "or fewer."})
    removed_on = effective_date_field("Date it was removed")

    def __init__(self, by: User, record: Finding | Recommendation, *args: Any,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"] = on_behalf_of_field(by)
        self.add_version(record)


class ReviewThemesForm(forms.Form):
    def __init__(self, review: Review, by: User, *args: Any, **kwargs: Any) -> None:
        current = selectors.review_themes(review)
        kwargs["initial"] = {"themes": current, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.fields["themes"] = themes_field(review, current,
                                             label="Which themes does the review show?")
        self.fields["tagged_on"] = effective_date_field("Date")
        self.fields["on_behalf_of"] = on_behalf_of_field(by)


class FromReportForm(forms.Form):
    """One row a finding or recommendation read from the report: ticked to keep, its number
    and words (and whom a recommendation is addressed to), each editable before saving."""

    def __init__(self, by: User, found: Sequence[Item], recs: Sequence[Item], final_pk: int,
                 *args: Any, redact: Redact | None = None, **kwargs: Any) -> None:
        initial: dict[str, Any] = {"final_report": final_pk}
        self.shown: dict[str, ShownRedacted] = {}
        self.rows: dict[str, list[dict[str, Any]]] = {"finding": [], "recommendation": []}
        for kind, items in (("finding", found), ("recommendation", recs)):
            for i, item in enumerate(items):
                prefix = f"{kind[0]}{i}"
                texts = {f"{prefix}-text": item.text}
                if kind == "recommendation":
                    texts[f"{prefix}-addressed_to"] = item.addressed_to
                shown = ShownRedacted(texts, redact)
                self.shown[prefix] = shown
                initial |= {f"{prefix}-include": True, f"{prefix}-number": item.number,
                            **shown.shown}
        kwargs["initial"] = initial | kwargs.get("initial", {})
        super().__init__(*args, **kwargs)
        self.fields["final_report"] = forms.IntegerField(widget=forms.HiddenInput)
        for kind, items in (("finding", found), ("recommendation", recs)):
            for i, item in enumerate(items):
                prefix = f"{kind[0]}{i}"
                where = f"{kind.capitalize()} {i + 1} read (report: {item.label})"
                self.fields[f"{prefix}-include"] = forms.BooleanField(
                    label=f"Save this {kind}", required=False)
                self.fields[f"{prefix}-number"] = forms.IntegerField(
                    label="Number", required=False, min_value=1, max_value=999,
                    widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
                    error_messages={"invalid": f"The {kind}'s number must be a whole number, "
                                               "such as 3.",
                                    "min_value": f"The {kind}'s number must be 1 or more.",
                                    "max_value": f"The {kind}'s number must be 999 or less."})
                self.fields[f"{prefix}-text"] = forms.CharField(
                    label=f"The {kind}", required=False, strip=True,
                    widget=forms.Textarea(attrs={"rows": 4}))
                fields = [f"{prefix}-include", f"{prefix}-number", f"{prefix}-text"]
                if kind == "recommendation":
                    self.fields[f"{prefix}-addressed_to"] = forms.CharField(
                        label="Addressed to (optional)", required=False, strip=True)
                    fields.append(f"{prefix}-addressed_to")
                self.rows[kind].append({"heading": where, "fields": fields, "item": item})
        self.fields["taken_on"] = effective_date_field("Date they were agreed")
        self.fields["on_behalf_of"] = on_behalf_of_field(by)

    def taken(self, kind: str) -> list[actions.Taken]:
        data = self.cleaned_data
        out = []
        for i, _row in enumerate(self.rows[kind]):
            prefix = f"{kind[0]}{i}"
            values = {f"{prefix}-text": data.get(f"{prefix}-text") or ""}
            if kind == "recommendation":
                values[f"{prefix}-addressed_to"] = data.get(f"{prefix}-addressed_to") or ""
            values = self.shown[prefix].restore(values)
            out.append(actions.Taken(
                number=data.get(f"{prefix}-number"), text=values[f"{prefix}-text"],
                addressed_to=values.get(f"{prefix}-addressed_to", ""),
                include=bool(data.get(f"{prefix}-include")),
                fields={"number": f"{prefix}-number", "text": f"{prefix}-text",
                        "addressed_to": f"{prefix}-addressed_to"}))
        return out
