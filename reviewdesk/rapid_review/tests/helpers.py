"""Small helpers for the rapid review tests."""

import re
from datetime import date
from html import unescape

from reviewdesk.testing import ClientResponse


def date_form(name: str, day: date | None) -> dict[str, str]:
    if day is None:
        return {f"{name}-day": "", f"{name}-month": "", f"{name}-year": ""}
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month),
            f"{name}-year": str(day.year)}


def page_text(response: ClientResponse) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))
