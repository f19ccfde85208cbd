"""The load test's pages one at a time, in one process: where a page's time goes.

    .venv/bin/python bench/load/pages.py [--requests 30] [--partnership 1]
        [--database-url postgres://postgres@127.0.0.1:5432/scale] [--profile PAGE] [--top 30]

Needs the scale data (``load_scale_data``, same DATABASE_URL), as bench/load/run.py. Signs in
each of the load test's people of one partnership through Django's test ``Client`` (the whole
stack, DEBUG off) and asks each page they open ``--requests`` times, a different review each
time as they do. Prints, for each person and page: p50 / p95 in ms and the queries a request
(median). ``--profile home`` (or ``review``, ``merged``, ``dashboard``...: a page's name below)
runs that page under cProfile and prints the ``--top`` functions by cumulative time.

No target here: the targets are the load test's, under 50 people at once. This shows what one
request costs with the machine to itself, so a change can be measured in a minute, not ten.
"""

import argparse
import cProfile
import pathlib
import pstats
import random
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench" / "load"))

from run import django, percentile, plan  # noqa: E402

DOMAIN = "scale.reviewdesk.invalid"


def pages(p: dict) -> dict[str, list[tuple[str, object]]]:
    """Each person's pages as the locustfile's (name, path maker)."""
    police, school = p["police"], p["school"]
    return {
        "business.manager": [
            ("home", lambda r: "/"),
            ("dashboard", lambda r: "/dashboard/"),
            ("review", lambda r: f"/reviews/{r.choice(p['all'])}/"),
            ("merged", lambda r: f"/reviews/{r.choice(p['chronology'])}/chronology/merged/"),
            ("merged filtered", lambda r: f"/reviews/{r.choice(p['chronology'])}/chronology/"
                                          f"merged/?keyword=bruise&significant="),
            ("register", lambda r: f"/reviews/{r.choice(p['all'])}/register/"),
            ("search", lambda r: f"/search/?q={r.choice(['Child A', 'Mother'])}"),
            ("team", lambda r: f"/reviews/{r.choice(p['all'])}/team/"),
        ],
        "partner": [
            ("home", lambda r: "/"),
            ("dashboard", lambda r: "/dashboard/"),
            ("review", lambda r: f"/reviews/{r.choice(p['all'])}/"),
            ("merged", lambda r: f"/reviews/{r.choice(p['chronology'])}/chronology/merged/"),
        ],
        "lead.reviewer": [
            ("home", lambda r: "/"),
            ("review", lambda r: f"/reviews/{r.choice(p['team'])}/"),
            ("merged", lambda r: f"/reviews/{r.choice(p['chronology'])}/chronology/merged/"),
            ("publication checks", lambda r: f"/reviews/{r.choice(p['report'])}/"
                                             "publication-checks/"),
        ],
        "agency.author": [
            ("home", lambda r: "/"),
            ("agency chronology", lambda r: f"/reviews/{r.choice(p['chronology'])}/chronology/"
                                            f"{police}/"),
            ("review", lambda r: f"/reviews/{r.choice(p['chronology'])}/"),
        ],
        "school.author": [
            ("home", lambda r: "/"),
            ("agency chronology", lambda r: f"/reviews/{r.choice(p['open_chronology'])}/"
                                            f"chronology/{school}/"),
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--partnership", default="1")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/scale")
    parser.add_argument("--profile", help="a page's name: profile it (every person who opens it)")
    parser.add_argument("--person", help="only this person (business.manager, partner...)")
    parser.add_argument("--sort", default="cumulative", help="with --profile: cumulative, tottime")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--only", help="with --profile: functions whose file path holds this "
                                       "(reviewdesk, say)")
    args = parser.parse_args()
    django(args.database_url)
    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from reviewdesk.accounts.models import User

    settings.ALLOWED_HOSTS = ["*"]
    p = plan()["partnerships"][args.partnership]
    rng = random.Random(1)
    profiler = cProfile.Profile() if args.profile else None
    print(f"{'person':18} {'page':20} {'p50 ms':>7} {'p95 ms':>7} {'queries':>8}")
    for role, person_pages in pages(p).items():
        if args.person and role != args.person:
            continue
        client = Client()
        # Signed in without the password's (slow, on purpose) check: the pages are measured.
        client.force_login(User.objects.get(email=f"{role}.{args.partnership}@{DOMAIN}"))
        for name, path_for in person_pages:
            if args.profile and name != args.profile:
                continue
            times, queries = [], []
            client.get(path_for(rng))  # warm the process's caches as a served worker's are
            for _ in range(args.requests):
                path = path_for(rng)
                reset_queries()
                with CaptureQueriesContext(connection) as captured:
                    if profiler:
                        profiler.enable()
                    started = time.perf_counter()
                    response = client.get(path)
                    times.append((time.perf_counter() - started) * 1000)
                    if profiler:
                        profiler.disable()
                if response.status_code != 200:
                    raise SystemExit(f"{role}: {response.status_code} for {path}")
                queries.append(len(captured))
            print(f"{role:18} {name:20} {statistics.median(times):7.0f} "
                  f"{percentile(times, 95):7.0f} {statistics.median(queries):8.0f}")
    if profiler:
        stats = pstats.Stats(profiler).sort_stats(args.sort)
        stats.print_stats(*([args.only] if args.only else []), args.top)


if __name__ == "__main__":
    main()
