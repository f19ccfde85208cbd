"""0003 re-chains the events written under the old scheme, and refuses a broken old chain."""

import importlib
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Model
from django.utils import timezone

from reviewdesk.audit.models import AuditEvent, AuditHead
from reviewdesk.audit.verify import verify_chain

# Schema changes on SQLite cannot run inside the test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)

rechaining = importlib.import_module("reviewdesk.audit.migrations.0003_rechain_events_with_keyed_hashes")
BEFORE = [("audit", "0001_initial")]


def migrate(targets: list[tuple[str, str]] | None = None) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.fixture
def old_scheme() -> Iterator[tuple[type[Model], type[Model]]]:
    """The audit tables as 0001 left them; the whole schema is put back afterwards."""
    executor = migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    yield apps.get_model("audit", "AuditEvent"), apps.get_model("audit", "AuditHead")
    AuditEvent.objects.all().delete()
    migrate()


def write_old_chain(old_event: Any, old_head: Any, partnerships: list[int | None]) -> list:
    prev_hash, events = "0" * 64, []
    start = timezone.now()
    for seq, partnership_id in enumerate(partnerships, start=1):
        event = old_event(seq=seq, occurred_at=start + timedelta(minutes=seq),
                          event_type="test.event", partnership_id=partnership_id,
                          summary=f"Old event {seq}", data={"seq": seq}, prev_hash=prev_hash)
        event.hash = prev_hash = rechaining._old_hash(event, seq, prev_hash)
        event.save()
        events.append(event)
    old_head.objects.create(pk=1, last_seq=len(partnerships), last_hash=prev_hash)
    return events


def test_old_events_are_rechained_one_chain_per_partnership_under_the_current_key(old_scheme):
    write_old_chain(*old_scheme, [7, None, 8, 7, 7, None])

    migrate()

    assert list(AuditEvent.objects.order_by("id").values_list("summary", "chain", "seq", "key_id")) == [
        ("Old event 1", "partnership-7", 1, "dev"),
        ("Old event 2", "system", 1, "dev"),
        ("Old event 3", "partnership-8", 1, "dev"),
        ("Old event 4", "partnership-7", 2, "dev"),
        ("Old event 5", "partnership-7", 3, "dev"),
        ("Old event 6", "system", 2, "dev"),
    ]
    assert sorted(AuditHead.objects.values_list("chain", "last_seq")) == [
        ("partnership-7", 3), ("partnership-8", 1), ("system", 2)]
    result = verify_chain()
    assert (result.checked, result.chains, result.problems) == (6, 3, [])


def test_a_broken_old_chain_is_not_rechained(old_scheme):
    old_event, old_head = old_scheme
    write_old_chain(old_event, old_head, [7, 7, 7])
    old_event.objects.filter(seq=2).update(summary="Changed after it was recorded")

    with pytest.raises(RuntimeError, match=r"The audit chain is broken, so it was not re-chained "
                                           r"under the audit key .*: event #2 was changed\."):
        migrate()


def test_an_old_chain_cut_at_the_end_is_not_rechained(old_scheme):
    old_event, old_head = old_scheme
    write_old_chain(old_event, old_head, [7, 7, 7])
    old_event.objects.filter(seq=3).delete()

    with pytest.raises(RuntimeError, match=r"the head \(#3\) does not match the newest event "
                                           r"\(#2\): events were removed from the end"):
        migrate()


def test_migrating_back_gives_one_valid_unkeyed_chain_in_the_order_events_were_written(old_scheme):
    write_old_chain(*old_scheme, [7, None, 8, 7])
    migrate()
    executor = migrate(BEFORE)
    old_event, old_head = (executor.loader.project_state(BEFORE).apps.get_model("audit", name)
                           for name in ("AuditEvent", "AuditHead"))
    rechaining._check_old_chain(old_event, old_head)  # raises if it is not a valid old chain
    assert list(old_event.objects.order_by("seq").values_list("seq", "summary")) == [
        (1, "Old event 1"), (2, "Old event 2"), (3, "Old event 3"), (4, "Old event 4")]
