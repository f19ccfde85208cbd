"""What the checklist (reviewdesk.checklist, built beside this app) says blocks sign-off.

One adapter, so the sign-off names the checklist in one place: the lead wires it at merge."""

from collections.abc import Callable
from typing import Any

from django.utils.module_loading import import_string

from reviewdesk.reports.models import ReportVersion

# The checklist's function: a version's items that failed and were not accepted.
BLOCKING_ITEMS = "reviewdesk.checklist.selectors.blocking_items"


def _blocking_items_function() -> Callable[[ReportVersion], Any] | None:
    try:
        found: Callable[[ReportVersion], Any] = import_string(BLOCKING_ITEMS)
    except ImportError:  # the checklist is not there yet: nothing of it blocks
        return None
    return found


def checklist_blocking_items(version: ReportVersion) -> list[str]:
    """The titles of the version's checklist items that failed and that the business manager has
    not accepted as they are (``reviewdesk.checklist.selectors.blocking_items``): each blocks
    sign-off. An item is a dict or an object with a ``title`` (else its ``key``)."""
    function = _blocking_items_function()
    if function is None:
        return []
    titles = []
    for item in function(version) or []:
        if isinstance(item, dict):
            titles.append(str(item.get("title") or item.get("key") or item))
        else:
            titles.append(str(getattr(item, "title", None) or getattr(item, "key", None) or item))
    return titles
