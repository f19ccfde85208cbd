"""Template errors never reach a page: in tests a variable missing in one of our templates
raises; on a running site it renders as nothing and is logged, even with DEBUG on."""

import copy
import logging

import pytest
from django.conf import settings as django_settings
from django.template import engines
from django.template.backends.jinja2 import Jinja2
from jinja2 import UndefinedError
from pytest_django import Settings


def fresh_engine() -> Jinja2:
    """The page engine as a server builds it from the settings in force."""
    params = copy.deepcopy(django_settings.TEMPLATES[0])
    params.pop("BACKEND")
    return Jinja2({**params, "NAME": "pages"})


def test_a_variable_missing_in_our_templates_raises_in_the_tests() -> None:
    env = engines["jinja2"].env
    with pytest.raises(UndefinedError):
        env.from_string("{{ entry.text }}").render(entry={})
    with pytest.raises(UndefinedError):
        env.from_string("{% if entry.text %}yes{% endif %}").render(entry={})
    with pytest.raises(UndefinedError):  # passed on to a GOV.UK macro, still ours
        env.from_string('{{ govukButton({"text": entry.text}) }}').render(entry={})


def test_govuk_macros_may_leave_out_their_optional_parameters() -> None:
    env = engines["jinja2"].env
    page = env.from_string('{{ govukButton({"text": "Save"}) }}{{ govukTextarea({"name": "n", '
                           '"id": "n", "label": {"text": "Why"}}) }}').render()
    assert "Save" in page and "<textarea" in page
    assert env.from_string('{{ entry.text | default("none") }}').render(entry={}) == "none"


def test_a_govuk_component_given_neither_text_nor_html_is_a_mistake() -> None:
    # A table cell with empty html prints its missing text: Jinja's "no such element" with DEBUG.
    env = engines["jinja2"].env
    with pytest.raises(UndefinedError):
        env.from_string('{{ govukTable({"rows": [[{"html": ""}]]}) }}').render()


def test_with_debug_on_a_missing_variable_renders_as_nothing_and_is_logged(
        settings: Settings, caplog: pytest.LogCaptureFixture) -> None:
    settings.DEBUG = True
    settings.STRICT_TEMPLATES = False
    env = fresh_engine().env
    with caplog.at_level(logging.WARNING, logger="reviewdesk.templates"):
        page = env.from_string('[{{ entry.text }}]{{ govukTable({"rows": [[{"html": ""}]]}) }}'
                               ).render(entry={})
    assert page.startswith("[]")
    assert "no such element" not in page and "undefined" not in page
    assert [r.getMessage() for r in caplog.records] == [
        "Template variable missing: 'dict object' has no attribute 'text'"]
