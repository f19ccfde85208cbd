"""``record()``: the one way anything is written to the audit trail."""

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from reviewdesk.audit import signing
from reviewdesk.audit.models import AuditEvent, AuditHead
from reviewdesk.client_address import client_ip


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    # The same address the sign-in lockout uses: X-Forwarded-For only from a trusted proxy.
    address = client_ip(request)
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
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction.

    Summaries must not hold names: pages render people through the identity register, so
    name-bearing details go in ``data`` as ids.
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
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
            ip_address=_client_ip(request),
            prev_hash=head.last_hash,
        )
        event.hash = event.compute_hash()
        event.save()
        AuditHead.objects.filter(pk=head.pk).update(last_seq=event.seq, last_hash=event.hash)
    return event
