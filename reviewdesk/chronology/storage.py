"""Storing a chronology, inside the caller's transaction: its entries (one statement for a whole
file), its excluded rows, its counts and its file (under a random name), and reading the file back.
"""

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction

from reviewdesk.accounts.models import User
from reviewdesk.chronology.checking import CheckResult, problem_dicts
from reviewdesk.chronology.checks import CheckedRow
from reviewdesk.chronology.models import Entry, ExcludedRow, Submission


def new_entry(submission: Submission, row: CheckedRow) -> Entry:
    return Entry(
        review_id=submission.review_id, agency_id=submission.agency_id, submission=submission,
        date=row.date.date, precision=row.date.precision, uncertain=row.date.uncertain,
        time=row.time, sequence=row.sequence, source=row.source, role=row.role, event=row.event,
        action=row.action, analysis=row.analysis, warnings=problem_dicts(row.warnings),
        row_ref=row.ref[:20], row_label=row.label[:40], position=row.position)


# The columns of an entry (every concrete field but the id).
ENTRY_FIELDS = [f for f in Entry._meta.concrete_fields if not f.primary_key]
# The columns insert_rows writes, in order: every concrete field but the id (checked below).
_ROW_COLUMNS = ["review_id", "agency_id", "submission_id", "date", "precision", "uncertain", "time",
                "sequence", "source", "role", "event", "action", "analysis", "warnings", "row_ref",
                "row_label", "position", "edited_by_id", "edited_at", "carried_from_id", "version"]
assert sorted(_ROW_COLUMNS) == sorted(f.attname for f in ENTRY_FIELDS), "Entry changed: update _ROW_COLUMNS"


def insert_rows(submission: Submission, rows: list[CheckedRow]) -> int:
    """Insert a submission's checked rows as entries with one executemany of plain tuples (COPY on
    PostgreSQL), inside the caller's transaction: the same rows as ``bulk_create`` of
    ``new_entry(...)`` would write. Why not bulk_create: measured on the benchmark's 1,500 rows, it
    spent 3-5 times as long building its SQL (a prepare step per field per row) as the database
    spent inserting, and the import must stay within twice the plain readers' time; building an
    Entry per row and converting field by field were two thirds of the storing time at 5,000 rows.
    Entry has no save() logic, signals or auto fields; dates and times go through the backend's own
    adapters (ISO text on SQLite, native on PostgreSQL) and the warnings through the JSON field, as
    the ORM would, and the tests read the rows back through the ORM."""
    if not rows:
        return 0
    connection = transaction.get_connection()
    ops = connection.ops
    by_name = {f.attname: f for f in ENTRY_FIELDS}
    columns = ", ".join(ops.quote_name(by_name[name].column) for name in _ROW_COLUMNS)
    sql = (f"INSERT INTO {ops.quote_name(Entry._meta.db_table)} ({columns}) "
           f"VALUES ({', '.join(['%s'] * len(_ROW_COLUMNS))})")
    warnings_field = by_name["warnings"]
    no_warnings = warnings_field.get_db_prep_save([], connection)
    adapt_date, adapt_time = ops.adapt_datefield_value, ops.adapt_timefield_value
    review, agency, pk = submission.review_id, submission.agency_id, submission.pk
    params = []
    for row in rows:
        day, warnings = row.date, row.warnings
        params.append((
            review, agency, pk, adapt_date(day.date), day.precision, day.uncertain,
            None if row.time is None else adapt_time(row.time), row.sequence, row.source,
            row.role, row.event, row.action, row.analysis,
            warnings_field.get_db_prep_save(problem_dicts(warnings), connection) if warnings
            else no_warnings,
            row.ref[:20], row.label[:40], row.position, None, None, None, 1))
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if connection.vendor == "postgresql" and hasattr(raw, "copy"):
            # psycopg 3: COPY streams the rows in one statement, about five times as fast as
            # executemany's statement per row (same values, same adapters, same transaction).
            table = ops.quote_name(Entry._meta.db_table)
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for values in params:
                    copy.write_row(values)
        else:
            cursor.executemany(sql, params)
    return len(params)


def copy_entries(source: Submission, target: Submission) -> tuple[int, int]:
    """Copy a version's entries into a new version, inside the caller's transaction, in their
    order, each knowing the entry it was copied from (``carried_from``) and not yet edited: one
    INSERT ... SELECT, so a 5,000-entry chronology is copied by the database in a moment (building
    5,000 Entry objects for bulk_create took ten times as long). Returns (entries copied, their
    warnings)."""
    connection = transaction.get_connection()
    quote = connection.ops.quote_name
    fields = [f for f in ENTRY_FIELDS if f.attname != "submission_id"]
    chosen = {"carried_from_id": quote(Entry._meta.pk.column), "edited_by_id": "NULL",
              "edited_at": "NULL"}
    columns = ", ".join(quote(f.column) for f in fields)
    values = ", ".join(chosen.get(f.attname, quote(f.column)) for f in fields)
    table = quote(Entry._meta.db_table)
    submission = quote(Entry._meta.get_field("submission").column)
    order = f"{quote(Entry._meta.get_field('position').column)}, {quote(Entry._meta.pk.column)}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({submission}, {columns}) SELECT %s, {values} FROM {table} "
            f"WHERE {submission} = %s ORDER BY {order}",
            [target.pk, source.pk])
    warnings = Entry.objects.filter(submission=target).values_list("warnings", flat=True)
    return target.entries.count(), sum(len(w or []) for w in warnings)


def store_entries(submission: Submission, result: CheckResult, *, by: User | None,
                   exclusions: dict[str, str]) -> tuple[int, int]:
    imported = insert_rows(submission, result.clean_rows)
    excluded = [ExcludedRow(submission=submission, row_ref=r.ref[:20], row_label=r.label[:40],
                            codes=sorted({p.code for p in r.errors}),
                            reason=exclusions[r.ref].strip(), excluded_by=by)
                for r in result.error_rows]
    if excluded:
        ExcludedRow.objects.bulk_create(excluded)
    refresh_statistics()
    return imported, len(excluded)


def refresh_statistics() -> None:
    """Let SQLite's query planner know how many entries there now are (PostgreSQL's autovacuum
    keeps its own statistics). Without them SQLite guesses a review has ten entries, reads them by
    the plain review index and sorts them all for the merged order: at 500,000 entries that cost
    an export 4 s more than reading the merged order's index. ``optimize`` analyses only a table
    that has grown tenfold since it was last analysed, and ``analysis_limit`` keeps that quick."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA analysis_limit=1000")
            cursor.execute("PRAGMA optimize=0x10002")


def store_counts(submission: Submission, result: CheckResult) -> None:
    submission.rows_total = len(result.rows)
    submission.error_count = len(result.errors)
    submission.warning_count = len(result.warnings)
    submission.problems = problem_dicts(result.problems)


def save_file(submission: Submission, data: bytes) -> None:
    # A random name on disk, never the name the agency gave it (often the child's name).
    submission.file.save(secrets.token_hex(16), ContentFile(data), save=False)


def discard_file(submission: Submission) -> None:
    """A transaction that stored a file was rolled back: the file goes too (nothing half-saved)."""
    if submission.file and submission.file.name:
        submission.file.storage.delete(submission.file.name)


def stored_bytes(submission: Submission) -> bytes:
    if not submission.file:
        raise ValidationError("This version has no stored file.")
    try:
        with submission.file.open("rb") as handle:
            data: bytes = handle.read()
            return data
    except OSError as exc:
        raise ValidationError("The uploaded file is no longer in storage. Upload it again.") from exc


def store_check(submission: Submission, result: CheckResult) -> None:
    store_counts(submission, result)
    submission.mapping = result.mapping
    submission.status = (Submission.Status.PROBLEMS if result.errors
                         else Submission.Status.READY)
    submission.progress = 100
    submission.lease_expires_at = None
    submission.save(update_fields=["rows_total", "error_count", "warning_count", "problems",
                                   "mapping", "default_source", "status", "progress",
                                   "lease_expires_at"])


def check_data(submission: Submission) -> dict[str, Any]:
    """What the audit row of a finished check holds: ids and counts, never text."""
    return {"submission": submission.pk, "agency": submission.agency_id,
            "version": submission.version, "rows": submission.rows_total,
            "errors": submission.error_count, "warnings": submission.warning_count,
            "status": submission.status}
