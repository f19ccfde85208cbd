"""The final check before publishing: every part of the stage registers what it asks.

Each provider is given the review and the date publication would take effect, and returns
``Check`` rows: met or not, in words a business manager acts on (what is missing, where to fix
it). The publication page shows them all on one page; ``publication.actions`` refuses to schedule
or publish while any is unmet and not overridden. Providers live in the apps that own the records
(holds and the advance copy in reviewdesk.holds; harm, approvals, findings and the family here).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from reviewdesk.reviews.models import Review


@dataclass(frozen=True)
class Check:
    key: str  # stable, e.g. "hold", "advance_copy", "family"
    title: str  # what is checked, e.g. "No hold on publication"
    met: bool
    detail: str  # met: what stands; unmet: what is wrong and how to put it right
    link: str = ""  # the page where it is put right
    # An unmet check the business manager may override with a recorded reason (the family
    # not yet told the date); every other unmet check refuses.
    overridable: bool = False


Provider = Callable[[Review, date], Iterable[Check]]
_PROVIDERS: list[tuple[int, Provider]] = []


def register(provider: Provider, *, order: int) -> Provider:
    if all(p is not provider for _, p in _PROVIDERS):
        _PROVIDERS.append((order, provider))
        _PROVIDERS.sort(key=lambda item: item[0])
    return provider


def run(review: Review, on: date) -> list[Check]:
    """Every check, in the page's order, for publication taking effect on ``on``."""
    return [check for _, provider in _PROVIDERS for check in provider(review, on)]


def refusals(review: Review, on: date, *, overridden: Iterable[str] = ()) -> list[Check]:
    """The unmet checks that stop publication on ``on``; ``overridden`` names the overridable
    checks the business manager has given a reason to go past."""
    skip = set(overridden)
    return [c for c in run(review, on)
            if not c.met and not (c.overridable and c.key in skip)]
