"""The merged chronology page writes out GOV.UK markup its macros made (for speed at 500,000
entries): the filter panel is still exactly what govukCheckboxes, govukDateInput, govukSelect,
govukInput and govukButton make, and each row's mark-as-significant address is the one
``reverse`` gives."""

import re
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import engines
from django.urls import reverse

from reviewdesk.chronology.merged_views import Filters, entry_address

# The filter panel as the GOV.UK macros made it.
WITH_MACROS = (Path(__file__).parent / "filters_with_macros.html").read_text()


def markup(html: str) -> str:
    """The markup without the layout's whitespace (between tags, inside tags and text)."""
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"\s*>\s*", ">", re.sub(r"\s*<", "<", html))


def jinja() -> object:
    return next(e for e in engines.all() if e.__class__.__name__ == "Jinja2")


@pytest.mark.parametrize("personalised", [True, False])
@pytest.mark.parametrize("errors", [{}, {"to": "The end of the period must be <after> it"},
                                    {"from": "The start must be a real date", "to": "And the end"}])
def test_the_filter_panel_is_the_markup_the_govuk_macros_make(personalised, errors):
    filters = Filters(agencies=[2], keyword='strat"<e>', significant=bool(errors), errors=errors,
                      person=SimpleNamespace(pk=7) if errors else None,
                      raw={"from-month": "3", "from-year": "2024", "to-day": "x"})
    context = {"filters": filters, "personalised": personalised, "action": "/merged/",
               "agencies": [SimpleNamespace(pk=1, name="Police"),
                            SimpleNamespace(pk=2, name="Health & care")],
               "people": [(7, "Mother"), (8, "Child <A>")]}
    written = jinja().get_template("chronology/_merged_filters.html").render(context)
    made = jinja().from_string(WITH_MACROS).render(context)
    assert "Health &amp; care" in written and 'value="2" checked' in written
    assert markup(written) == markup(made)


@pytest.mark.parametrize("pk", [1, 10, 70, 123456])
def test_each_row_s_address_is_the_one_reverse_gives(pk):
    review = SimpleNamespace(uuid=uuid.UUID("00000000-0000-4000-8000-000000000000"))
    address = entry_address(review, "merged_mark_significant")
    assert address(pk) == reverse("chronology:merged_mark_significant", args=[review.uuid, pk])
