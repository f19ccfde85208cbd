"""The audit trail's keys: HMAC-SHA256 with secrets kept outside the database.

``settings.AUDIT_KEYS`` is a list of ``(key id, secret)``, newest first: the first signs every new
event and checkpoint, the others are kept only to verify what they signed. Each event stores the
id of its key, so rotating is putting a new key first and keeping the old one listed.

Someone who can write to the database but does not hold a key can change or remove rows, but
cannot make a changed row verify (see docs/decisions/0021).
"""

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings

SYSTEM_CHAIN = "system"


class UnknownKey(LookupError):
    """An event or checkpoint names a key that is not in ``AUDIT_KEYS``."""


def chain_for(partnership_id: int | None) -> str:
    """Each partnership has a chain of its own; events that belong to none go on the system chain."""
    return SYSTEM_CHAIN if partnership_id is None else f"partnership-{partnership_id}"


def current_key_id() -> str:
    return settings.AUDIT_KEYS[0][0]


def _secret(key_id: str) -> bytes:
    for candidate, secret in settings.AUDIT_KEYS:
        if candidate == key_id:
            return secret.encode()
    raise UnknownKey(key_id)


def canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode()


def sign(payload: dict[str, Any], key_id: str) -> str:
    """The HMAC of the payload's canonical JSON under the named key (``UnknownKey`` if not listed)."""
    return hmac.new(_secret(key_id), canonical(payload), hashlib.sha256).hexdigest()


def matches(payload: dict[str, Any], key_id: str, signature: str) -> bool:
    return hmac.compare_digest(sign(payload, key_id), signature)


def event_payload(event: Any) -> dict[str, Any]:
    """The fields an event's HMAC covers, in a stable form.

    A function of the row's attributes rather than a model method, so the migration that
    re-chained the old events (on historical models, which have no methods) signs exactly what
    ``verify_audit`` checks.
    """
    return {
        "chain": event.chain,
        "seq": event.seq,
        "key": event.key_id,
        "occurred_at": event.occurred_at.isoformat(),
        "event_type": event.event_type,
        "actor": event.actor_id,
        "on_behalf_of": event.on_behalf_of_id,
        "partnership": event.partnership_id,
        "review": event.review_id,
        "summary": event.summary,
        "data": event.data,
        "ip": event.ip_address,
        "prev": event.prev_hash,
    }
