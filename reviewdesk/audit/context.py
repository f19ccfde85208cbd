"""Who is acting, from where: the audit context every ``record()`` reads.

A request sets it in ``AuditContextMiddleware`` (the signed-in person and the address the request
came from, as ``client_address`` works it out); a management command, a background job and the
demo loader set it with ``acting_as()`` or ``as_system()``. So the functions that change things
take the acting person (``by``) and nothing else: no request is passed down to reach the audit.

A context variable, not a thread-local, so a nested ``with`` restores the outer context on exit
and work on another thread or task starts with none. ``record()`` refuses to write an event with
no actor outside any context: a trail that silently says "nobody" is worse than an error.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any

from django.http import HttpRequest

from reviewdesk.client_address import client_ip


@dataclass(frozen=True)
class AuditContext:
    # Where the work comes from, for errors and debugging: "request", "command load_demo"…
    source: str
    ip_address: str | None = None
    on_behalf_of: Any = None
    # A callable, so a request's context follows the person signing in or out during it.
    _actor: Callable[[], Any] = field(default=lambda: None, repr=False)

    @property
    def actor(self) -> Any:
        actor = self._actor()
        return actor if getattr(actor, "is_authenticated", False) else None


_current: ContextVar[AuditContext | None] = ContextVar("audit_context", default=None)


def current() -> AuditContext | None:
    return _current.get()


@contextmanager
def _entered(context: AuditContext) -> Iterator[AuditContext]:
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


@contextmanager
def for_request(request: HttpRequest) -> Iterator[AuditContext]:
    """The request's person (as they are when each event is recorded: signing in or out during
    the request changes it) and its address (X-Forwarded-For only from a trusted proxy)."""
    with _entered(AuditContext(source="request", ip_address=client_ip(request),
                               _actor=lambda: getattr(request, "user", None))) as context:
        yield context


@contextmanager
def acting_as(actor: Any, *, source: str, ip_address: str | None = None) -> Iterator[AuditContext]:
    """Record what happens inside as done by ``actor`` (a command run for a named person, the
    demo loader acting as the demo's people)."""
    with _entered(AuditContext(source=source, ip_address=ip_address,
                               _actor=lambda: actor)) as context:
        yield context


@contextmanager
def as_system(source: str) -> Iterator[AuditContext]:
    """Record what happens inside as done by Review Desk itself (a background check, a scheduled
    reminder): no actor, said explicitly. Inside a request (a job run at once in tests) it hides
    the request's person, as the worker would not know them."""
    with _entered(AuditContext(source=source)) as context:
        yield context


@contextmanager
def on_behalf_of(person: Any) -> Iterator[AuditContext]:
    """Within the current context, record events as done on ``person``'s behalf."""
    outer = current()
    if outer is None:
        raise MissingAuditContext("on_behalf_of() needs an audit context to add to.")
    with _entered(replace(outer, on_behalf_of=person)) as context:
        yield context


def acting_for(by: Any, given: Any | None) -> Any | None:
    """Whom ``by`` acts for: the person given, else the current context's, never themself."""
    if given is None and (context := current()) is not None:
        given = context.on_behalf_of
    return None if given is not None and given.pk == by.pk else given


class MissingAuditContext(RuntimeError):
    """An audit event with no actor, recorded outside any audit context."""


class AuditContextMiddleware:
    """Sets the audit context for each request (``for_request``)."""

    def __init__(self, get_response: Callable[[HttpRequest], Any]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        with for_request(request):
            return self.get_response(request)
