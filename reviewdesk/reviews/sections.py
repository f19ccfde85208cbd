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
# Practitioners see only their own involvement: a separate, short list for their page.
PRACTITIONER_PROVIDERS: list[SectionProvider] = []


def register(provider: SectionProvider) -> SectionProvider:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)
    return provider


def register_for_practitioners(provider: SectionProvider) -> SectionProvider:
    if provider not in PRACTITIONER_PROVIDERS:
        PRACTITIONER_PROVIDERS.append(provider)
    return provider


def sections_for(request: HttpRequest, review: Any, names: Any, *,
                 practitioner: bool = False) -> list[Section]:
    providers = PRACTITIONER_PROVIDERS if practitioner else PROVIDERS
    found = [s for provider in providers if (s := provider(request, review, names)) is not None]
    return sorted(found, key=lambda s: s.order)


@dataclass(frozen=True)
class SettingsPage:
    url_name: str
    title: str
    description: str


# The partnership's settings pages, gathered on one page for the business manager.
SETTINGS_PAGES: list[SettingsPage] = []


def register_settings_page(url_name: str, title: str, description: str) -> None:
    if all(p.url_name != url_name for p in SETTINGS_PAGES):
        SETTINGS_PAGES.append(SettingsPage(url_name, title, description))


@dataclass(frozen=True)
class TaskPage:
    url_name: str  # takes the review's uuid
    link_text: str


# Tasks an app ticks off from its own page, not with 'Mark done' (the partners' sign-off is done
# when all three partners have signed off): the review page links there instead.
TASK_PAGES: dict[str, TaskPage] = {}


def register_task_page(key: str, url_name: str, link_text: str) -> None:
    TASK_PAGES[key] = TaskPage(url_name, link_text)
