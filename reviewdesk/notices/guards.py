"""Guards: rules from apps above notices that may refuse to send a notice.

Notices sit below the stages in the layers, so they cannot ask, say, the advice in force whether
someone may be contacted. An app that may forbid contact registers a guard in its
AppConfig.ready(); ``queue_notice`` asks every guard before it keeps a notice, and a refusal stops
it (``NoticeRefused``, a ValidationError saying why): nothing is kept and nothing is sent.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import ValidationError

# (review, the addresses it is for) -> why it may not be sent, or None to let it go.
Guard = Callable[[Any, Sequence[str]], str | None]
GUARDS: list[Guard] = []


class NoticeRefused(ValidationError):
    """A guard refused the notice: its message says why and since when."""


def register(guard: Guard) -> Guard:
    if guard not in GUARDS:
        GUARDS.append(guard)
    return guard


def refusal(review: Any, recipients: Sequence[str]) -> str | None:
    """The first guard's reason not to send a notice about ``review`` to ``recipients``."""
    if review is None:
        return None
    for guard in GUARDS:
        reason = guard(review, recipients)
        if reason:
            return reason
    return None
