"""Every form of the app, given anything: it says what is wrong (ValidationError, shown on the
page) and never raises anything else; text longer than a field takes is refused, naming the limit.

The forms are found, not listed: every subclass of Django's BaseForm in the app's modules, so a
new form is covered as soon as it exists (and fails here by name if form_factories.py cannot
build it).
"""

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import CharField
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reviewdesk
from reviewdesk.lib.dates import DateInputWidget
from reviewdesk.reviews.tests.test_access_matrix import World
from reviewdesk.tests_hostile.form_factories import NOT_A_PAGES_FORM, arguments, qualified

pytestmark = pytest.mark.django_db

# Modules that are not the app's own code: tests, migrations, and what only starts a server.
SKIPPED_MODULES = (".tests", ".migrations", ".tests_", "reviewdesk.wsgi")


def every_form() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(reviewdesk.__path__, "reviewdesk."):
        if not any(part in module.name for part in SKIPPED_MODULES):
            importlib.import_module(module.name)
    found: set[type[forms.BaseForm]] = set()

    def collect(cls: type) -> None:
        subclasses: list[type] = cls.__subclasses__()
        for sub in subclasses:
            if sub not in found:
                found.add(sub)
                collect(sub)

    collect(forms.BaseForm)
    return sorted((cls for cls in found if cls.__module__.startswith("reviewdesk.")
                   and ".tests" not in cls.__module__ and qualified(cls) not in NOT_A_PAGES_FORM),
                  key=qualified)


FORMS = every_form()


def test_the_forms_are_found() -> None:
    # A guard on the finding itself: the app has well over a hundred forms.
    assert len(FORMS) > 150, len(FORMS)


# What people paste, and what an attacker types: control characters, NUL, a right-to-left
# override, characters outside the Basic Multilingual Plane (surrogate pairs in UTF-16), template
# and markup syntax, formula starts, numbers no column holds, dates that do not exist, digits
# that are not ASCII. (A lone surrogate never reaches a form: Django decodes a request's body
# with errors replaced.)
ODD_STRINGS = [
    "", " ", "\x00", "a\x00b", "\u202egnp.exe", "\U0001f600" * 20, "𝕏\u0301\u200d", "\ufeff",
    "<script>alert(1)</script>", "{{7*7}}", "{% debug %}", "${7*7}", "=HYPERLINK(\"x\")",
    "+1", "-1", "@SUM(A1)", "9" * 5000, "1e309", "NaN", "Infinity", "-0",
    "-9223372036854775809", "18446744073709551616", "2026-02-30", "31", "13", "0", "0000",
    "99999", "١٢", "²", "None", "null", "[]", "{}", "../../etc/passwd", "%s%n%x", "\r\n\r\n",
    "\t", "'; DROP TABLE reviews_review; --",
]
TEXT = st.one_of(
    st.text(),
    st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Lo", "So"]), max_size=50),
    st.sampled_from(ODD_STRINGS),
    # Very long text: a short piece repeated.
    st.builds(lambda piece, times: piece * times, st.text(min_size=1, max_size=4),
              st.integers(500, 20_000)),
)
NUMBER = st.one_of(st.integers(-(10**30), 10**30).map(str), TEXT)


def _choice_values(field: forms.Field) -> list[str]:
    values = []
    for value, label in getattr(field, "choices", []):
        if isinstance(label, list | tuple):  # an optgroup
            values += [str(v) for v, _ in label]
        elif value not in ("", None):
            values.append(str(getattr(value, "value", value)))
    return values


def field_values(form: forms.BaseForm, draw: Callable[[st.SearchStrategy], Any]
                 ) -> tuple[MultiValueDict, MultiValueDict]:
    """Data and files for every field of ``form``, each as its widget reads them."""
    data: MultiValueDict = MultiValueDict()
    files: MultiValueDict = MultiValueDict()
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        widget = field.widget
        if isinstance(widget, DateInputWidget):
            for part in ("day", "month", "year"):
                data[f"{key}-{part}"] = draw(st.one_of(
                    NUMBER, st.sampled_from(["1", "12", "29", "2", "2026", "1999"])))
        elif isinstance(widget, forms.MultiWidget):
            for suffix in widget.widgets_names:  # type: ignore[attr-defined]
                data[f"{key}{suffix}"] = draw(TEXT)
        elif isinstance(field, forms.FileField):
            files[key] = SimpleUploadedFile(
                draw(st.text(min_size=1, max_size=60)) + draw(st.sampled_from(
                    [".pdf", ".docx", ".xlsx", ".csv", ".txt", ".exe", ""])),
                draw(st.binary(max_size=2000)))
        elif isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            data.setlist(key, draw(st.lists(st.one_of(
                st.sampled_from(_choice_values(field) or ["1"]), TEXT), max_size=3)))
        elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            data[key] = draw(st.one_of(st.sampled_from(_choice_values(field) or ["1"]), TEXT))
        elif isinstance(field, forms.BooleanField):
            data[key] = draw(st.one_of(st.sampled_from(["on", "", "false", "0", "1"]), TEXT))
        elif isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
            data[key] = draw(NUMBER)
        else:
            data[key] = draw(TEXT)
    return data, files


HOSTILE = settings(max_examples=25, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                          HealthCheck.large_base_example])


@pytest.mark.parametrize("form_class", FORMS, ids=qualified)
def test_any_input_is_valid_or_refused_with_a_message_never_an_error(
        form_class: type[forms.BaseForm], hostile_world: World) -> None:
    made = arguments(form_class, hostile_world)
    blank = form_class(**made, data=None)

    @HOSTILE
    @given(st.data())
    def fill(data: st.DataObject) -> None:
        values, files = field_values(blank, data.draw)
        # A form without a file field takes no files (the reports' comparison form).
        extra: dict[str, Any] = {"files": files} if files else {}
        form = form_class(**made, data=values, **extra)
        if not form.is_valid():
            assert form.errors  # what the page shows
            str(form.errors)

    fill()


# Boxes where a message naming what to type is clearer than one naming a length.
NOT_A_LENGTH = {
    # Typing the review's reference to confirm an erasure: anything else is "type the reference".
    "reviewdesk.retention.forms.EraseForm.confirm",
}


def limited_fields(form: forms.BaseForm) -> list[tuple[str, forms.CharField]]:
    return [(name, field) for name, field in form.fields.items()
            if isinstance(field, forms.CharField) and field.max_length
            and not isinstance(field.widget, forms.HiddenInput | forms.MultiWidget)
            and f"{qualified(type(form))}.{name}" not in NOT_A_LENGTH]


def says_limit(messages: list[str], limit: int) -> bool:
    return any(str(limit) in m or f"{limit:,}" in m for m in messages)


@pytest.mark.parametrize("form_class", FORMS, ids=qualified)
def test_text_longer_than_a_field_takes_is_refused_naming_the_limit(
        form_class: type[forms.BaseForm], hostile_world: World) -> None:
    made = arguments(form_class, hostile_world)
    limited = limited_fields(form_class(**made, data=None))
    if not limited:
        return

    @HOSTILE
    @given(st.text(st.characters(categories=["L", "N", "P"]), min_size=1, max_size=3),
           st.integers(1, 50))
    def too_long(piece: str, over: int) -> None:
        for name, field in limited:
            limit = field.max_length
            assert limit is not None
            text = (piece * (limit + over))[:limit + over]
            if isinstance(field, forms.EmailField):  # an address, too long to be one
                text = "a" * (limit + over - len("@example.test")) + "@example.test"
            form = form_class(**made, data={form_class(**made, data=None).add_prefix(name): text})
            assert not form.is_valid()
            assert says_limit([str(m) for m in form.errors.get(name) or []], limit), (
                f"{qualified(form_class)}.{name} (at most {limit}): {form.errors.get(name)}")

    too_long()


# A key no row can have: past the 64-bit integers every database key is.
HUGE_KEY = str(2**63)


@pytest.mark.parametrize("form_class", FORMS, ids=qualified)
def test_a_choice_of_records_given_a_key_no_row_can_have_is_refused(
        form_class: type[forms.BaseForm], hostile_world: World) -> None:
    made = arguments(form_class, hostile_world)
    blank = form_class(**made, data=None)
    for name, field in blank.fields.items():
        if isinstance(field, forms.ModelChoiceField):
            data: MultiValueDict = MultiValueDict()
            data.setlist(blank.add_prefix(name), [HUGE_KEY])
            form = form_class(**made, data=data)
            assert not form.is_valid() and name in form.errors, (qualified(form_class), name)


# Same-named model fields a form does not write: a password is kept as its hash; these reasons
# are kept in a model of their own without a limit (a TextField), not the one named alike.
NOT_WRITTEN_TO = {
    "reviewdesk.accounts.forms.SignInForm.password",
    "reviewdesk.accounts.reauth.ConfirmIdentityForm.password",
    "reviewdesk.chronology.forms.ReopenForm.reason",
    "reviewdesk.reports.forms.FalseAlarmForm.reason",
}


def model_limits(app: str, name: str) -> list[int]:
    """The limits of the fields called ``name`` in the app's models (CharField, EmailField…)."""
    limits = []
    for model in apps.get_app_config(app).get_models():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(field, CharField) and field.max_length and not field.choices:
            limits.append(field.max_length)
    return limits


def test_a_form_takes_no_more_text_than_the_model_field_it_writes_keeps(
        hostile_world: World) -> None:
    # A ModelForm takes the model's limit; a plain form must state it. Text past a column's
    # limit is refused by PostgreSQL (a server error), and kept whole by SQLite.
    too_long = []
    for form_class in FORMS:
        if issubclass(form_class, forms.ModelForm):
            continue
        form = form_class(**arguments(form_class, hostile_world), data=None)
        app = form_class.__module__.split(".")[1]
        for name, field in form.fields.items():
            if (not isinstance(field, forms.CharField) or isinstance(field.widget, forms.MultiWidget)
                    or f"{qualified(form_class)}.{name}" in NOT_WRITTEN_TO):
                continue
            limits = model_limits(app, name)
            if limits and (field.max_length is None or field.max_length > min(limits)):
                too_long.append(f"{qualified(form_class)}.{name}: {field.max_length} > "
                                f"{min(limits)}")
    assert not too_long, "\n".join(too_long)
