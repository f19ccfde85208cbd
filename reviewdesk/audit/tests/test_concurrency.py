"""On PostgreSQL, writers to different chains do not wait for each other; to one chain, they queue.

(SQLite's IMMEDIATE transactions serialise every writer, so there is nothing to see there.)
"""

import threading

import pytest
from django.db import connection, connections, transaction

from reviewdesk.audit.context import as_system
from reviewdesk.audit.models import AuditEvent
from reviewdesk.audit.services import record
from reviewdesk.audit.verify import verify_chain

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def hold_chain_open(partnership_id: int, locked: threading.Event, release: threading.Event) -> None:
    """Record an event and keep the transaction (and its chain's head lock) open until told."""
    try:
        with as_system("a test's writer"), transaction.atomic():
            record("test.event", summary="Held open", partnership_id=partnership_id)
            locked.set()
            release.wait(timeout=20)
    finally:
        connections.close_all()


def record_in_thread(partnership_id: int, done: threading.Event) -> threading.Thread:
    def run() -> None:
        try:
            # A new thread starts with no audit context.
            with as_system("a test's second writer"):
                record("test.event", summary="Second writer", partnership_id=partnership_id)
            done.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_another_partnerships_write_does_not_wait_and_the_same_partnerships_does() -> None:
    record("test.event", summary="Chain 1 exists", partnership_id=1)
    record("test.event", summary="Chain 2 exists", partnership_id=2)
    locked, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=hold_chain_open, args=(1, locked, release))
    holder.start()
    assert locked.wait(timeout=10)

    other_done, same_done = threading.Event(), threading.Event()
    other = record_in_thread(2, other_done)
    same = record_in_thread(1, same_done)
    # Partnership 2's write finishes while partnership 1's head is still locked...
    assert other_done.wait(timeout=10)
    # ...and partnership 1's second writer waits for the first.
    assert not same_done.wait(timeout=1)
    release.set()
    for thread in (holder, other, same):
        thread.join(timeout=20)
    assert same_done.is_set()

    assert list(AuditEvent.objects.filter(chain="partnership-1").order_by("seq")
                .values_list("seq", "summary")) == [
        (1, "Chain 1 exists"), (2, "Held open"), (3, "Second writer")]
    assert verify_chain().problems == []


def test_two_first_writers_of_a_new_chain_do_not_fork_it() -> None:
    locked, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=hold_chain_open, args=(3, locked, release))
    holder.start()
    assert locked.wait(timeout=10)
    done = threading.Event()
    second = record_in_thread(3, done)
    assert not done.wait(timeout=1)  # waits on the head row the first writer is creating
    release.set()
    for thread in (holder, second):
        thread.join(timeout=20)
    assert done.is_set()
    assert list(AuditEvent.objects.filter(chain="partnership-3").order_by("seq")
                .values_list("seq", flat=True)) == [1, 2]
    assert verify_chain().problems == []
