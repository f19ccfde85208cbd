"""Sections other apps add to a review's page (the rapid review, the decision, commissioning…).

An app registers a function in its AppConfig.ready(); the review page calls each one and
includes the template it names with the context it returns. Returning None leaves it out.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass
class Section:
    template: str
    order: int = 50
    context: dict[str, Any] = field(default_factory=dict)


SectionProvider = Callable[[HttpRequest, Any, Any], Section | None]
PROVIDERS: list[SectionProvider] = []


def register(provider: SectionProvider) -> SectionProvider:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)
    return provider


def sections_for(request: HttpRequest, review: Any, names: Any) -> list[Section]:
    found = [s for provider in PROVIDERS if (s := provider(request, review, names)) is not None]
    return sorted(found, key=lambda s: s.order)
