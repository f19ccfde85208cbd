"""``record()``: the one way anything is written to the audit trail."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from reviewdesk.audit import context as audit_context
from reviewdesk.audit import signing
from reviewdesk.audit.context import MissingAuditContext
from reviewdesk.audit.events import event_type as registered
from reviewdesk.audit.models import AuditEvent, AuditHead


def _stored_ip(address: str | None) -> str | None:
    # Hash the address as the database will store it (IPv6 is normalised on save), or an
    # untouched event would fail verification.
    return AuditEvent._meta.get_field("ip_address").get_prep_value(address)


def record(
    event_type: str,
    *,
    actor: Any = None,
    summary: str,
    review: Any = None,
    partnership_id: int | None = None,
    on_behalf_of: Any = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction.

    The actor is ``actor`` if given (the ``by`` of an action), else the audit context's (see
    ``context.py``), which also gives the address and any on-behalf-of. With neither an actor
    nor a context the event is refused (``MissingAuditContext``): work outside a request says
    who it acts as, or that it is the system's own. ``event_type`` must be listed in
    ``events.py``.

    Summaries must not hold names: pages render people through the identity register, so
    name-bearing details go in ``data`` as ids.
    """
    registered(event_type)
    context = audit_context.current()
    if actor is None:
        if context is None:
            raise MissingAuditContext(
                f"'{event_type}' has no actor and no audit context: wrap the work in "
                "audit.context.acting_as(person) or as_system(what), or pass the actor.")
        actor = context.actor
    elif not getattr(actor, "is_authenticated", False):
        actor = None
    if on_behalf_of is None and context is not None:
        on_behalf_of = context.on_behalf_of
    if partnership_id is None:
        partnership_id = getattr(review, "partnership_id", None) or getattr(
            actor, "partnership_id", None
        )
    chain = signing.chain_for(partnership_id)
    with transaction.atomic():
        # Locking the chain's head row serialises writers to that chain: two requests can never
        # both append after the same event and fork it, while other partnerships' chains are not
        # held up (on SQLite, IMMEDIATE transactions serialise every writer anyway).
        head = AuditHead.objects.select_for_update().filter(chain=chain).first()
        if head is None:
            # The chain's first event. Two first writers may race to create the head: the
            # loser's insert is ignored (ON CONFLICT DO NOTHING) and it waits for the winner's row.
            AuditHead.objects.bulk_create([AuditHead(chain=chain)], ignore_conflicts=True)
            head = AuditHead.objects.select_for_update().get(chain=chain)
        event = AuditEvent(
            chain=chain,
            seq=head.last_seq + 1,
            key_id=signing.current_key_id(),
            occurred_at=timezone.now(),
            event_type=event_type,
            actor=actor,
            on_behalf_of=on_behalf_of,
            partnership_id=partnership_id,
            review_id=getattr(review, "pk", None),
            summary=summary[:300],
            data=data or {},
            ip_address=_stored_ip(context.ip_address if context else None),
            prev_hash=head.last_hash,
        )
        event.hash = event.compute_hash()
        event.save()
        AuditHead.objects.filter(pk=head.pk).update(last_seq=event.seq, last_hash=event.hash)
    return event
