"""Sections other apps add to a review's page (the rapid review, the decision, commissioning…).

An app registers a function in its AppConfig.ready(), naming the stages whose work the section
shows; the review page calls each one and includes the template it names with the context it
returns (returning None leaves it out): the current stage's sections first, then those of stages
still to come. The sections of finished stages are not worked out for the review's page: its
history loads them from their own page when opened (``FINISHED``, docs/decisions/0069).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from reviewdesk.reviews.models import STAGE_ORDER, Stage


@dataclass
class Section:
    template: str
    order: int = 50
    context: dict[str, Any] = field(default_factory=dict)
    stages: tuple[str, ...] = ()  # whose work it shows (set from ``register``); () for any stage


SectionProvider = Callable[[HttpRequest, Any, Any], Section | None]
PROVIDERS: list[SectionProvider] = []
_STAGES: dict[SectionProvider, tuple[str, ...]] = {}
# Practitioners see only their own involvement: a separate, short list for their page.
PRACTITIONER_PROVIDERS: list[SectionProvider] = []


def register(provider: SectionProvider, *, stages: tuple[str, ...] = ()) -> SectionProvider:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)
    _STAGES[provider] = tuple(stages)
    return provider


def register_for_practitioners(provider: SectionProvider) -> SectionProvider:
    if provider not in PRACTITIONER_PROVIDERS:
        PRACTITIONER_PROVIDERS.append(provider)
    return provider


# Where a section goes on the page of a review: the work of the stage it is at (or of any stage),
# of stages still to come, or of stages it has finished.
CURRENT, LATER, FINISHED = "current", "later", "finished"


def placement(stages: tuple[str, ...], stage: str) -> str:
    now = STAGE_ORDER.index(Stage(stage))
    at = [STAGE_ORDER.index(Stage(x)) for x in stages] or [now]
    return FINISHED if max(at) < now else LATER if min(at) > now else CURRENT


def has_finished_sections(stage: str) -> bool:
    """Whether any section belongs to stages a review at this stage has finished (without
    working any of them out)."""
    return any(placement(_STAGES.get(p, ()), stage) == FINISHED for p in PROVIDERS)


def sections_for(request: HttpRequest, review: Any, names: Any, *, practitioner: bool = False,
                 placed: tuple[str, ...] = (CURRENT, LATER, FINISHED)) -> list[Section]:
    """The sections placed as asked (``placement``), in order; the others are not worked out."""
    providers = PRACTITIONER_PROVIDERS if practitioner else PROVIDERS
    found = []
    for provider in providers:
        if not practitioner and placement(_STAGES.get(provider, ()), review.stage) not in placed:
            continue
        section = provider(request, review, names)
        if section is not None:
            section.stages = section.stages or _STAGES.get(provider, ())
            found.append(section)
    return sorted(found, key=lambda s: s.order)


# Panels shown at the top of every page of a review (the base template asks for them whenever a
# page renders a review): what everyone on the review must keep in mind wherever they are, such
# as the parallel processes open now and the advice in force. Each provider returns None to show
# nothing, and must cost a fixed number of queries: it runs on every page. ``names`` is None when
# the page has none of its own: a panel that shows anything builds them for the viewer.
PANEL_PROVIDERS: list[SectionProvider] = []


def register_panel(provider: SectionProvider) -> SectionProvider:
    if provider not in PANEL_PROVIDERS:
        PANEL_PROVIDERS.append(provider)
    return provider


def panels_for(request: HttpRequest, review: Any, names: Any) -> list[Section]:
    found = [s for s in (provider(request, review, names) for provider in PANEL_PROVIDERS)
             if s is not None]
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
