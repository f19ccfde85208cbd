"""Benchmark: the CSPR subgroup's monitoring view of actions at a partnership's scale, on
PostgreSQL.

    .venv/bin/python bench/action_plan/monitoring.py [--reviews 200] [--actions 5000]
        [--requests 60] [--seed 1] [--database-url postgres://postgres@127.0.0.1:5432/]

A scratch database on the server of ``--database-url`` (created, migrated and dropped again):
one partnership with ``--reviews`` reviews, each with its child, the mother and a social worker
in the identity register, two recommendations tagged with themes, and ``--actions`` actions
spread over them (every status; a third overdue; each with one or two progress updates naming
the family as people type them). Then, signed in through Django's test ``Client`` (the whole
stack), ``--requests`` GETs of the monitoring view (``/actions/``) as the business manager
(every identity) and as a safeguarding partner (pseudonyms: every word through the redactor):
unfiltered (its first page of 50), only overdue, by agency and by theme, and a later page.
Prints p50 / p95 / max per view and the queries each makes, and PASS or FAIL against 150 ms
p95. The .xlsx of every open action is timed too (a few requests; no target: it is the meeting
pack, made once a meeting).
"""

import argparse
import os
import pathlib
import random
import statistics
import sys
import time
from datetime import date, timedelta
from urllib.parse import urlparse, urlunparse

ROOT = pathlib.Path(__file__).resolve().parents[2]
TARGET_MS = 150.0
FIRST = ["Kayden", "Amara", "Tyler", "Lacey", "Reuben", "Mia", "Jaxon", "Esme", "Harley", "Nia"]
SURNAMES = ["Moorcroft", "Ashdown", "Pennock", "Vasquez", "Oyelaran", "Brierley", "Kowalczyk"]
# The data is built around today, and the pages are timed on the real clock: travelling in time
# (time_machine) put its own cost, about 15 ms, on every request.
TODAY = date.today()


def set_up_django(url: str, media: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "reviewdesk.settings"
    os.environ["DATABASE_URL"] = url
    os.environ["MEDIA_ROOT"] = media
    os.environ["TASKS_BACKEND"] = "django.tasks.backends.immediate.ImmediateBackend"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ["DEBUG"] = "false"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def scratch_database(base: str) -> tuple[str, str, str]:
    """An empty database on the server of ``base``: (its URL, its name, the admin URL)."""
    import psycopg

    parts = urlparse(base)
    name = f"reviewdesk_bench_monitoring_{os.getpid()}"
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parts._replace(path=f"/{name}")), name, admin


def drop_database(admin: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def build(review_count: int, action_count: int, rng: random.Random) -> dict:
    from reviewdesk.accounts.models import Agency, Partnership, PartnershipRole, User
    from reviewdesk.action_plan.models import Action, ActionUpdate, Recommendation, Theme
    from reviewdesk.audit.context import as_system
    from reviewdesk.reviews import actions
    from reviewdesk.reviews.clocks import ensure_default_rules
    from reviewdesk.reviews.models import IdentityEntry, Incident

    partnership = Partnership.objects.create(name="Benchshire Safeguarding Children Partnership",
                                             code="BM")
    ensure_default_rules(partnership.pk)
    bm = User.objects.create_user("bm@bench.invalid", None, full_name="Bea Manager",
                                  partnership=partnership, role=PartnershipRole.BUSINESS_MANAGER)
    partner = User.objects.create_user("partner@bench.invalid", None, full_name="Pat Partner",
                                       partnership=partnership,
                                       role=PartnershipRole.SAFEGUARDING_PARTNER)
    agencies = [Agency.objects.create(partnership=partnership, name=f"Agency {n}", kind="other")
                for n in range(8)]
    owners = [User.objects.create_user(f"owner{n}@bench.invalid", None,
                                       full_name=f"Owner {n} Lead", partnership=partnership,
                                       agency=agencies[n % 8]) for n in range(40)]
    themes = list(Theme.objects.filter(partnership=partnership)) or [
        Theme.objects.create(partnership=partnership, name=f"Theme {n}") for n in range(12)]
    reviews, recommendations, words_of = [], [], {}
    with as_system("bench"):
        for _ in range(review_count):
            first, surname = rng.choice(FIRST), rng.choice(SURNAMES)
            words = {"child": f"{first} {surname}", "first": first,
                     "mother": f"Qirella {surname}", "sw": "Priya Sandhu"}
            review = actions.record_incident(
                partnership, by=bm, children=[{"name": words["child"], "looked_after": False,
                                               "date_of_birth": date(2019, 3, 14)}],
                what_happened=Incident.WhatHappened.SERIOUS_HARM,
                abuse_or_neglect=Incident.AbuseOrNeglect.SUSPECTED,
                incident_date=date(2025, 3, 2), la_aware_on=date(2025, 3, 2),
                summary=f"{words['child']} was hurt.", agencies=agencies[:2])
            actions.save_identity(review, by=bm, kind=IdentityEntry.Kind.FAMILY,
                                  real_name=words["mother"], pseudonym="Mother",
                                  role_title="Mother")
            actions.save_identity(review, by=bm, kind=IdentityEntry.Kind.PROFESSIONAL,
                                  real_name=words["sw"], pseudonym="Social Worker 1",
                                  role_title="Social Worker 1")
            for n in (1, 2):
                rec = Recommendation.objects.create(
                    review=review, number=n, recorded_by=bm,
                    text=f"Partners should hear {words['first']}'s voice ({n}).")
                rec.themes.set(rng.sample(themes, 2))
                recommendations.append(rec)
            reviews.append(review)
            words_of[review.pk] = words
    statuses = [s for s, _ in Action.Status.choices]
    made = []
    for i in range(action_count):
        review = reviews[i % review_count]
        words = words_of[review.pk]
        status = rng.choice(statuses)
        due = TODAY + timedelta(days=rng.randint(-200, 300))
        owner = rng.choice(owners)
        made.append(Action(
            review=review, number=i // review_count + 1, agency=owner.agency, owner=owner,
            description=f"Audit how {words['mother']} and {words['child']} were seen by "
                        f"{words['sw']}'s team (action {i}).",
            agreed_on=date(2025, 10, 1), due_on=due, original_due_on=due, status=status,
            success_criteria=f"Every visit to {words['first']} recorded.",
            impact_measure="Audit", impact_source="Records", impact_assessed_on=due,
            completed_on=due if status in {"completed", "impact_shown"} else None,
            completion_evidence="Audit report." if status != "not_started" else "",
            last_update_on=TODAY - timedelta(days=rng.randint(0, 90)), recorded_by=bm))
    Action.objects.bulk_create(made, batch_size=1000)
    links, updates = [], []
    through = Action.recommendations.through
    first_recommendation = {r.pk: recommendations[i * 2] for i, r in enumerate(reviews)}
    for action in Action.objects.filter(review__partnership=partnership).only("pk", "review_id"):
        rec = first_recommendation[action.review_id]
        links.append(through(action_id=action.pk, recommendation_id=rec.pk))
        words = words_of[action.review_id]
        for k in range(rng.randint(1, 2)):
            updates.append(ActionUpdate(
                action_id=action.pk, kind="progress", written_on=TODAY - timedelta(days=30 * k),
                text=f"Met {words['first']}'s mother; {words['sw']} agreed.", recorded_by=bm))
    through.objects.bulk_create(links, batch_size=2000)
    ActionUpdate.objects.bulk_create(updates, batch_size=2000)
    return {"bm": bm, "partner": partner, "agency": agencies[0].pk, "theme": themes[0].pk}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reviews", type=int, default=200)
    parser.add_argument("--actions", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true",
                        help="print where one request's time goes (cProfile), then stop")
    parser.add_argument("--no-worker-warm-up", action="store_true",
                        help="skip what gunicorn's post_worker_init does (reviewdesk/warmup.py): "
                             "compile the templates and freeze the heap, for comparison")
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/"))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    url, name, admin = scratch_database(args.database_url)
    import tempfile

    try:
        with tempfile.TemporaryDirectory() as media:
            set_up_django(url, media)
            from django.core.management import call_command

            call_command("migrate", verbosity=0)
            from django.db import connection
            from django.test import Client
            from django.test.utils import CaptureQueriesContext

            started = time.perf_counter()
            ctx = build(args.reviews, args.actions, rng)
            print(f"Made {args.reviews} reviews and {args.actions} actions in "
                  f"{time.perf_counter() - started:.1f} s")
            with connection.cursor() as cursor:
                # The planner's statistics, as autovacuum gathers them soon after a bulk load:
                # without them it plans for empty tables.
                cursor.execute("ANALYZE")
            views = {"all open (page 1)": "", "only overdue": "overdue=on",
                     "one agency": f"agency={ctx['agency']}",
                     "one theme": f"theme={ctx['theme']}&status=all",
                     "page 3": "page=3"}
            results = {}
            if not args.no_worker_warm_up:
                # What each gunicorn worker does before its first request
                # (gunicorn.conf.py): without it, full garbage collections over the
                # start-up heap are the slow tail.
                from reviewdesk.warmup import prepare_worker

                prepare_worker()
            if args.profile:
                import cProfile
                import pstats

                client = Client()
                client.force_login(ctx["partner"])
                client.get("/actions/")
                profiler = cProfile.Profile()
                profiler.enable()
                client.get("/actions/")
                profiler.disable()
                stats = pstats.Stats(profiler)
                stats.sort_stats("cumulative").print_stats(35)
                stats.sort_stats("tottime").print_stats(25)  # where the time is spent itself
                stats.sort_stats("cumulative").print_stats("reviewdesk", 40)
                timings = []

                def timed(execute, sql, params, many, context):
                    t0 = time.perf_counter()
                    try:
                        return execute(sql, params, many, context)
                    finally:
                        timings.append(((time.perf_counter() - t0) * 1000, sql))

                with connection.execute_wrapper(timed):
                    client.get("/actions/")
                for ms, sql in timings:  # each query's own time, the database's side
                    print(f"{ms:7.1f} ms  {sql[:160]}")
                return 0
            for who in ("bm", "partner"):
                client = Client()
                client.force_login(ctx[who])
                for label, query in views.items():
                    address = f"/actions/?{query}"
                    assert client.get(address).status_code == 200  # warm, untimed
                    with CaptureQueriesContext(connection) as queries:
                        client.get(address)
                    # Counted now: the log is emptied when the connection is next opened.
                    count = len(queries)
                    times, cpu = [], []
                    for _ in range(args.requests):
                        t0, c0 = time.perf_counter(), time.process_time()
                        response = client.get(address)
                        times.append((time.perf_counter() - t0) * 1000)
                        cpu.append((time.process_time() - c0) * 1000)
                        assert response.status_code == 200
                    person = "business manager" if who == "bm" else "partner"
                    results[f"{label} ({person})"] = (times, cpu, count)
                    print(f"{label} ({person}): p50 {statistics.median(times):.1f} ms, "
                          f"p95 {percentile(times, 95):.1f} ms, {count} queries",
                          flush=True)
            client = Client()
            client.force_login(ctx["partner"])
            download = []
            for _ in range(3):
                t0 = time.perf_counter()
                response = client.get("/actions/download/")
                download.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(admin, name)
    print(f"\n{args.requests} requests each, {args.reviews} reviews, {args.actions} actions "
          f"(PostgreSQL):")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    print(f"load average {load:.1f} on {os.cpu_count()} cores (on a busy machine the wall times "
          "are mostly waiting: compare the CPU column, this process's own work)")
    print(f"{'view':<44}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'CPU p95':>9}{'queries':>9}")
    failed = False
    for label, (ts, cpu, count) in results.items():
        p95 = percentile(ts, 95)
        failed |= p95 > TARGET_MS
        print(f"{label:<44}{statistics.median(ts):>9.1f}{p95:>9.1f}{max(ts):>9.1f}"
              f"{percentile(cpu, 95):>9.1f}{count:>9}")
    print(f"{'download, every open action (.xlsx)':<44}{statistics.median(download):>9.1f}"
          f"{'':>9}{max(download):>9.1f}")
    print(f"{'FAIL' if failed else 'PASS'}: p95 target {TARGET_MS:.0f} ms per view")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
