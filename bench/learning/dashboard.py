"""Benchmark: learning across reviews at a partnership's scale, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/learning/dashboard.py [--reviews 200] [--actions 5000]
                                                     [--requests 60] [--seed 1]

On PostgreSQL (``DATABASE_URL``: the server to use; a temporary database ``bench_learning_<pid>``
is made on it and dropped at the end) or, without it, a temporary SQLite database (under
/dev/shm): one partnership with ``--reviews`` reviews over five years, each with its decision,
completion deadline, four findings and three recommendations tagged with the national themes,
and ``--actions`` actions between them in every status (a third overdue). The similar-reviews
index is built as the app builds it. Then, signed in through Django's test ``Client`` (the whole
stack) as a safeguarding partner, ``--requests`` GETs of each of: the learning dashboard, the
yearly figures, similar reviews from free text and from a review. Prints p50 / p95 / max, the p95
of this process's CPU time (the app's own work, whatever else the machine is doing), the load
average, and the queries per page (which must not grow with the number of reviews), and PASS or FAIL against
150 ms p95 for the dashboard (and the other pages, reported against the same figure).
"""

import argparse
import os
import pathlib
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from urllib.parse import urlsplit, urlunsplit

ROOT = pathlib.Path(__file__).resolve().parents[2]
TARGET_MS = 150.0
WORDS = ("bruising non-mobile baby health visitor referral protocol school attendance neglect "
         "hungry unkempt alcohol drinking father mother partner violence police incident "
         "information shared missing exploitation county lines cannabis placement assessment "
         "voice child words escalation strategy meeting interpreter language").split()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def set_up(folder: pathlib.Path) -> str | None:
    """Django on a temporary database; returns the PostgreSQL database to drop, if any."""
    server = os.environ.get("DATABASE_URL", "")
    made = None
    if server.startswith("postgres"):
        import psycopg

        parts = urlsplit(server)
        made = f"bench_learning_{os.getpid()}"
        with psycopg.connect(urlunsplit(parts._replace(path="/postgres")),
                             autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {made}")
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{made}"))
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "reviewdesk.settings"
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ["DEBUG"] = "false"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return made


def drop(made: str | None, server: str) -> None:
    if not made:
        return
    import psycopg
    from django.db import connections

    connections.close_all()
    parts = urlsplit(server)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {made}")


def sentence(rng: random.Random, n: int = 18) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def build(reviews: int, actions: int, rng: random.Random, today: date) -> dict:
    from reviewdesk.accounts.models import Agency, Partnership, PartnershipRole, User
    from reviewdesk.action_plan.models import Action, Finding, Recommendation, ReviewTheme, Theme
    from reviewdesk.decisions.models import DecisionOutcome, Outcome
    from reviewdesk.learning.models import SearchDocument
    from reviewdesk.reviews.models import Clock, ClockKind, Review, ReviewKind, Stage

    partnership = Partnership.objects.create(name="Benchshire Safeguarding Children Partnership",
                                             code="BL")
    bm = User.objects.create_user("bm@bench.invalid", None, full_name="Bea Manager",
                                  partnership=partnership, role=PartnershipRole.BUSINESS_MANAGER)
    partner = User.objects.create_user("partner@bench.invalid", None, full_name="Pat Partner",
                                       partnership=partnership,
                                       role=PartnershipRole.SAFEGUARDING_PARTNER)
    agency = Agency.objects.create(partnership=partnership, name="Benchshire Council")
    themes = list(Theme.objects.filter(partnership=partnership))
    stages = [Stage.ACTION_PLAN, Stage.CLOSED, Stage.REPORT, Stage.PUBLICATION]
    made = Review.objects.bulk_create([
        Review(partnership=partnership, reference=f"BL-{i:04d}", kind=ReviewKind.LOCAL_CSPR,
               stage=rng.choice(stages), stage_since=today, created_by=bm,
               initiated_on=today - timedelta(days=rng.randrange(60, 5 * 365)))
        for i in range(reviews)])
    made = list(Review.objects.filter(partnership=partnership))
    DecisionOutcome.objects.bulk_create([DecisionOutcome(
        review=r, outcome=rng.choice([Outcome.LOCAL_CSPR, Outcome.LEARNING_REVIEW]),
        route=DecisionOutcome.Route.AGREEMENT, decided_on=r.initiated_on, reasons="Met.",
        recorded_by=bm) for r in made])
    Clock.objects.bulk_create([Clock(
        review=r, kind=ClockKind.REVIEW_COMPLETION, started_on=r.initiated_on,
        due_on=r.initiated_on + timedelta(days=182),
        met_on=min(r.initiated_on + timedelta(days=rng.randrange(120, 400)), today),
        owed_by="The lead reviewer", rule_source="WT 2023", rule_text="Six months")
        for r in made])
    findings = Finding.objects.bulk_create([Finding(review=r, number=n, text=sentence(rng),
                                                    recorded_by=bm)
                                            for r in made for n in range(1, 5)])
    recommendations = Recommendation.objects.bulk_create([
        Recommendation(review=r, number=n, text=sentence(rng, 12), recorded_by=bm)
        for r in made for n in range(1, 4)])
    Finding.themes.through.objects.bulk_create([
        Finding.themes.through(finding_id=f.pk, theme_id=rng.choice(themes).pk)
        for f in findings])
    Recommendation.themes.through.objects.bulk_create([
        Recommendation.themes.through(recommendation_id=r.pk, theme_id=rng.choice(themes).pk)
        for r in recommendations])
    ReviewTheme.objects.bulk_create([ReviewTheme(review=r, theme=t, recorded_by=bm)
                                     for r in made for t in rng.sample(themes, 2)])
    statuses = list(Action.Status)
    rows = []
    for i in range(actions):
        review = made[i % len(made)]
        due = today + timedelta(days=rng.randrange(-200, 200))
        rows.append(Action(
            review=review, number=i // len(made) + 1, description=sentence(rng, 10),
            agreed_on=today - timedelta(days=300), agency=agency, owner=bm, due_on=due,
            original_due_on=due, success_criteria="Audit.", impact_measure="Audit.",
            impact_source="Audit.", impact_assessed_on=due + timedelta(days=180),
            status=rng.choice(statuses), recorded_by=bm))
    made_actions = Action.objects.bulk_create(rows)
    by_review: dict[int, list[int]] = {}
    for r in recommendations:
        by_review.setdefault(r.review_id, []).append(r.pk)
    Action.recommendations.through.objects.bulk_create([
        Action.recommendations.through(action_id=a.pk,
                                       recommendation_id=rng.choice(by_review[a.review_id]))
        for a in made_actions])
    # The index, row for row as learning.search.documents_for makes it (without the redactor:
    # these reviews have no identities).
    SearchDocument.objects.bulk_create(
        [SearchDocument(partnership=partnership, review_id=f.review_id, kind="finding",
                        object_id=f.pk, number=f.number, text=f.text, theme_ids=[])
         for f in findings]
        + [SearchDocument(partnership=partnership, review_id=r.review_id, kind="recommendation",
                          object_id=r.pk, number=r.number, text=r.text, theme_ids=[])
           for r in recommendations]
        + [SearchDocument(partnership=partnership, review=r, kind="review", object_id=0,
                          text=sentence(rng, 30), theme_ids=[rng.choice(themes).pk])
           for r in made])
    return {"partner": partner, "reviews": [r.uuid for r in made]}


def time_gets(client, urls: list[str]) -> tuple[list[float], list[float], int]:
    """Wall-clock times, this process's CPU times (the app's own work, without the database
    server's or the wait for a core on a busy machine) and the most queries of a page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, cpu, queries = [], [], 0
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = max(queries, len(captured))
    return times, cpu, queries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reviews", type=int, default=200)
    parser.add_argument("--actions", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-worker-warm-up", action="store_true",
                        help="skip what gunicorn's post_worker_init does (reviewdesk/warmup.py): "
                             "compile the templates and freeze the heap, for comparison")
    args = parser.parse_args()
    server = os.environ.get("DATABASE_URL", "")
    shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(dir=shm) as folder:
        made_db = set_up(pathlib.Path(folder))
        try:
            return run(args)
        finally:
            drop(made_db, server)


def run(args: argparse.Namespace) -> int:
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    rng = random.Random(args.seed)
    today = timezone.localdate()
    started = time.perf_counter()
    made = build(args.reviews, args.actions, rng, today)
    print(f"{connection.vendor}: {args.reviews} reviews, {args.actions} actions "
          f"(built in {time.perf_counter() - started:.1f} s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The planner's statistics, as autovacuum gathers them soon after a bulk load:
            # without them it plans for empty tables.
            cursor.execute("ANALYZE")
    client = Client()
    client.force_login(made["partner"])
    if not args.no_worker_warm_up:
        # What each gunicorn worker does before its first request (gunicorn.conf.py): without
        # it, full garbage collections over the start-up heap are the slow tail.
        from reviewdesk.warmup import prepare_worker

        prepare_worker()
    n = args.requests
    pages = {
        "the learning dashboard": ["/learning/"] * n,
        "the yearly figures": [f"/learning/figures/?year={today.year - rng.randrange(0, 4)}"
                               for _ in range(n)],
        "similar reviews, free text": [
            f"/learning/similar/?q={'+'.join(rng.sample(WORDS, 4))}" for _ in range(n)],
        "similar reviews, from a review": [f"/reviews/{rng.choice(made['reviews'])}/similar/"
                                           for _ in range(n)],
    }
    failed = False
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    print(f"load average {load:.1f} on {os.cpu_count()} cores (figures on a busy machine are "
          "mostly waiting: compare the CPU column)")
    print(f"{'page':34} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'CPU p95':>8} "
          f"{'queries':>8}")
    for name, urls in pages.items():
        client.get(urls[0])  # warm: templates compiled
        times, cpu, queries = time_gets(client, urls)
        p95 = percentile(times, 95)
        failed |= p95 > TARGET_MS
        print(f"{name:34} {percentile(times, 50):8.1f} {p95:8.1f} {max(times):8.1f} "
              f"{percentile(cpu, 95):8.1f} {queries:8d}")
    print(f"{'FAIL' if failed else 'PASS'}: every page's p95 against {TARGET_MS:.0f} ms")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
