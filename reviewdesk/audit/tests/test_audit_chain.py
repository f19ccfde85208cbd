"""The audit trail is a keyed hash chain: changing or removing any event is found and named."""

import pytest
from django.db import transaction
from django.test import RequestFactory

from reviewdesk.audit.context import for_request
from reviewdesk.audit.models import GENESIS_HASH, AuditEvent, AuditHead
from reviewdesk.audit.services import record
from reviewdesk.audit.tests.helpers import raw_sql, record_events, verify_audit
from reviewdesk.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def problems() -> list[tuple[str, int, str]]:
    return [(p.chain, p.seq, p.kind) for p in verify_chain().problems]


def test_each_event_carries_the_hash_of_the_one_before(business_manager):
    events = record_events(5, actor=business_manager)
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == GENESIS_HASH
    for earlier, later in zip(events, events[1:], strict=False):
        assert later.prev_hash == earlier.hash
    stored = list(AuditEvent.objects.order_by("seq"))
    assert [e.hash for e in stored] == [e.hash for e in events]
    assert all(e.compute_hash() == e.hash for e in stored)


def test_the_head_holds_the_newest_sequence_number_and_hash():
    events = record_events(3)
    head = AuditHead.objects.get(chain="system")
    assert (head.last_seq, head.last_hash) == (3, events[-1].hash)


def test_record_fills_the_partnership_from_the_actor_and_keeps_who_acted_for_whom(
        business_manager, partner):
    event = record("test.event", actor=business_manager, on_behalf_of=partner,
                   summary="Did something for a partner")
    event.refresh_from_db()
    assert event.partnership_id == business_manager.partnership_id
    assert event.chain == f"partnership-{business_manager.partnership_id}"
    assert (event.actor, event.on_behalf_of) == (business_manager, partner)


def test_an_anonymous_actor_is_recorded_as_nobody_on_the_system_chain():
    from django.contrib.auth.models import AnonymousUser

    event = record("test.event", actor=AnonymousUser(), summary="Someone tried to sign in")
    assert event.actor is None
    assert (event.chain, event.seq) == ("system", 1)


def test_a_recorded_event_cannot_be_changed_through_the_model():
    event = record_events(1)[0]
    event.summary = "Something else"
    with pytest.raises(ValueError, match="append-only and cannot be changed"):
        event.save()
    assert AuditEvent.objects.get(seq=1).summary == "Event number 1"


def test_a_recorded_event_cannot_be_deleted_through_the_model():
    event = record_events(1)[0]
    with pytest.raises(ValueError, match="append-only and cannot be deleted"):
        event.delete()
    assert AuditEvent.objects.filter(seq=1).exists()


def test_verify_audit_says_an_intact_chain_is_intact_and_writes_a_checkpoint(checkpoint_file):
    record_events(7)
    code, out, err = verify_audit()
    assert code == 0
    assert out.splitlines() == [
        "The audit chain is intact: 7 events in 1 chain(s) and 0 checkpoint(s) checked.",
        f"Checkpoint written to {checkpoint_file}.",
    ]
    # The first check has no checkpoint to compare the ends of the chains with, and says so.
    assert err.startswith("Warning: No checkpoint had been written")

    code, out, err = verify_audit()
    assert (code, err) == (0, "")
    assert "7 events in 1 chain(s) and 1 checkpoint(s) checked." in out
    assert len(checkpoint_file.read_text().splitlines()) == 2


def test_verify_audit_on_an_empty_trail_is_intact():
    code, out, err = verify_audit()
    assert (code, err) == (0, "")
    assert "intact: 0 events in 0 chain(s)" in out


def test_verify_audit_names_a_changed_event_and_a_removed_one():
    record_events(10)
    raw_sql("UPDATE audit_auditevent SET summary = %s WHERE seq = %s", ["Nothing to see", 3])
    raw_sql("DELETE FROM audit_auditevent WHERE seq = %s", [6])

    code, out, err = verify_audit()

    assert code == 1
    assert out == ""
    assert "The audit chain is broken" in err
    assert "Audit event #3 of chain system (test.event) was changed after it was recorded." in err
    assert "Audit event #6 of chain system is missing: it was removed from the trail." in err
    assert "2 problem(s) found in 9 events in 1 chain(s)" in err
    # Only those two: the events after each break are not blamed for it.
    assert problems() == [("system", 3, "changed"), ("system", 6, "missing")]


def test_a_broken_chain_gets_no_new_checkpoint(checkpoint_file):
    record_events(3)
    raw_sql("UPDATE audit_auditevent SET summary = %s WHERE seq = %s", ["Nothing to see", 2])
    assert verify_audit()[0] == 1
    assert not checkpoint_file.exists()


def test_verify_audit_finds_a_change_to_the_data_or_the_actor(business_manager, partner):
    record_events(4, actor=business_manager)
    raw_sql("UPDATE audit_auditevent SET actor_id = %s WHERE seq = %s", [partner.pk, 2])
    raw_sql("UPDATE audit_auditevent SET data = %s WHERE seq = %s", ['{"i": 99}', 4])
    code, _, err = verify_audit()
    assert code == 1
    chain = f"partnership-{business_manager.partnership_id}"
    assert f"Audit event #2 of chain {chain} (test.event) was changed" in err
    assert f"Audit event #4 of chain {chain} (test.event) was changed" in err


def test_verify_audit_notices_the_last_event_was_removed():
    record_events(4)
    raw_sql("DELETE FROM audit_auditevent WHERE seq = %s", [4])
    code, _, err = verify_audit()
    assert code == 1
    assert "Audit event #4 of chain system is missing: it was removed from the end of the trail." in err


def test_verify_audit_notices_the_last_event_and_the_head_were_removed():
    record_events(4)
    raw_sql("DELETE FROM audit_auditevent WHERE seq = %s", [4])
    raw_sql("DELETE FROM audit_audithead", [])
    code, _, err = verify_audit()
    assert code == 1
    assert "The head of chain system is missing" in err


def test_verify_audit_notices_a_head_that_no_longer_matches_the_newest_event():
    record_events(3)
    AuditHead.objects.filter(chain="system").update(last_hash="f" * 64)
    code, _, err = verify_audit()
    assert code == 1
    assert "The newest audit event of chain system does not match the recorded head" in err


def test_verify_audit_notices_every_event_was_removed():
    record_events(3)
    raw_sql("DELETE FROM audit_auditevent WHERE seq > %s", [0])
    code, _, err = verify_audit()
    assert code == 1
    for seq in (1, 2, 3):
        assert f"Audit event #{seq} of chain system is missing" in err


def test_verify_audit_notices_the_first_event_was_removed():
    record_events(3)
    raw_sql("DELETE FROM audit_auditevent WHERE seq = %s", [1])
    code, _, err = verify_audit()
    assert code == 1
    assert "Audit event #1 of chain system is missing" in err
    assert "#2" not in err


def test_many_events_in_a_row_make_one_valid_chain(business_manager):
    for i in range(300):
        with transaction.atomic():
            record("test.event", actor=business_manager if i % 2 else None,
                   partnership_id=business_manager.partnership_id,
                   summary=f"Event {i}", data={"i": i, "nested": {"list": [i, str(i)]}})
    result = verify_chain(batch_size=50)
    assert (result.checked, result.problems) == (300, [])
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, 301))
    assert AuditHead.objects.get().last_seq == 300


def test_an_event_rolled_back_with_its_change_leaves_no_gap_in_the_chain():
    record_events(2)
    with pytest.raises(RuntimeError), transaction.atomic():
        record("test.event", summary="Part of a change that failed")
        raise RuntimeError("the change failed")
    record_events(2)
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3, 4]
    assert (verify_chain().checked, problems()) == (4, [])


def test_the_first_event_of_a_chain_rolled_back_leaves_no_head_behind(partnership):
    with pytest.raises(RuntimeError), transaction.atomic():
        record("test.event", summary="Part of a change that failed", partnership_id=partnership.pk)
        raise RuntimeError("the change failed")
    assert not AuditHead.objects.exists()
    assert problems() == []


@pytest.mark.parametrize("address", ["127.0.0.1", "2001:db8::1", "2001:0DB8:0000::0001",
                                     "::ffff:192.0.2.1"])
def test_an_event_recorded_from_any_ip_address_verifies(address):
    request = RequestFactory().get("/", REMOTE_ADDR=address)
    with for_request(request):
        record("test.event", summary="Viewed a page")
    record_events(1)
    assert (verify_chain().checked, problems()) == (2, [])
