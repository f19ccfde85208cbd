"""Benchmark: 100 agencies x 5,000 rows imported and exported merged in at most 60 s and 1 GB.

    .venv/bin/python bench/chronology/scale.py [--quick] [--agencies N] [--rows N] [--seed N]
        [--worker-refresh] [--no-anonymised] [--profile]
        [--xlsx-share 0.2] [--database-url postgres://postgres@127.0.0.1:5432/test]

From an empty database (a fresh temporary SQLite file, migrated; or, with --database-url, a
scratch PostgreSQL database created next to the one given and dropped afterwards) and through
the same code as the data team's commands (``import_chronology`` and ``export_chronology`` run
with ``call_command``): generate each agency's file (seeded: the sample files' rows and writers,
``--xlsx-share`` of them Excel workbooks, the rest UTF-8 CSV), import them one by one, then
export the merged chronology as CSV and as XLSX (personalised, as the data team's command does by
default) and, for information, as anonymised CSV (every field through the register's matcher).

Prints the time of the import, of each export and the total judged (import + CSV + XLSX), the
peak resident memory (RSS) of each phase and of the whole run, and PASS or FAIL against 60 s and
1 GB; exits 1 on FAIL. ``--quick`` (5 agencies x 200 rows) is for CI: it checks the path works,
not the limits (which it passes by far). The database is set up (migrated, a partnership, a
review, its agencies and their authors) and the files generated before the clock starts.

Peak RSS per phase: Linux keeps the process's high-water mark (VmHWM); writing 5 to
/proc/self/clear_refs resets it, so each phase's peak is its own. ``ru_maxrss`` (the whole run's
peak) is printed too.

The exports read the possible duplicates the background worker stores after each acceptance
(decision 0064); no worker runs here, so the command works them out first for up to 50,000
entries (inside the export's time) and above that exports without them. ``--worker-refresh``
works them out after the imports, as the worker would, and prints that time apart.
"""

from __future__ import annotations

import argparse
import io
import os
import pathlib
import random
import re
import resource
import sys
import tempfile
import time
import uuid
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Django is set up in main(), after the path is known
    from reviewdesk.reviews.models import Review


ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench" / "chronology"))

LIMIT_SECONDS = 60.0
LIMIT_MB = 1024.0
QUICK = (5, 200)
POOLS = ["csc", "police", "health_visiting", "school", "housing", "gp", "hospital",
         "early_help", "mental_health"]


def peak_mb() -> float:
    """The high-water mark of resident memory since the last reset (MB)."""
    try:
        for line in pathlib.Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> None:
    try:
        pathlib.Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass  # not Linux: the phases' peaks are then the run's peak so far


def scratch_postgres(url: str) -> tuple[str, str, str]:
    """A new, empty database next to the one given: (its URL, the admin URL, its name)."""
    import psycopg

    name = f"reviewdesk_scale_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}", url, name


def drop_postgres(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def set_up_django(folder: pathlib.Path, database_url: str | None) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "reviewdesk.settings"
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    # Background work an acceptance queues (the anonymised search text, the possible
    # duplicates) waits on the worker's queue, as in production: not inside the import's time.
    os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ["DEBUG"] = "false"  # with DEBUG on Django keeps every query's text
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def write_files(folder: pathlib.Path, agencies: int, rows: int, seed: int,
                xlsx_share: float) -> list[tuple[str, pathlib.Path]]:
    """Each agency's file on disk: (agency name, path). Seeded, so every run is the same."""
    from reviewdesk.lib.chronology_files.tests import sample_files

    rng = random.Random(seed)
    xlsx_every = round(1 / xlsx_share) if xlsx_share > 0 else 0
    out = []
    for number in range(agencies):
        pool = POOLS[number % len(POOLS)]
        entries = sample_files._rows(rng, sample_files.POOLS[pool], rows, with_time=True)
        excel = xlsx_every and number % xlsx_every == 0
        writer = sample_files.WRITERS["xlsx_plain" if excel else "csv_bom"]
        data, _refs = writer(entries, rng)
        path = folder / "files" / f"agency-{number:03d}.{'xlsx' if excel else 'csv'}"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        out.append((f"Agency {number:03d} ({pool})", path))
    return out


def register_family(review: Review) -> None:
    """The sample files' family in the review's register, so the anonymised export has names to
    replace in the free text (as a real chronology does)."""
    from reviewdesk.lib.chronology_files.tests.sample_files import FAMILY
    from reviewdesk.reviews.models import IdentityEntry

    for label, key in [("Child B", "child"), ("Sibling", "sibling"), ("Mother", "mother"),
                       ("Mother's partner", "partner"), ("Grandmother", "grandmother")]:
        IdentityEntry.objects.create(review=review, kind=IdentityEntry.Kind.FAMILY,
                                     real_name=FAMILY[key], pseudonym=label)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help=f"{QUICK[0]} agencies x {QUICK[1]} rows, for CI")
    parser.add_argument("--agencies", type=int, default=100)
    parser.add_argument("--rows", type=int, default=5000, help="rows per agency")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--xlsx-share", type=float, default=0.2,
                        help="the share of agencies sending Excel workbooks (the rest CSV)")
    parser.add_argument("--database-url", default=None,
                        help="a PostgreSQL server to run on: a scratch database is created there")
    parser.add_argument("--worker-refresh", action="store_true",
                        help="after the imports, work out the possible duplicates as the "
                             "background worker does, and print its time (not judged)")
    parser.add_argument("--no-anonymised", action="store_true",
                        help="skip the (informational) anonymised CSV export")
    parser.add_argument("--profile", action="store_true",
                        help="profile the imports and each export (slower) and print the "
                             "functions with the most time of their own")
    args = parser.parse_args(argv)
    agencies, rows = QUICK if args.quick else (args.agencies, args.rows)

    admin = scratch = None
    database_url = None
    if args.database_url:
        database_url, admin, scratch = scratch_postgres(args.database_url)
    shm = pathlib.Path("/dev/shm")
    where = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
    try:
        with tempfile.TemporaryDirectory(prefix="chronology-scale-", dir=where) as tmp:
            folder = pathlib.Path(tmp)
            set_up_django(folder, database_url)
            return measure(args, folder, agencies, rows, "PostgreSQL" if database_url else
                       "SQLite in memory (/dev/shm)" if where else "SQLite on disk")
    finally:
        if scratch:
            from django.db import connections

            connections.close_all()
            drop_postgres(admin, scratch)


class Profiled:
    """cProfile around a phase when asked (``--profile``); each phase's 15 functions with the
    most time of their own are printed at the end."""

    def __init__(self, wanted: bool) -> None:
        self.wanted, self.reports = wanted, []
        self.profile = None

    def start(self) -> None:
        if self.wanted:
            import cProfile

            self.profile = cProfile.Profile()
            self.profile.enable()

    def stop(self, phase: str) -> None:
        if self.profile is None:
            return
        import pstats

        self.profile.disable()
        out = io.StringIO()
        pstats.Stats(self.profile, stream=out).sort_stats("tottime").print_stats(15)
        self.reports.append(f"--- {phase} (profiled)\n{out.getvalue()}")
        self.profile = None


def measure(args: argparse.Namespace, folder: pathlib.Path, agencies: int, rows: int,
        database: str) -> int:
    from django.core.management import call_command
    from run import make_review  # bench/chronology/run.py: the same review set-up

    from reviewdesk.chronology.models import Entry, Submission

    files = write_files(folder, agencies, rows, args.seed, args.xlsx_share)
    review = make_review([name for name, _path in files])
    register_family(review)
    failures: list[str] = []
    output = io.StringIO()

    profiler = Profiled(args.profile)
    reset_peak()
    started = time.perf_counter()
    profiler.start()
    for name, path in files:
        try:
            call_command("import_chronology", review.reference, str(path), "--agency", name,
                         stdout=output, stderr=output)
        except SystemExit as exc:
            failures.append(f"import of {path.name}: exit {exc.code}")
    imported = time.perf_counter() - started
    profiler.stop("imports")
    import_peak = peak_mb()
    entries = Entry.objects.filter(review=review).count()
    accepted = Submission.objects.filter(review=review, status=Submission.Status.ACCEPTED).count()

    refreshed = None
    if args.worker_refresh:
        # What the background worker does after the last acceptance (decision 0064): not part
        # of the import or the exports, which read what it stores.
        from reviewdesk.chronology import duplicates

        started = time.perf_counter()
        stored = duplicates.refresh(review.pk)
        refreshed = (time.perf_counter() - started, stored)

    timings: dict[str, tuple[float, float, int]] = {}
    exports = [("csv", []), ("xlsx", [])] + ([] if args.no_anonymised else
                                             [("csv", ["--anonymised"])])
    for fmt, extra in exports:
        label = fmt + (" anonymised" if extra else "")
        target = folder / f"export-{label.replace(' ', '-')}.{fmt}"
        out = io.StringIO()
        reset_peak()
        started = time.perf_counter()
        profiler.start()
        call_command("export_chronology", review.reference, "--format", fmt, *extra, "-o",
                     str(target), stdout=out, stderr=out)
        took = time.perf_counter() - started
        profiler.stop(f"export {label}")
        written = int(re.search(r"Wrote (\d+) entries", out.getvalue())[1])
        if written != entries:
            failures.append(f"{label} export wrote {written} of {entries} entries")
        timings[label] = (took, peak_mb(), target.stat().st_size)

    total = imported + timings["csv"][0] + timings["xlsx"][0]
    peak = max(import_peak, timings["csv"][1], timings["xlsx"][1])
    whole_run = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ok = (not failures and accepted == agencies and entries == agencies * rows
          and total <= LIMIT_SECONDS and peak <= LIMIT_MB)
    xlsx_count = sum(1 for _n, p in files if p.suffix == ".xlsx")
    print(f"Chronology at scale: {agencies} agencies x {rows:,} rows = {agencies * rows:,} "
          f"({'quick' if args.quick else 'full'}; {xlsx_count} XLSX, {agencies - xlsx_count} CSV), "
          f"seed {args.seed}, {database}")
    print(f"  import_chronology x {agencies}: {imported:7.2f} s  peak RSS {import_peak:6.0f} MB  "
          f"({entries:,} entries, {accepted} accepted submissions, "
          f"{entries / imported:,.0f} rows/s)")
    if refreshed is not None:
        print(f"  possible duplicates worked out (background worker): {refreshed[0]:7.2f} s, "
              f"{refreshed[1]:,} stored  (information, not judged)")
    for label, (took, mb, size) in timings.items():
        note = "  (information, not judged)" if label == "csv anonymised" else ""
        print(f"  export_chronology {label:<15} {took:7.2f} s  peak RSS {mb:6.0f} MB  "
              f"({size / 1e6:,.1f} MB file, {entries / took:,.0f} rows/s){note}")
    print(f"  import + CSV + XLSX export: {total:.2f} s (limit {LIMIT_SECONDS:.0f} s); peak RSS "
          f"{peak:.0f} MB (limit {LIMIT_MB:.0f} MB; whole run incl. set-up {whole_run:.0f} MB): "
          f"{'PASS' if ok else 'FAIL'}")
    for failure in failures:
        print(f"  failed: {failure}")
    for report in profiler.reports:
        print(report)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
