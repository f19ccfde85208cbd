"""One chain per partnership, and a system chain for events that belong to none."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviewdesk.accounts.models import Partnership
from reviewdesk.audit.models import AuditEvent, AuditHead
from reviewdesk.audit.services import record
from reviewdesk.audit.tests.helpers import raw_sql, verify_audit
from reviewdesk.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_partnership() -> Partnership:
    return Partnership.objects.create(name="Otherby Safeguarding Children Partnership", code="OB")


def test_two_partnerships_number_their_events_independently(partnership, other_partnership):
    for i in range(3):
        record("test.event", summary=f"Testshire {i}", partnership_id=partnership.pk)
        record("test.event", summary=f"Otherby {i}", partnership_id=other_partnership.pk)
    record("test.event", summary="A sign-in for nobody we know")

    def sequence(chain: str) -> list[tuple[int, str]]:
        return list(AuditEvent.objects.filter(chain=chain).order_by("seq")
                    .values_list("seq", "summary"))

    assert sequence(f"partnership-{partnership.pk}") == [
        (1, "Testshire 0"), (2, "Testshire 1"), (3, "Testshire 2")]
    assert sequence(f"partnership-{other_partnership.pk}") == [
        (1, "Otherby 0"), (2, "Otherby 1"), (3, "Otherby 2")]
    assert sequence("system") == [(1, "A sign-in for nobody we know")]
    assert sorted(AuditHead.objects.values_list("chain", "last_seq")) == sorted([
        (f"partnership-{partnership.pk}", 3), (f"partnership-{other_partnership.pk}", 3),
        ("system", 1)])
    code, out, _ = verify_audit()
    assert code == 0
    assert "7 events in 3 chain(s)" in out


def test_an_event_follows_the_one_before_it_in_its_own_chain_only(partnership, other_partnership):
    first = record("test.event", summary="Testshire", partnership_id=partnership.pk)
    record("test.event", summary="Otherby", partnership_id=other_partnership.pk)
    second = record("test.event", summary="Testshire again", partnership_id=partnership.pk)
    assert second.prev_hash == first.hash


def test_a_break_in_one_partnership_chain_is_named_there_and_nowhere_else(partnership,
                                                                          other_partnership):
    for i in range(3):
        record("test.event", summary=f"Testshire {i}", partnership_id=partnership.pk)
        record("test.event", summary=f"Otherby {i}", partnership_id=other_partnership.pk)
    raw_sql("UPDATE audit_auditevent SET summary = %s WHERE chain = %s AND seq = %s",
            ["Nothing to see", f"partnership-{other_partnership.pk}", 2])
    assert [(p.chain, p.seq, p.kind) for p in verify_chain().problems] == [
        (f"partnership-{other_partnership.pk}", 2, "changed")]


def test_recording_an_event_locks_only_its_own_chain_in_three_queries(partnership):
    record("test.event", summary="The chain's first event", partnership_id=partnership.pk)
    record("test.event", summary="Another partnership's", partnership_id=partnership.pk + 1)
    with CaptureQueriesContext(connection) as captured:
        record("test.event", summary="An ordinary event", partnership_id=partnership.pk)
    # Lock the head, insert the event, move the head: as before the chains were split (the
    # savepoint around them is record()'s own transaction inside the test's).
    queries = [q["sql"] for q in captured.captured_queries
               if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    assert len(queries) == 3
    assert "audit_audithead" in queries[0] and f"partnership-{partnership.pk}" in queries[0]
