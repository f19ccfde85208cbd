"""manage.py audit_checkpoint: every chain's head, signed, appended to a file outside the database."""

import json

import pytest
from django.core import mail

from reviewdesk.audit.models import AuditHead
from reviewdesk.audit.tests.helpers import record_events, run

pytestmark = pytest.mark.django_db


def test_a_checkpoint_records_every_chains_head_signed_with_the_key(partnership, checkpoint_file):
    record_events(2)
    record_events(3, partnership_id=partnership.pk)

    code, out, err = run("audit_checkpoint")

    assert (code, err) == (0, "")
    chain = f"partnership-{partnership.pk}"
    assert out.strip() == f"Checkpoint written to {checkpoint_file}: {chain} at #3, system at #2."
    [line] = checkpoint_file.read_text().splitlines()
    written = json.loads(line)
    assert written["at"].startswith("2026-12-05T10:00")
    assert written["key"] == "dev"
    assert written["chains"] == {
        head.chain: {"seq": head.last_seq, "hash": head.last_hash}
        for head in AuditHead.objects.all()}
    assert len(written["sig"]) == 64


def test_checkpoints_are_appended_and_never_rewrite_the_file(checkpoint_file):
    checkpoint_file.parent.mkdir(parents=True)
    checkpoint_file.write_text("what was there before\n")
    record_events(1)
    run("audit_checkpoint")
    record_events(1)
    run("audit_checkpoint")
    lines = checkpoint_file.read_text().splitlines()
    assert lines[0] == "what was there before"
    assert [json.loads(line)["chains"]["system"]["seq"] for line in lines[1:]] == [1, 2]


def test_a_checkpoint_on_an_empty_trail_records_no_chains(checkpoint_file):
    code, out, _ = run("audit_checkpoint")
    assert code == 0
    assert out.strip().endswith(": no events yet.")
    assert json.loads(checkpoint_file.read_text())["chains"] == {}


def test_the_checkpoint_is_emailed_to_the_information_governance_contact(settings,
                                                                          checkpoint_file):
    settings.AUDIT_CHECKPOINT_EMAIL = "information.governance@testshire.example"
    record_events(1)
    assert run("audit_checkpoint")[0] == 0
    [message] = mail.outbox
    assert message.to == ["information.governance@testshire.example"]
    assert message.subject == "Review Desk audit checkpoint 2026-12-05T10:00"
    assert checkpoint_file.read_text() in message.body


def test_a_checkpoint_file_that_cannot_be_written_exits_2(settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.AUDIT_CHECKPOINT_PATH = blocker / "checkpoints.log"
    code, out, err = run("audit_checkpoint")
    assert code == 2
    assert f"The checkpoint could not be written to {blocker / 'checkpoints.log'}" in err
    assert "check AUDIT_CHECKPOINT_PATH" in err
    assert run("verify_audit")[0] == 2


def test_verify_audit_can_check_without_writing_a_checkpoint(checkpoint_file):
    record_events(2)
    code, out, _ = run("verify_audit", "--no-checkpoint")
    assert code == 0
    assert "Checkpoint written" not in out
    assert not checkpoint_file.exists()


def test_verify_audit_warns_when_the_hourly_checkpoint_has_stopped(today_is, checkpoint_file):
    from datetime import date

    record_events(1)
    run("audit_checkpoint")
    today_is(date(2026, 12, 7))
    code, _, err = run("verify_audit")
    assert code == 0
    assert "Warning: The newest checkpoint in" in err
    assert "is from 05 December 2026 10:00: the hourly manage.py audit_checkpoint does not " \
           "seem to be running." in err
