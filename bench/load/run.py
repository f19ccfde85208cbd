"""The load test: Review Desk served by gunicorn on PostgreSQL with its background workers, and
Locust's people (bench/load/locustfile.py) using it at once, on 127.0.0.1 only.

    .venv/bin/python manage.py load_scale_data --partnerships 5 --reviews 1000   # once
    .venv/bin/python bench/load/run.py [--users 50] [--minutes 10] [--think 5-25] [--workers 4]
        [--instances 1] [--job-workers 1] [--database-url postgres://postgres@127.0.0.1:5432/scale]

Needs the scale data in the database given (``load_scale_data``, same DATABASE_URL). Starts
``--instances`` gunicorn servers of ``--workers`` workers each, and ``--job-workers`` background
workers for each queue (heavy: the checks; default: notices and the rest), all with DEBUG off,
kept files in a temporary folder (or the object store STORAGE_S3_* names), e-mail to files. Then
Locust runs ``--users`` people for ``--minutes`` (headless), and the script prints:

* page views (every GET but the file downloads): requests, errors, p50 / p95 / max, and each
  page's p95; target p95 <= 100 ms and no error;
* exports and uploads (a 5,000-entry export, a chronology file of up to 5,000 rows, a draft):
  p95, target <= 2 s;
* background jobs queued during the run: how soon a worker started each (p95, target <= 5 s),
  and whether any ran twice;
* notices: none sent twice (each notice's e-mails counted in the files the mail went to).

The page figures count from the moment every person has signed in (started at
``--spawn-rate`` a second, each an Argon2 check, slow on purpose), as Locust's --reset-stats
would; what the requests made meanwhile took is printed apart (``--include-start`` counts
them); errors count whenever they happen. Exits 1 if a target is missed.
``bench/cluster/run.sh`` runs it with two servers and two workers a queue (the cluster test).
Stops everything it started, whatever happens.
"""

import argparse
import json
import os
import pathlib
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime

ROOT = pathlib.Path(__file__).resolve().parents[2]
PY = str(ROOT / ".venv" / "bin" / "python")
PAGE_TARGET_MS, FILE_TARGET_MS, JOB_TARGET_S = 100.0, 2000.0, 5.0
FILE_PAGES = ("export:", "upload:")


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reviewdesk.settings")
    sys.path.insert(0, str(ROOT))
    import django as dj

    dj.setup()


def plan() -> dict:
    """Each partnership's reviews, by what its people can do with them."""
    from django.db.models import Count

    from reviewdesk.accounts.models import Agency, Partnership
    from reviewdesk.chronology.models import Entry, Submission
    from reviewdesk.reviews.models import Review, ReviewRole, Stage

    made = {}
    for partnership in Partnership.objects.filter(code__startswith="SC").order_by("code"):
        n = partnership.code.removeprefix("SC")
        reviews = Review.objects.filter(partnership=partnership)
        agencies = list(Agency.objects.filter(partnership=partnership).order_by("pk"))
        with_entries = (Entry.objects.filter(review__partnership=partnership)
                        .values("review__uuid").annotate(n=Count("pk")).order_by("-n"))
        school_sent = Submission.objects.filter(agency=agencies[4],
                                                status=Submission.Status.ACCEPTED)
        team = reviews.filter(memberships__person__email=f"lead.reviewer.{n}@scale.reviewdesk."
                                                         "invalid",
                              memberships__role=ReviewRole.LEAD_REVIEWER)
        made[n] = {
            "all": [str(u) for u in reviews.values_list("uuid", flat=True)],
            "chronology": [str(r["review__uuid"]) for r in with_entries],
            "largest": str(with_entries[0]["review__uuid"]),
            "team": [str(u) for u in team.values_list("uuid", flat=True)],
            "report": [str(u) for u in team.filter(stage=Stage.REPORT).values_list("uuid",
                                                                                    flat=True)],
            "open_chronology": [str(u) for u in reviews.filter(
                stage__in=[Stage.CHRONOLOGY, Stage.CONVERSATIONS, Stage.FAMILY],
                chronology_authors__agency=agencies[4]).exclude(
                pk__in=school_sent.values("review_id")).values_list("uuid", flat=True)],
            "police": agencies[1].pk, "social_care": agencies[0].pk, "school": agencies[4].pk,
            "reference": reviews.first().reference,
        }
        missing = [k for k in ("chronology", "team", "report", "open_chronology") if not made[n][k]]
        if missing:
            raise SystemExit(f"Partnership {partnership.code} has no reviews for {missing}: load "
                             "more (load_scale_data --reviews N).")
    if not made:
        raise SystemExit("No scale data in this database: run manage.py load_scale_data first, "
                         "with the same DATABASE_URL.")
    return {"partnerships": made}


def start(args: argparse.Namespace, work: pathlib.Path, env: dict) -> tuple[list, list[str]]:
    processes, hosts = [], []
    for i in range(args.instances):
        port = free_port()
        hosts.append(f"http://127.0.0.1:{port}")
        processes.append(subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "reviewdesk.wsgi", "--bind",
             f"127.0.0.1:{port}", "--workers", str(args.workers), "--timeout", "120",
             "--config", str(ROOT / "gunicorn.conf.py")],
            cwd=ROOT, env=env, stdout=open(work / f"gunicorn-{i}.log", "w"),
            stderr=subprocess.STDOUT))
    for i in range(args.job_workers):
        for queue in ("heavy", "default"):
            processes.append(subprocess.Popen(
                [PY, "manage.py", "db_worker", "--no-reload", "--interval", "0.25",
                 "--queue-name", queue], cwd=ROOT, env=env,
                stdout=open(work / f"worker-{queue}-{i}.log", "w"), stderr=subprocess.STDOUT))
    for host in hosts:  # ready when the sign-in page answers
        for _ in range(240):
            try:
                with socket.create_connection(("127.0.0.1", int(host.rsplit(":", 1)[1])), 1):
                    break
            except OSError:
                time.sleep(0.25)
    return processes, hosts


def queue_notices(count: int) -> None:
    """Notices for the workers to send while the run goes on, through the app's own queue."""
    from django.db import transaction

    from reviewdesk.notices.actions import queue_notice
    from reviewdesk.reviews.models import Review

    reviews = list(Review.objects.select_related("partnership").order_by("pk")[:count])
    stamp = datetime.now(UTC).isoformat()
    for n, review in enumerate(reviews):
        with transaction.atomic():
            queue_notice(partnership_id=review.partnership_id, review=review,
                         purpose="load_test", dedupe_key=f"load:{stamp}:{n}",
                         recipient_label="The business unit",
                         recipients=[review.partnership.business_unit_email],
                         subject=f"Load test notice {n} ({stamp})",
                         body="A notice queued by the load test.")


def backlog_worked_off(limit: float = 1800) -> float:
    """Wait until the workers have started every task queued before the run (load_scale_data's
    notices, say), so the run measures its own jobs."""
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    began = time.monotonic()
    while DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists():
        if time.monotonic() - began > limit:
            raise SystemExit("The workers did not work off the queued tasks in 30 minutes.")
        time.sleep(1)
    return time.monotonic() - began


def stop(processes: list) -> None:
    for p in processes:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    for p in processes:
        try:
            p.wait(20)
        except subprocess.TimeoutExpired:
            p.kill()


def jobs_since(started: datetime) -> dict:
    """How soon each task queued during the run was started, and how many ran more than once."""
    from django_tasks_db.models import DBTaskResult

    waits, kinds, twice = [], Counter(), 0
    for task in DBTaskResult.objects.filter(enqueued_at__gte=started):
        kinds[task.task_path.rsplit(".", 1)[-1]] += 1
        if task.started_at:
            waits.append((task.started_at - task.enqueued_at).total_seconds())
        twice += len(task.worker_ids) > 1
    unstarted = sum(kinds.values()) - len(waits)
    return {"waits": waits, "kinds": kinds, "twice": twice, "unstarted": unstarted}


def checks_since(started: datetime) -> dict:
    """Each upload's check finished once: one 'check finished' audit row per submission."""
    from reviewdesk.audit.models import AuditEvent

    done = Counter()
    for event_type, data in AuditEvent.objects.filter(
            occurred_at__gte=started, event_type__in=["chronology.file_checked",
                                                      "reports.draft_checked"]
    ).values_list("event_type", "data"):
        done[(event_type, data.get("submission") or data.get("check") or json.dumps(data))] += 1
    return {"finished": sum(done.values()), "twice": sum(1 for v in done.values() if v > 1)}


def notices_sent_twice(mail_dir: pathlib.Path) -> tuple[int, int]:
    """E-mails written by the file backend, by subject and recipients: (sent, sent twice)."""
    sent = Counter()
    for path in mail_dir.glob("*.log"):
        for message in path.read_text(errors="replace").split("-" * 79):
            subject = re.search(r"^Subject: (.*)$", message, re.M)
            to = re.search(r"^To: (.*)$", message, re.M)
            if subject and to:
                sent[(subject[1], to[1])] += 1
    return sum(sent.values()), sum(1 for v in sent.values() if v > 1)


def audit_rows() -> int:
    from reviewdesk.audit.models import AuditEvent

    return AuditEvent.objects.count()


def report(records: list, jobs: dict, checks: dict, mails: tuple[int, int], args,
           audited: int = 0) -> bool:
    """The figures, from the moment every person had started (signed in) unless
    --include-start: the sign-in burst (50 Argon2 checks at 5 a second) is printed apart."""
    starting = [r for r in records if not r[5]]
    if starting:
        views = [r[2] for r in starting if r[1] != "sign in" and not r[1].startswith(FILE_PAGES)]
        print(f"While people were signing in: {len(starting)} requests, page views p95 "
              f"{percentile(views, 95):.0f} ms" + ("" if args.include_start else
                                                     " (left out of the figures below)"))
    all_records = records
    if not args.include_start:
        records = [r for r in records if r[5]]
    pages = defaultdict(list)
    errors = Counter()
    for _kind, name, _ms, _length, ok, _steady in all_records:
        errors[name] += not ok  # an error counts whenever it happened
    for _kind, name, ms, _length, _ok, _steady in records:
        pages[name].append(ms)
    views = [ms for name, times in pages.items() if not name.startswith(FILE_PAGES)
             and name != "sign in" for ms in times]
    files = [ms for name, times in pages.items() if name.startswith(FILE_PAGES) for ms in times]
    view_errors = sum(v for k, v in errors.items() if not k.startswith(FILE_PAGES))
    file_errors = sum(v for k, v in errors.items() if k.startswith(FILE_PAGES))
    seconds = args.minutes * 60
    print(f"\n{args.users} people, {args.think} s on a page, for {args.minutes:g} min on "
          f"{args.instances} server(s) x {args.workers} workers, {args.job_workers} background "
          f"worker(s) a queue: {len(all_records) / seconds:.1f} requests a second")
    print(f"{'page':<48}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for name in sorted(pages):
        t = pages[name]
        print(f"{name:<48}{len(t):>9}{errors[name]:>8}{percentile(t, 50):>9.0f}"
              f"{percentile(t, 95):>9.0f}{max(t):>9.0f}")
    p95_views, p95_files = percentile(views, 95), percentile(files, 95)
    waits = jobs["waits"]
    results = [
        (f"page views: {len(views):,} requests, p95 {p95_views:.0f} ms (target <= "
         f"{PAGE_TARGET_MS:.0f}), {view_errors} errors", p95_views <= PAGE_TARGET_MS
         and not view_errors),
        (f"exports and uploads: {len(files)} requests, p95 {p95_files:.0f} ms (target <= "
         f"{FILE_TARGET_MS:.0f}), {file_errors} errors", (not files or p95_files <= FILE_TARGET_MS)
         and not file_errors),
        (f"background jobs: {len(waits)} started ({dict(jobs['kinds'])}), p95 "
         f"{percentile(waits, 95):.2f} s from queued to started (target <= {JOB_TARGET_S:.0f}), "
         f"{jobs['unstarted']} not started by the end, {jobs['twice']} taken by two workers",
         (not waits or percentile(waits, 95) <= JOB_TARGET_S) and not jobs["twice"]),
        (f"checks finished: {checks['finished']}, {checks['twice']} finished twice",
         not checks["twice"]),
        (f"e-mails sent: {mails[0]}, {mails[1]} sent twice", not mails[1]),
    ]
    for said, ok in results:
        print(f"{'PASS' if ok else 'FAIL'}  {said}")
    print(f"Audit rows written: {audited:,} ({audited / max(len(records), 1):.2f} a request)")
    return all(ok for _said, ok in results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--notices", type=int, default=0,
                        help="notices to queue as the run starts, for the workers to send (each "
                             "must go once)")
    parser.add_argument("--include-start", action="store_true",
                        help="count the requests made while people were still signing in")
    parser.add_argument("--think", default="5-25",
                        help="seconds a person spends on a page, a range (default 5-25)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers a server")
    parser.add_argument("--instances", type=int, default=1, help="gunicorn servers")
    parser.add_argument("--job-workers", type=int, default=1, help="background workers a queue")
    parser.add_argument("--database-url", default=os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/scale"))
    args = parser.parse_args()
    django(args.database_url)
    work = pathlib.Path(tempfile.mkdtemp(prefix="reviewdesk-load-"))
    (work / "mail").mkdir()
    env = {**os.environ, "DATABASE_URL": args.database_url, "DEBUG": "false",
           "MEDIA_ROOT": str(work / "media"), "LOG_LEVEL": "ERROR",
           "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
           "EMAIL_FILE_PATH": str(work / "mail"),
           "AUDIT_CHECKPOINT_PATH": str(work / "checkpoints.log"),
           "LOAD_THINK": args.think, "LOAD_PLAN": str(work / "plan.json"),
           "LOAD_USERS": str(args.users),
           "LOAD_RECORD": str(work / "requests.json")}
    (work / "plan.json").write_text(json.dumps(plan()))
    processes, hosts = start(args, work, env)
    print(f"Servers {', '.join(hosts)}; logs in {work}")
    try:
        waited = backlog_worked_off()
        print(f"The tasks the data load queued were worked off in {waited:.0f} s")
        started, audit_before = datetime.now(UTC), audit_rows()
        queue_notices(args.notices)
        env["LOAD_HOSTS"] = ",".join(hosts)
        subprocess.run([str(ROOT / ".venv" / "bin" / "locust"), "-f",
                        str(ROOT / "bench" / "load" / "locustfile.py"), "--headless",
                        "--host", hosts[0], "--users", str(args.users), "--spawn-rate",
                        str(args.spawn_rate), "--run-time", f"{int(args.minutes * 60)}s",
                        "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "30"],
                       cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL)
        time.sleep(10)  # the checks queued last are started
    finally:
        stop(processes)
    records = json.loads((work / "requests.json").read_text())
    ok = report(records, jobs_since(started), checks_since(started),
                notices_sent_twice(work / "mail"), args, audit_rows() - audit_before)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
