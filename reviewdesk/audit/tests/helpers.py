"""What the audit tests share: recording events, running the commands, the attacker's tools."""

import hashlib
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from reviewdesk.accounts.models import User
from reviewdesk.audit import signing
from reviewdesk.audit.models import AuditEvent
from reviewdesk.audit.services import record


def record_events(n: int, actor: User | None = None, **kwargs: object) -> list[AuditEvent]:
    return [record("test.event", actor=actor, summary=f"Event number {i}", data={"i": i}, **kwargs)
            for i in range(1, n + 1)]


def run(command: str, *args: str) -> tuple[int, str, str]:
    """Run a management command as an operator would: its exit code, stdout and stderr."""
    out, err = StringIO(), StringIO()
    try:
        call_command(command, *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue() + str(exc)
    return 0, out.getvalue(), err.getvalue()


def verify_audit(*args: str) -> tuple[int, str, str]:
    return run("verify_audit", *args)


def raw_sql(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def plain_sha256(event: AuditEvent) -> str:
    """What an attacker without the key can compute: the old scheme's unkeyed hash."""
    return hashlib.sha256(signing.canonical(event.payload())).hexdigest()
