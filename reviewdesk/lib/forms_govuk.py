"""Turns Django form fields into the parameters GOV.UK Frontend's macros expect.

The macros themselves come from govuk-frontend-jinja; this module only maps a bound
field (its widget, value, label, help text and errors) onto the matching component.
"""

from typing import Any

from django import forms
from markupsafe import Markup, escape


def _label_text(bound: forms.BoundField) -> str:
    return str(bound.label)


def _errors(bound: forms.BoundField) -> dict[str, str] | None:
    if bound.errors:
        return {"text": " ".join(str(e) for e in bound.errors)}
    return None


def _hint(bound: forms.BoundField) -> dict[str, str] | None:
    return {"text": str(bound.help_text)} if bound.help_text else None


def _value(bound: forms.BoundField) -> Any:
    value = bound.value()
    return "" if value is None else value


def _date_parts(bound: forms.BoundField) -> list[str]:
    value = bound.value()
    if bound.form.is_bound and isinstance(value, (list, tuple)):
        parts = list(value)
    else:
        if callable(value):
            value = value()
        parts = bound.field.widget.decompress(value) if value else [None, None, None]
    return [("" if p is None else str(p)) for p in (parts + [None, None, None])[:3]]


def _item_checked(value: Any, selected: Any) -> bool:
    if isinstance(selected, (list, tuple, set)):
        return str(value) in {str(s) for s in selected}
    return str(value) == str(selected)


def _choices(bound: forms.BoundField) -> list[tuple[Any, str]]:
    return [(value, str(label)) for value, label in bound.field.choices]


class _Macros:
    """The component macros from govuk-frontend-jinja, filled in by reviewdesk.jinja."""

    def __init__(self) -> None:
        self.registry: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["registry"][name]
        except KeyError as exc:
            raise AttributeError(name) from exc


env_macros = _Macros()


def field(bound: forms.BoundField, **extra: Any) -> Markup:
    """Render one bound field with the GOV.UK component that suits its widget."""
    widget = bound.field.widget
    if widget.is_hidden:
        return Markup(str(bound))  # e.g. the version an edit page was opened at
    field_id = bound.auto_id
    label_classes = extra.pop("label_classes", "govuk-label--s")
    common: dict[str, Any] = {
        "id": field_id,
        "name": bound.html_name,
        "hint": _hint(bound),
        "errorMessage": _errors(bound),
    }
    legend = {"text": _label_text(bound), "classes": "govuk-fieldset__legend--s"}
    if isinstance(widget, forms.CheckboxSelectMultiple):
        selected = _value(bound) or []
        items = [
            {"value": v, "text": t, "checked": _item_checked(v, selected)}
            for v, t in _choices(bound)
        ]
        params = {**common, "idPrefix": field_id, "fieldset": {"legend": legend},
                  "items": items, "classes": "govuk-checkboxes--small"}
        params.pop("id")
        return env_macros.govukCheckboxes(params | extra)
    if isinstance(widget, forms.RadioSelect):
        selected = _value(bound)
        items = [
            {"value": v, "text": t, "checked": _item_checked(v, selected)}
            for v, t in _choices(bound)
            if v != ""
        ]
        params = {**common, "idPrefix": field_id, "fieldset": {"legend": legend}, "items": items}
        params.pop("id")
        return env_macros.govukRadios(params | extra)
    if isinstance(widget, forms.CheckboxInput):
        items = [{"value": "on", "text": _label_text(bound), "checked": bool(bound.value()),
                  "hint": _hint(bound)}]
        params = {"idPrefix": field_id, "name": bound.html_name, "items": items,
                  "errorMessage": _errors(bound), "classes": "govuk-checkboxes--small"}
        return env_macros.govukCheckboxes(params | extra)
    if getattr(widget, "govuk_date", False):
        day, month, year = _date_parts(bound)
        error_class = " govuk-input--error" if bound.errors else ""
        items = [
            {"name": "day", "label": "Day", "value": day,
             "classes": "govuk-input--width-2" + error_class},
            {"name": "month", "label": "Month", "value": month,
             "classes": "govuk-input--width-2" + error_class},
            {"name": "year", "label": "Year", "value": year,
             "classes": "govuk-input--width-4" + error_class},
        ]
        params = {"id": field_id, "namePrefix": bound.html_name, "items": items,
                  "hint": _hint(bound), "errorMessage": _errors(bound),
                  "fieldset": {"legend": legend}}
        return env_macros.govukDateInput(params | extra)
    label = {"text": _label_text(bound), "classes": label_classes}
    if isinstance(widget, forms.Select):
        # Read once: a model choice field runs its query each time its choices are read.
        choices = list(bound.field.choices)
        grouped = any(isinstance(text, (list, tuple)) for _value_, text in choices)
        if grouped or (len(choices) > LONG_SELECT and set(extra) <= {"classes"}):
            return _drawn_select(bound, choices, label_classes, extra.get("classes", ""))
        selected = _value(bound)
        items = [
            {"value": v, "text": str(t), "selected": _item_checked(v, selected)}
            for v, t in choices
        ]
        return env_macros.govukSelect({**common, "label": label, "items": items} | extra)
    if isinstance(widget, forms.FileInput):
        # The widget's own attributes (``accept``) reach the browser's file chooser.
        attributes = {k: v for k, v in widget.attrs.items() if k in ("accept",)}
        return env_macros.govukFileUpload(
            {**common, "label": label, "attributes": attributes} | extra)
    if isinstance(widget, forms.Textarea):
        return env_macros.govukTextarea(
            {**common, "label": label, "value": _value(bound), "rows": 4} | extra
        )
    input_type = getattr(widget, "input_type", "text")
    value = _value(bound)
    if input_type == "date" and hasattr(value, "isoformat"):
        value = value.isoformat()
    params = {**common, "label": label, "value": value, "type": input_type}
    if input_type == "email":
        params["autocomplete"] = "email"
        params["spellcheck"] = False
    if input_type == "password":
        params["autocomplete"] = "current-password"
        return env_macros.govukPasswordInput(params | extra)
    if input_type == "date":
        params["classes"] = "govuk-input--width-10"
    return env_macros.govukInput(params | extra)


# Above this many choices a select is drawn here: GOV.UK Frontend's macro calls a macro per
# option, and a filter of every review a partnership has cost a page tens of milliseconds.
LONG_SELECT = 20


def _drawn_select(bound: forms.BoundField, choices: list, label_classes: str,
                  classes: str) -> Markup:
    """A select drawn here, with the same markup, classes and error and hint wiring as GOV.UK
    Frontend's select component: one whose choices are grouped (``<optgroup>``), which the
    component cannot draw, or a long one (``LONG_SELECT``)."""
    field_id, selected = bound.auto_id, _value(bound)
    described = []
    hint = error = Markup("")
    if bound.help_text:
        described.append(f"{field_id}-hint")
        hint = Markup('<div id="{}-hint" class="govuk-hint">{}</div>').format(
            field_id, bound.help_text)
    if bound.errors:
        described.append(f"{field_id}-error")
        error = Markup('<p id="{}-error" class="govuk-error-message"><span '
                       'class="govuk-visually-hidden">Error:</span> {}</p>').format(
            field_id, " ".join(str(e) for e in bound.errors))

    # Written out with escape(), not Markup.format: a filter of every review's title is
    # hundreds of options, and format's parsing was most of the select's time.
    chosen = ({str(s) for s in selected} if isinstance(selected, (list, tuple, set))
              else {str(selected)})

    def option(value: Any, text: Any) -> Markup:
        mark = " selected" if str(value) in chosen else ""
        return Markup(f'<option value="{escape(value)}"{mark}>{escape(text)}</option>')

    options = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            inner = Markup("").join(option(v, t) for v, t in label)
            options.append(Markup('<optgroup label="{}">{}</optgroup>').format(value, inner))
        else:
            options.append(option(value, label))
    select_classes = " ".join(filter(None, [
        "govuk-select", "govuk-select--error" if bound.errors else "", classes]))
    describedby = (Markup(' aria-describedby="{}"').format(" ".join(described)) if described
                   else Markup(""))
    return Markup(
        '<div class="govuk-form-group{}"><label class="govuk-label {}" for="{}">{}</label>{}{}'
        '<select class="{}" id="{}" name="{}"{}>{}</select></div>').format(
        " govuk-form-group--error" if bound.errors else "", label_classes, field_id,
        _label_text(bound), hint, error, select_classes, field_id, bound.html_name,
        describedby, Markup("").join(options))


def error_summary(form: forms.BaseForm) -> Markup:
    """The GOV.UK error summary: every problem at once, each linked to its field."""
    if not form.is_bound or not form.errors:
        return Markup("")
    items = []
    theirs = getattr(form, "theirs", None)
    for name, errors in form.errors.items():
        if name == "__all__":
            href = "#their-version" if theirs else "#main-content"
        else:
            bound = form[name]
            href = f"#{bound.auto_id}"
            if getattr(bound.field.widget, "govuk_date", False):
                href += "-day"
            elif isinstance(bound.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
                href = f"#{bound.auto_id}"
        for error in errors:
            items.append({"text": str(error), "href": href})
    summary = env_macros.govukErrorSummary({"titleText": "There is a problem",
                                            "errorList": items})
    return summary + their_version(form) if theirs else summary


def their_version(form: forms.BaseForm) -> Markup:
    """After a save refused because someone else saved first (reviewdesk.versioning): the record
    as it is now, field by field, each marked where it differs from the input kept below."""
    rows = [{"key": {"text": row["label"]},
             "value": {"html": Markup("{}{}").format(
                 row["text"],
                 Markup(' <strong class="govuk-tag govuk-tag--yellow">Differs from yours'
                        '</strong>') if row["differs"] else "")}}
            for row in form.theirs]
    return Markup(
        '<div class="govuk-summary-card" id="their-version"><div class="govuk-summary-card__title'
        '-wrapper"><h2 class="govuk-summary-card__title">Their version, as saved now</h2></div>'
        '<div class="govuk-summary-card__content">{}</div></div>'
    ).format(env_macros.govukSummaryList({"rows": rows}))
