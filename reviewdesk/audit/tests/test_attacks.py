"""Someone with write access to the database, but not the audit key, tries to rewrite history.

Before the chain was keyed, both attacks here passed verify_audit: the hashes were plain SHA-256
over the rows, so a forger could recompute every later hash, or cut the tail and move the head.
"""

import json

import pytest

from reviewdesk.audit.models import AuditEvent, AuditHead
from reviewdesk.audit.tests.helpers import plain_sha256, raw_sql, record_events, run, verify_audit
from reviewdesk.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def rewrite_from(seq: int, summary: str, chain: str = "system") -> None:
    """The old attack: change one event, then recompute every later hash and the head."""
    prev_hash = None
    for event in AuditEvent.objects.filter(chain=chain, seq__gte=seq).order_by("seq"):
        if event.seq == seq:
            event.summary = summary
        if prev_hash is not None:
            event.prev_hash = prev_hash
        event.hash = prev_hash = plain_sha256(event)
        AuditEvent.objects.filter(pk=event.pk).update(
            summary=event.summary, prev_hash=event.prev_hash, hash=event.hash)
    AuditHead.objects.filter(chain=chain).update(last_hash=prev_hash)


def cut_tail(keep: int, chain: str = "system") -> None:
    """Delete the newest events and move the head back to the last one kept."""
    AuditEvent.objects.filter(chain=chain, seq__gt=keep).delete()
    kept = AuditEvent.objects.get(chain=chain, seq=keep)
    AuditHead.objects.filter(chain=chain).update(last_seq=keep, last_hash=kept.hash)


def test_an_event_rewritten_with_every_later_hash_recomputed_is_caught():
    record_events(6)
    rewrite_from(2, "Nothing happened here")

    code, out, err = verify_audit()

    assert code == 1
    assert out == ""
    assert "Audit event #2 of chain system (test.event) was changed after it was recorded." in err
    # Every rewritten event fails its own HMAC: the forger could not sign any of them.
    assert [(p.seq, p.kind) for p in verify_chain().problems] == [
        (seq, "changed") for seq in range(2, 7)]


def test_an_event_rewritten_after_a_checkpoint_is_caught_by_its_hmac_and_the_checkpoint():
    record_events(4)
    assert run("audit_checkpoint")[0] == 0
    rewrite_from(4, "Nothing happened here")
    code, _, err = verify_audit()
    assert code == 1
    assert "Audit event #4 of chain system (test.event) was changed" in err


def test_the_tail_cut_off_with_the_head_moved_back_is_caught_by_the_checkpoint():
    record_events(5)
    assert verify_audit()[0] == 0  # writes a checkpoint at #5
    record_events(2)
    assert run("audit_checkpoint")[0] == 0  # the hourly one, at #7

    cut_tail(keep=3)

    code, out, err = verify_audit()
    assert code == 1
    assert out == ""
    assert "Chain system was cut back: the checkpoint of 05 December 2026 10:00 (line 2) " \
           "recorded it at event #7, but it now ends at #3. Events #4 to #7 were removed " \
           "from the end of the trail." in err
    assert [(p.chain, p.seq, p.kind) for p in verify_chain().problems] == [("system", 7, "missing")]


def test_without_a_checkpoint_a_cut_tail_cannot_be_seen_and_verify_audit_warns():
    # The limit of the design: events since the last checkpoint can be removed unnoticed (at
    # most an hour's worth with the hourly job), which is why verify_audit warns without one.
    record_events(5)
    cut_tail(keep=3)
    code, _, err = verify_audit()
    assert code == 0
    assert "Warning: No checkpoint had been written" in err


def test_a_whole_chain_removed_with_its_head_is_caught_by_the_checkpoint(partnership):
    record_events(3, partnership_id=partnership.pk)
    record_events(2)
    assert run("audit_checkpoint")[0] == 0
    AuditEvent.objects.filter(chain=f"partnership-{partnership.pk}").delete()
    AuditHead.objects.filter(chain=f"partnership-{partnership.pk}").delete()
    code, _, err = verify_audit()
    assert code == 1
    assert f"Chain partnership-{partnership.pk} was cut back" in err
    assert "it now ends at #0" in err


def test_an_event_moved_to_another_chain_is_caught():
    record_events(3)
    raw_sql("UPDATE audit_auditevent SET chain = %s, seq = %s WHERE seq = %s",
            ["partnership-999", 1, 3])
    code, _, err = verify_audit()
    assert code == 1
    assert "Audit event #1 of chain partnership-999 (test.event) was changed" in err


def test_a_checkpoint_line_edited_to_match_a_cut_chain_is_caught(checkpoint_file):
    record_events(5)
    assert run("audit_checkpoint")[0] == 0
    cut_tail(keep=3)
    kept = AuditEvent.objects.get(chain="system", seq=3)
    line = json.loads(checkpoint_file.read_text())
    line["chains"]["system"] = {"seq": 3, "hash": kept.hash}
    checkpoint_file.write_text(json.dumps(line) + "\n")

    code, _, err = verify_audit()

    assert code == 1
    assert "Checkpoint line 1 (written 05 December 2026 10:00) does not carry a valid " \
           "signature: it was changed, or written without the audit key." in err


def test_a_made_up_checkpoint_line_is_caught(checkpoint_file):
    record_events(2)
    assert run("audit_checkpoint")[0] == 0
    with checkpoint_file.open("a") as f:
        f.write('{"at": "2026-12-05T10:30:00+00:00", "key": "dev", "chains": {}, "sig": "00"}\n')
        f.write("not even json\n")
    code, _, err = verify_audit()
    assert code == 1
    assert "Checkpoint line 2 (written 05 December 2026 10:30) does not carry a valid signature" in err
    assert "Checkpoint line 3 cannot be read: it was changed or damaged." in err
