"""Benchmark: the merged chronology page at 500,000 entries on PostgreSQL, p95 at most 50 ms.

    .venv/bin/python bench/chronology/page.py [--quick] [--database-url postgres://postgres@127.0.0.1:5432/]
                                              [--agencies 100] [--per-agency 5000] [--requests 220]

Creates a scratch PostgreSQL database (``reviewdesk_bench_page_<pid>``, dropped at the end) on the
server of ``--database-url`` (trust auth), migrates it from empty (including the trigram index
of migration 0004), makes a partnership, a review at the chronology stage with 100 agencies in
scope, each with an accepted submission, and bulk-loads 100 x 5,000 entries with COPY through
the ORM's connection (the child and the mother named in some, 200 marked significant, one rare
word in ten entries). Then, signed in as the lead reviewer through Django's test ``Client`` (the
whole stack: middleware, the view, the Jinja2 templates, the anonymiser, the audit row each view
writes), it times at least 200 GET requests of the merged page, mixing:

first page, deep pages (``after=`` an entry anywhere in the order), previous pages (``before=``),
each filter alone (agency, period, person, common keyword, rare keyword, significant only),
filters combined, and deep pages of a filtered list (``--anonymised``: all in the anonymised
view, where every name goes through the redactor and the filters read the stored anonymised text,
built during the untimed warm-up);

and prints p50 / p95 / max per kind and overall, then PASS or FAIL (overall p95 <= 50 ms);
exits 1 on FAIL. ``--quick`` loads 20,000 entries (20 agencies x 1,000) and times 66 requests, for
CI. ``--restricted`` times it with advice in force restricting one agency's entries of six
months from the lead reviewer (they are left out of every page). ``--keep`` leaves
the scratch database in place (its name is printed) to EXPLAIN the page's queries on it. The
database is set up and warmed (one request of each kind, untimed) before the clock starts.
"""

import argparse
import gc
import importlib
import io
import os
import pathlib
import random
import statistics
import sys
import time
from datetime import date, timedelta
from urllib.parse import urlparse, urlunparse

ROOT = pathlib.Path(__file__).resolve().parents[2]
LIMIT_MS = 50.0
CHILD, MOTHER = "Kayden Moorcroft", "Qirella Moorcroft"
RARE = "zephyrine"
EVENTS = [
    "Home visit by the social worker; {c} seen alone in the bedroom.",
    "Strategy meeting with police, health and social care about {c}.",
    "{m} phoned the GP surgery asking for an appointment for {c}.",
    "School reported {c} absent for the third day running.",
    "Police attended a domestic incident at the family home; {m} spoke to officers.",
    "Health visitor contact: growth and development checked, no concerns raised.",
    "Referral received from the school nurse about bruising to the arm.",
    "Section 47 enquiry started after a joint visit.",
    "Missed appointment at the paediatric clinic; letter sent to {m}.",
    "Telephone call with the early help worker about housing.",
]
ACTIONS = ["Visit again within a week.", "Case closed.", "Referred to children's social care.",
           "No further action.", "Letter sent to parent.", ""]


def set_up_django(url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "reviewdesk.settings"
    os.environ["DATABASE_URL"] = url
    os.environ["TASKS_BACKEND"] = "django.tasks.backends.immediate.ImmediateBackend"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ["DEBUG"] = "false"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def scratch_database(base: str) -> tuple[str, str]:
    """Create an empty database on the server of ``base``; returns (its URL, its name)."""
    import psycopg

    parts = urlparse(base)
    name = f"reviewdesk_bench_page_{os.getpid()}"
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parts._replace(path=f"/{name}")), admin


def drop_database(admin: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def build(agency_count: int, per_agency: int, seed: int) -> dict:
    """The review, its team and register, and every agency's accepted chronology."""
    from django.db import connection

    from reviewdesk.accounts.models import Agency, Partnership, PartnershipRole, User
    from reviewdesk.chronology.models import Entry, Significance, Submission
    from reviewdesk.chronology.tests.fixtures import approve_period
    from reviewdesk.commissioning.testing import walk
    from reviewdesk.reviews import actions
    from reviewdesk.reviews.clocks import ensure_default_rules
    from reviewdesk.reviews.models import IdentityEntry, Incident, ReviewRole, Stage

    rng = random.Random(seed)
    partnership = Partnership.objects.create(name="Benchshire Safeguarding Children Partnership",
                                             code="BS")
    ensure_default_rules(partnership.pk)
    bm = User.objects.create_user("bm@example.test", "x", full_name="Bea Manager",
                                  partnership=partnership, role=PartnershipRole.BUSINESS_MANAGER)
    lead = User.objects.create_user("lead@example.test", "x", full_name="Rita Reviewer",
                                    partnership=partnership)
    agencies = [Agency.objects.create(partnership=partnership, name=f"Agency {n:03d}",
                                      kind="other") for n in range(agency_count)]
    review = actions.record_incident(
        partnership, by=bm, children=[{"name": CHILD, "date_of_birth": date(2019, 3, 14),
                                       "looked_after": False}],
        what_happened=Incident.WhatHappened.SERIOUS_HARM,
        abuse_or_neglect=Incident.AbuseOrNeglect.SUSPECTED, incident_date=date(2026, 3, 2),
        la_aware_on=date(2026, 3, 2), summary="A child was seriously hurt at home.",
        agencies=agencies[:2])
    actions.add_member(review, lead, ReviewRole.LEAD_REVIEWER, by=bm, started_on=date(2026, 3, 3))
    mother = actions.save_identity(review, by=bm, kind=IdentityEntry.Kind.FAMILY,
                                   real_name=MOTHER, pseudonym="Mother", role_title="Mother")
    review = walk(review, bm, Stage.SET_UP)
    # Set-up is enough: the merged page reads accepted submissions, whatever the stage.
    approve_period(review, bm, agencies, (date(2023, 1, 1), date(2025, 12, 31)))
    subs = Submission.objects.bulk_create([
        Submission(review=review, agency=a, version=1, via=Submission.Via.COMMAND,
                   original_filename=f"{a.name} chronology.xlsx", kind=Submission.Kind.XLSX,
                   status=Submission.Status.ACCEPTED, rows_total=per_agency)
        for a in agencies])
    start, days = date(2023, 1, 1), 3 * 365
    started = time.perf_counter()
    buf = io.StringIO()
    rare_left = 10
    for sub in subs:
        for n in range(per_agency):
            day = start + timedelta(days=rng.randrange(days))
            precision = "day" if rng.random() > 0.03 else "month"
            if precision == "month":
                day = day.replace(day=1)
            event = rng.choice(EVENTS).format(c=CHILD, m=MOTHER)
            if rare_left and rng.random() < 0.0001:
                event += f" The {RARE} protocol was used."
                rare_left -= 1
            t = f"{rng.randrange(8, 19):02d}:{rng.randrange(60):02d}:00" if rng.random() < 0.6 \
                else "\\N"
            buf.write("\t".join([
                str(review.pk), str(sub.agency_id), str(sub.pk), day.isoformat(), precision,
                "t" if rng.random() < 0.02 else "f", t, "\\N", "Case record", "Practitioner",
                event, rng.choice(ACTIONS), "", "[]", str(n + 2), f"Row {n + 2}", str(n), "1"]) + "\n")
    columns = ("review_id, agency_id, submission_id, date, precision, uncertain, time, sequence, "
               "source, role, event, action, analysis, warnings, row_ref, row_label, position, version")
    # The keyword search's trigram index, exactly as migration 0004 makes it.
    trigram = importlib.import_module(
        "reviewdesk.chronology.migrations.0004_one_trigram_index_for_keyword_search")
    with connection.cursor() as cursor:
        # Loading then indexing is far faster than keeping the GIN index up to date row by row.
        cursor.execute(f"DROP INDEX {trigram.INDEX}")
        with cursor.cursor.copy(f"COPY chronology_entry ({columns}) FROM STDIN") as copy:
            copy.write(buf.getvalue())
        cursor.execute("SET maintenance_work_mem = '256MB'")
        cursor.execute(trigram.CREATE_INDEX)
        # What autovacuum does after a bulk insert (PostgreSQL 13+): sets the visibility map, so
        # a page's ids are read from the merged order index alone (an index-only scan).
        cursor.execute("VACUUM ANALYZE chronology_entry")
    loaded = time.perf_counter() - started
    picks = list(Entry.objects.filter(review=review).order_by("?").values_list("pk", flat=True)[:400])
    Significance.objects.bulk_create([Significance(review=review, entry_id=pk, marked_by=lead,
                                                   note="Key episode.") for pk in picks[:200]])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"review": review, "lead": lead, "agencies": agencies, "mother": mother,
            "deep": picks[200:], "loaded": loaded, "rng": rng}


def requests_to_time(ctx: dict, total: int) -> list[tuple[str, dict]]:
    rng, agencies, deep = ctx["rng"], ctx["agencies"], ctx["deep"]

    def agency() -> int:
        return rng.choice(agencies).pk

    def period() -> dict:
        year = rng.choice([2023, 2024, 2025])
        month = rng.randrange(1, 11)
        return {"from-month": month, "from-year": year, "to-month": month + 2, "to-year": year}

    kinds = {
        "first page": lambda: {},
        "deep page": lambda: {"after": rng.choice(deep)},
        "previous page": lambda: {"before": rng.choice(deep)},
        "agency": lambda: {"agency": agency()},
        "period": period,
        "person": lambda: {"person": ctx["mother"].pk},
        "keyword (common)": lambda: {"keyword": rng.choice(["strategy", "visit", "school"])},
        "keyword (rare)": lambda: {"keyword": RARE},
        "significant only": lambda: {"significant": "1"},
        "combined": lambda: {"agency": [agency(), agency()], "keyword": "visit", **period()},
        "deep filtered": lambda: {"agency": agency(), "after": rng.choice(deep)},
    }
    per_kind = max(1, -(-total // len(kinds)))
    plan = [(kind, make()) for kind, make in kinds.items() for _ in range(per_kind)]
    rng.shuffle(plan)
    return plan


class GarbageCollections:
    """How often, and for how long, each generation was collected while the requests were timed:
    a full collection walks the whole heap and is the slow tail (reviewdesk/warmup.py)."""

    def __init__(self) -> None:
        self.count = [0, 0, 0]
        self.ms = [0.0, 0.0, 0.0]
        self.slowest = 0.0
        self._started = 0.0

    def callback(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        took = (time.perf_counter() - self._started) * 1000
        generation = info["generation"]
        self.count[generation] += 1
        self.ms[generation] += took
        if generation == 2:
            self.slowest = max(self.slowest, took)

    def summary(self) -> str:
        parts = [f"generation {g}: {self.count[g]} taking {self.ms[g]:.0f} ms" for g in range(3)]
        return "; ".join(parts) + f"; slowest full collection {self.slowest:.1f} ms"


def restrict(ctx: dict) -> None:
    """Advice in force restricting the first agency's entries of January to June 2024 to the
    business manager: the lead reviewer's pages leave them out (access.py)."""
    from reviewdesk.parallel.models import Advice, ChronologyRestriction

    review = ctx["review"]
    advice = Advice.objects.create(review=review, text="Do not discuss the first half of 2024.",
                                   effective_on=date(2026, 12, 1),
                                   recorded_by=review.memberships.first().added_by)
    ChronologyRestriction.objects.create(advice=advice, review=review, date_from=date(2024, 1, 1),
                                         date_to=date(2024, 6, 30), agency=ctx["agencies"][0],
                                         lead_reviewers_see=False)
    print("Advice in force restricts the first agency's entries of January to June 2024 from "
          "the lead reviewer")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/"))
    parser.add_argument("--agencies", type=int)
    parser.add_argument("--per-agency", type=int)
    parser.add_argument("--requests", type=int)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--keep", action="store_true",
                        help="keep the scratch database afterwards (to EXPLAIN its queries)")
    parser.add_argument("--anonymised", action="store_true",
                        help="time the anonymised view (every name through the redactor)")
    parser.add_argument("--no-worker-warm-up", action="store_true",
                        help="skip what gunicorn's post_worker_init does (reviewdesk/warmup.py): "
                             "compile the templates and freeze the heap, for comparison")
    parser.add_argument("--restricted", action="store_true",
                        help="with advice in force restricting the first agency's entries of "
                             "six months from the lead reviewer: every page leaves "
                             "them out")
    args = parser.parse_args()
    agencies = args.agencies or (20 if args.quick else 100)
    per_agency = args.per_agency or (1000 if args.quick else 5000)
    total = args.requests or (66 if args.quick else 220)

    url, admin = scratch_database(args.database_url)
    name = urlparse(url).path.lstrip("/")
    try:
        set_up_django(url)
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"Migrated an empty database in {time.perf_counter() - started:.1f} s")
        ctx = build(agencies, per_agency, args.seed)
        print(f"Loaded {agencies * per_agency:,} entries ({agencies} agencies x {per_agency:,}) "
              f"with COPY in {ctx['loaded']:.1f} s")
        if args.restricted:
            restrict(ctx)
        client = Client()
        client.force_login(ctx["lead"])
        page = f"/reviews/{ctx['review'].uuid}/chronology/merged/"
        plan = requests_to_time(ctx, total)
        if not args.no_worker_warm_up:
            # What each gunicorn worker does before its first request (gunicorn.conf.py).
            from reviewdesk.warmup import prepare_worker

            prepare_worker()
        if args.anonymised:
            plan = [(kind, {**params, "view": "anonymised"}) for kind, params in plan]
        warmed: set[str] = set()
        for kind, params in plan:  # warm each kind once, untimed
            if kind not in warmed:
                assert client.get(page, params).status_code == 200, kind
                warmed.add(kind)
        times: dict[str, list[float]] = {}
        cpu: list[float] = []
        collections = GarbageCollections()
        gc.callbacks.append(collections.callback)
        for kind, params in plan:
            t0, c0 = time.perf_counter(), time.process_time()
            response = client.get(page, params)
            elapsed = (time.perf_counter() - t0) * 1000
            cpu.append((time.process_time() - c0) * 1000)
            if response.status_code != 200:
                print(f"{kind}: HTTP {response.status_code}")
                return 1
            times.setdefault(kind, []).append(elapsed)
        gc.callbacks.remove(collections.callback)
        everything = [t for ts in times.values() for t in ts]
        print(f"\n{len(everything)} requests of the merged page as the lead reviewer, "
              f"{'anonymised' if args.anonymised else 'personalised'} view "
              f"({connection.vendor}):")
        print(f"{'kind':<20}{'n':>5}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
        for kind, ts in times.items():
            print(f"{kind:<20}{len(ts):>5}{statistics.median(ts):>10.1f}"
                  f"{percentile(ts, 95):>10.1f}{max(ts):>10.1f}")
        p95 = percentile(everything, 95)
        print(f"{'overall':<20}{len(everything):>5}{statistics.median(everything):>10.1f}"
              f"{p95:>10.1f}{max(everything):>10.1f}")
        # On a machine shared with other work the elapsed times measure the queue for the CPU;
        # this process's own CPU time (Python: the view, templates, redaction; not the database
        # server's) varies far less.
        print(f"{'CPU (this process)':<20}{len(cpu):>5}{statistics.median(cpu):>10.1f}"
              f"{percentile(cpu, 95):>10.1f}{max(cpu):>10.1f}")
        print(f"Garbage collections while timed: {collections.summary()}"
              f"{'' if args.no_worker_warm_up else ' (start-up heap frozen)'}")
        passed = p95 <= LIMIT_MS
        print(f"\n{'PASS' if passed else 'FAIL'}: p95 {p95:.1f} ms (limit {LIMIT_MS:.0f} ms)")
        connection.close()
        return 0 if passed else 1
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001, S110 (Django may not be set up yet)
            pass
        if args.keep:
            print(f"Kept the database {name}: drop it with DROP DATABASE \"{name}\"")
        else:
            drop_database(admin, name)


if __name__ == "__main__":
    sys.exit(main())
