"""The Jinja2 environment for Review Desk's pages.

GOV.UK Frontend components come from govuk-frontend-jinja's macros; Django forms are turned
into those macros' parameters by :mod:`reviewdesk.forms_govuk`.
"""

from typing import Any

from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader

from reviewdesk.forms_govuk import env_macros, error_summary, field


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def uk_date(value: Any, with_weekday: bool = False) -> str:
    """14 January 2027, or Thursday 14 January 2027: GOV.UK style dates."""
    if not value:
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        value = timezone.localtime(value)
    fmt = "%A %-d %B %Y" if with_weekday else "%-d %B %Y"
    return value.strftime(fmt)


def uk_datetime(value: Any) -> str:
    if not value:
        return ""
    value = timezone.localtime(value)
    return value.strftime("%-d %B %Y at %-I:%M%p").replace("AM", "am").replace("PM", "pm")


COMPONENTS = [
    "back-link", "breadcrumbs", "button", "checkboxes", "date-input", "details",
    "error-summary", "fieldset", "file-upload", "inset-text", "input", "notification-banner", "pagination",
    "panel", "password-input", "radios", "select", "summary-list", "table", "tag",
    "task-list", "textarea", "warning-text", "tabs", "service-navigation", "skip-link",
]


def stage_label(value: str) -> str:
    from reviewdesk.reviews.models import Stage

    return Stage(value).label


def environment(**options: Any) -> Environment:
    options["loader"] = ChoiceLoader(
        [
            options["loader"],
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    options.setdefault("autoescape", True)
    options["extensions"] = [*options.get("extensions", []), "jinja2.ext.do"]
    env = Environment(**options)
    env.globals.update(
        {
            "static": static,
            "url": url,
            "get_messages": get_messages,
            "govuk_field": field,
            "govuk_error_summary": error_summary,
        }
    )
    env.filters.update({"uk_date": uk_date, "uk_datetime": uk_datetime,
                        "stage_label": stage_label})
    # Every GOV.UK component macro is a global, e.g. govukButton, govukSummaryList.
    for component in COMPONENTS:
        module = env.get_template(f"govuk_frontend_jinja/components/{component}/macro.html").module
        name = "govuk" + "".join(part.capitalize() for part in component.split("-"))
        macro = getattr(module, name)
        env.globals[name] = macro
        env_macros.registry[name] = macro
    return env
