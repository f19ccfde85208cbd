"""The Jinja2 environment for Review Desk's pages.

GOV.UK Frontend components come from govuk-frontend-jinja's macros; Django forms are turned
into those macros' parameters by :mod:`reviewdesk.lib.forms_govuk`.
"""

import logging
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, StrictUndefined, Undefined
from jinja2.runtime import Macro
from markupsafe import Markup

from reviewdesk.lib.forms_govuk import env_macros, error_summary, field
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.sections import Section, panels_for


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


logger = logging.getLogger("reviewdesk.templates")


def _made_in_our_template(frame: FrameType | None = None) -> bool:
    """Whether the template code that asked for a missing variable is ours (looking back from
    ``frame``, the code that made the undefined value; by default the caller's caller).

    govuk-frontend-jinja's templates are written for Jinja's lenient default: every macro tests
    parameters that may not be given (``{% if params.classes %}``). Only a variable missing in
    one of our own templates (or a value of ours passed to a macro) is a mistake.
    """
    if frame is None:
        frame = sys._getframe(2)
    while frame is not None:
        code = frame.f_code
        # By identity: ``in`` a set hashes the code object, which Python recomputes every time
        # (for a compiled template's code, far longer than the rest of this walk).
        if code is _MACRO_CALL or code is _MACRO_INVOKE:  # a macro's arguments or its caller
            names = frame.f_locals["self"]._func.__globals__
        else:
            names = frame.f_globals
        if "debug_info" in names and "environment" in names:  # a compiled template's code
            return "govuk_frontend_jinja" not in (names.get("__file__") or "")
        frame = frame.f_back
    return True


_MACRO_CALL, _MACRO_INVOKE = Macro.__call__.__code__, Macro._invoke.__code__


class StrictOwnUndefined(StrictUndefined):
    """Tests: a missing variable in our templates raises (StrictUndefined); GOV.UK's do not."""

    __slots__ = ("_ours",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._ours = _made_in_our_template()

    def _fail_if_ours(self, lenient: Any) -> Any:
        if self._ours:
            self._fail_with_undefined_error()
        return lenient

    def __str__(self) -> str:
        # A GOV.UK macro prints ``text`` when ``html`` is empty or missing: a component given
        # neither (a table cell with empty ``html``) is our mistake too.
        if self._undefined_name == "text":
            self._fail_with_undefined_error()
        return self._fail_if_ours("")

    def __iter__(self) -> Any:
        return self._fail_if_ours(iter(()))

    def __len__(self) -> int:
        return self._fail_if_ours(0)

    def __bool__(self) -> bool:
        return self._fail_if_ours(False)

    def __eq__(self, other: object) -> bool:
        return self._fail_if_ours(type(self) is type(other))

    def __ne__(self, other: object) -> bool:
        return self._fail_if_ours(type(self) is not type(other))

    def __hash__(self) -> int:
        return self._fail_if_ours(id(type(self)))

    def __contains__(self, item: object) -> bool:
        return self._fail_if_ours(False)


class LoggedOwnUndefined(Undefined):
    """Pages: a missing variable in our templates renders as nothing (never Jinja's
    ``{{ no such element }}`` text, which DEBUG's default would show) and is logged."""

    __slots__ = ("_made_by",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Whose template made it is only asked when it is used: a page with fifty rows of GOV.UK
        # components makes thousands that are only tested for truth by GOV.UK's own macros, and
        # walking the stack for each cost the merged chronology page about a fifth of its time.
        self._made_by: FrameType | None = sys._getframe(1)

    def _log(self) -> None:
        made_by, self._made_by = self._made_by, None  # no frame kept alive beyond its first use
        if made_by is not None and _made_in_our_template(made_by):
            logger.warning("Template variable missing: %s", self._undefined_message)

    def __str__(self) -> str:
        self._log()
        return ""

    def __iter__(self) -> Any:
        self._log()
        return iter(())

    def __bool__(self) -> bool:
        self._log()
        return False


COMPONENTS = [
    "back-link", "breadcrumbs", "button", "checkboxes", "date-input", "details",
    "error-summary", "fieldset", "file-upload", "inset-text", "input", "notification-banner", "pagination",
    "panel", "password-input", "radios", "select", "summary-list", "table", "tag",
    "task-list", "textarea", "warning-text", "tabs", "service-navigation", "skip-link",
]


def scrolling_table(table: Macro) -> Callable[..., Markup]:
    """govukTable, inside a focusable region that scrolls sideways on its own: a wide table
    never makes the whole page scroll at 320 pixels (WCAG 2.2, 1.4.10). The region is named by
    the table's caption, or else by its columns."""

    def govuk_table(params: dict[str, Any], *args: Any, **kwargs: Any) -> Markup:
        label = params.get("caption") or ", ".join(
            str(cell.get("text") or Markup(cell.get("html") or "").striptags())
            for cell in params.get("head") or [])
        if isinstance(label, Markup):
            label = label.striptags()
        return Markup('<div class="rd-scroll-x" role="region" aria-label="{}" tabindex="0">'
                      "{}</div>").format(label or "Table", table(params, *args, **kwargs))

    return govuk_table


def review_panels(request: Any, review: Any, names: Any = None) -> list[Section]:
    """The panels at the top of every page of a review (``reviews.sections.register_panel``),
    for the signed-in person the page already let see it; none on pages that show no review."""
    user = getattr(request, "user", None)
    if not isinstance(review, Review) or review.pk is None or user is None or (
            not user.is_authenticated):
        return []
    # A page that passes no names of its own: each panel builds them only if it shows anything
    # (building them marks the page as a read of identities).
    if not isinstance(names, Names) or names.review.pk != review.pk:
        names = None
    return panels_for(request, review, names)


def stage_label(value: str) -> str:
    return Stage(value).label


def environment(**options: Any) -> Environment:
    options["loader"] = ChoiceLoader(
        [
            options["loader"],
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    options.setdefault("autoescape", True)
    # Django's default (DebugUndefined with DEBUG on) would print a missing variable's error on the
    # page; tests make it raise instead (settings.STRICT_TEMPLATES, set by the root conftest).
    options["undefined"] = StrictOwnUndefined if settings.STRICT_TEMPLATES else LoggedOwnUndefined
    options["extensions"] = [*options.get("extensions", []), "jinja2.ext.do"]
    env = Environment(**options)
    env.globals.update(
        {
            "static": static,
            "url": url,
            "get_messages": get_messages,
            "govuk_field": field,
            "govuk_error_summary": error_summary,
            "review_panels": review_panels,
        }
    )
    env.filters.update({"uk_date": uk_date, "uk_datetime": uk_datetime,
                        "stage_label": stage_label})
    # Every GOV.UK component macro is a global, e.g. govukButton, govukSummaryList.
    for component in COMPONENTS:
        module = env.get_template(f"govuk_frontend_jinja/components/{component}/macro.html").module
        name = "govuk" + "".join(part.capitalize() for part in component.split("-"))
        macro = getattr(module, name)
        env.globals[name] = scrolling_table(macro) if name == "govukTable" else macro
        env_macros.registry[name] = macro
    return env
