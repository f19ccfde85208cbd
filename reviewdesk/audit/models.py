"""The append-only, tamper-evident audit trail.

Events form one chain per partnership (and a system chain for events that belong to none). Each
event carries the keyed hash (HMAC) of the one before it in its chain, under a key that is not in
the database, so changing or removing a row breaks the chain at that point and cannot be hidden
by recomputing the hashes (see ``signing.py`` and ``verify.py``). ``AuditHead`` holds each
chain's newest sequence number and hash: writers lock their chain's row, which serialises
writers to one chain without making other partnerships wait, and it lets a removed *last* event
be noticed. Checkpoints of the heads written outside the database (``checkpoints.py``) catch the
end of a chain being cut off together with its head.
"""

from typing import Any

from django.conf import settings
from django.db import models

from reviewdesk.audit import signing


class AuditEvent(models.Model):
    # "system" or "partnership-<id>" (signing.chain_for); seq counts from 1 within the chain.
    chain = models.CharField(max_length=40)
    seq = models.PositiveBigIntegerField()
    # Which of settings.AUDIT_KEYS signed this event (the secret itself is never stored).
    key_id = models.CharField(max_length=40)
    occurred_at = models.DateTimeField(db_index=True)
    event_type = models.CharField(max_length=64, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="audit_events",
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="audit_events_on_behalf",
    )
    partnership_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    # Reviews are referred to by id, not a foreign key, so the audit app stays at the bottom of
    # the import order and a review's trail can never be cascaded away.
    review_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    summary = models.CharField(max_length=300)
    data = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        # Newest first across chains; within a chain the id rises with seq (both are given out
        # under the chain's head lock).
        ordering = ["-id"]
        indexes = [models.Index(fields=["review_id", "-seq"])]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_one_event_per_chain_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.chain} #{self.seq} {self.event_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Audit events are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("Audit events are append-only and cannot be deleted.")

    def payload(self) -> dict[str, Any]:
        """The fields the hash covers, in a stable form."""
        return signing.event_payload(self)

    def compute_hash(self) -> str:
        """The HMAC under the event's own key (``signing.UnknownKey`` if that key is not listed)."""
        return signing.sign(self.payload(), self.key_id)


GENESIS_HASH = "0" * 64


class AuditHead(models.Model):
    """One row per chain: its newest event's sequence number and hash."""

    chain = models.CharField(max_length=40, unique=True)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"audit head of {self.chain} at #{self.last_seq}"
