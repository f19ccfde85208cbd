"""The audit key: kept outside the database, rotated by listing a new one first."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from reviewdesk.audit.models import AuditEvent
from reviewdesk.audit.tests.helpers import raw_sql, record_events, run, verify_audit

pytestmark = pytest.mark.django_db

OLD = ("k1", "an-old-secret-that-was-current-until-the-rotation")
NEW = ("k2", "the-new-secret-put-first-in-AUDIT_KEYS-at-rotation")


def test_each_event_stores_the_id_of_the_key_that_signed_it_and_never_the_secret(settings):
    settings.AUDIT_KEYS = [NEW, OLD]
    [event] = record_events(1)
    assert event.key_id == "k2"
    stored = AuditEvent.objects.filter(pk=event.pk).values().get()
    assert not any(NEW[1] in str(value) or OLD[1] in str(value) for value in stored.values())


def test_after_a_rotation_events_signed_with_the_old_key_still_verify_while_it_is_listed(settings):
    settings.AUDIT_KEYS = [OLD]
    record_events(3)
    assert verify_audit()[0] == 0  # a checkpoint signed with k1

    settings.AUDIT_KEYS = [NEW, OLD]
    record_events(2)

    assert list(AuditEvent.objects.order_by("seq").values_list("key_id", flat=True)) == [
        "k1", "k1", "k1", "k2", "k2"]
    code, out, err = verify_audit()
    assert (code, err) == (0, "")
    assert "intact: 5 events in 1 chain(s) and 1 checkpoint(s) checked" in out


def test_events_signed_with_a_key_no_longer_listed_cannot_be_checked_and_say_which_key(settings):
    settings.AUDIT_KEYS = [OLD]
    record_events(2)
    assert verify_audit()[0] == 0
    settings.AUDIT_KEYS = [NEW, OLD]
    record_events(1)

    settings.AUDIT_KEYS = [NEW]
    code, out, err = verify_audit()

    # Not "broken": nothing shows a change, but nothing can show there was none either.
    assert code == 2
    assert out == ""
    assert "The audit chain cannot be checked in full:" in err
    assert "Audit events #1 to #2 of chain system were signed with the key(s) 'k1', which are " \
           "not in AUDIT_KEYS: list them again (after the current key) to check them." in err
    assert "Checkpoint line 1 was signed with the key 'k1'" in err
    assert "#3" not in err  # signed with k2, and it verifies


def test_a_run_of_events_under_a_removed_key_is_named_once_and_still_linked(settings):
    settings.AUDIT_KEYS = [OLD]
    record_events(40)
    settings.AUDIT_KEYS = [NEW, OLD]
    record_events(1)
    settings.AUDIT_KEYS = [NEW]
    code, _, err = verify_audit("--no-checkpoint")
    assert code == 2
    assert "Audit events #1 to #40 of chain system were signed with the key(s) 'k1', which " \
           "are not in AUDIT_KEYS" in err
    assert "1 problem(s) found in 41 events" in err

    # The first event under the new key vouches for the last one under the old: a change to that
    # event's hash still breaks the chain, key or no key.
    raw_sql("UPDATE audit_auditevent SET hash = %s WHERE seq = %s", ["e" * 64, 40])
    code, _, err = verify_audit("--no-checkpoint")
    assert code == 1
    assert "Audit event #41 of chain system does not follow the event before it" in err


def test_a_key_replaced_instead_of_rotated_makes_every_event_it_signed_fail(settings):
    settings.AUDIT_KEYS = [OLD]
    record_events(2)
    settings.AUDIT_KEYS = [("k1", "a-different-secret-under-the-same-key-id")]
    code, _, err = verify_audit()
    assert code == 1
    assert "Audit event #1 of chain system (test.event) was changed" in err


def test_the_checkpoint_is_signed_with_the_current_key(settings, checkpoint_file):
    settings.AUDIT_KEYS = [NEW, OLD]
    assert run("audit_checkpoint")[0] == 0
    assert '"key":"k2"' in checkpoint_file.read_text()


# --- Production settings ------------------------------------------------------------------------

MANAGE = Path(__file__).resolve().parents[3] / "manage.py"


def production_check(**extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in {"AUDIT_KEYS", "DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update({"REVIEW_DESK_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(64),
                "ALLOWED_HOSTS": "reviews.example.org",
                "DJANGO_SETTINGS_MODULE": "reviewdesk.settings", **extra})
    return subprocess.run([sys.executable, str(MANAGE), "check"], env=env, cwd=MANAGE.parent,
                          capture_output=True, text=True, timeout=120)


def test_production_refuses_to_start_without_audit_keys():
    result = production_check()
    assert result.returncode != 0
    assert "ImproperlyConfigured: AUDIT_KEYS is not set. Production needs a secret key for the " \
           "audit trail, kept outside the database" in result.stderr


def test_production_refuses_a_short_audit_key():
    result = production_check(AUDIT_KEYS="k1:too-short")
    assert result.returncode != 0
    assert "The audit key 'k1' in AUDIT_KEYS is too short" in result.stderr


def test_production_starts_with_audit_keys():
    result = production_check(AUDIT_KEYS=f"k2:{secrets.token_urlsafe(48)},k1:{secrets.token_urlsafe(48)}")
    assert result.returncode == 0, result.stderr
