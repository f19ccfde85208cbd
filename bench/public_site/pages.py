"""Benchmark: the public pages at a deployment's scale, as an anonymous visitor.

    .venv/bin/python bench/public_site/pages.py [--partnerships 50] [--published 6]
                                                [--on-request 30] [--requests 60] [--on-disk]

A temporary SQLite database (under /dev/shm unless --on-disk, as the chronology benchmarks),
migrated from empty: ``--partnerships`` partnerships, each with ``--published`` reports on its
website and ``--on-request`` whose time on it has ended (a partnership publishes a few reports a
year; the on-request list grows year on year). Publications are stored rows pointing at one small
PDF (the pages read no file; the download streams it). Then, through Django's test ``Client``
(the whole stack, anonymous), ``--requests`` GETs of each of: the list of every partnership's
reports (``/published/``), one partnership's list (``?partnership=CODE``), a published report's
page, an on-request report's page (with the request form) and a PDF download. Prints p50 / p95 /
max and the queries per page (which must not grow with the number of reports), and PASS or FAIL
against 100 ms p95 per page (the page target of DESIGN §7).
"""

import argparse
import hashlib
import pathlib
import random
import sys
import tempfile
import time
from datetime import date, timedelta

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench" / "chronology"))

from run import database_folder, set_up_django  # noqa: E402

TARGET_MS = 100.0
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def build(partnerships: int, published: int, on_request: int, rng: random.Random) -> dict:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from reviewdesk.accounts.models import Partnership, PartnershipRole, User
    from reviewdesk.final_report.testing import small_pdf
    from reviewdesk.publication.models import Publication
    from reviewdesk.reviews.models import Review, ReviewKind, Stage

    pdf = small_pdf("Local child safeguarding practice review")
    stored = default_storage.save("publication/bench.pdf", ContentFile(pdf))
    sha = hashlib.sha256(pdf).hexdigest()
    today = date(2027, 6, 1)
    out: dict = {"published": [], "on_request": [], "codes": []}
    for n in range(partnerships):
        code = f"B{n:03d}"
        partnership = Partnership.objects.create(
            name=f"Benchshire {n} Safeguarding Children Partnership", code=code)
        bm = User.objects.create_user(f"bm{n}@bench.invalid", None, full_name="Bea Manager",
                                      partnership=partnership,
                                      role=PartnershipRole.BUSINESS_MANAGER)
        out["codes"].append(code)
        rows = []
        for i in range(published + on_request):
            review = Review.objects.create(
                partnership=partnership, reference=f"{code}-{i:04d}", kind=ReviewKind.LOCAL_CSPR,
                stage=Stage.ACTION_PLAN, stage_since=today, created_by=bm)
            state = Publication.State.PUBLISHED if i < published else Publication.State.ON_REQUEST
            published_on = today - timedelta(days=rng.randrange(1, 170) if i < published
                                             else 200 + 60 * i)
            letter = LETTERS[i % len(LETTERS)]
            rows.append(Publication(
                review=review, slug=f"{code.lower()}-child-{letter.lower()}-{i}",
                title=f"Child {letter}", summary="A child living with a parent who misuses "
                "alcohol was seriously harmed. The review found that the signs were seen by "
                "several services but not shared; it asks for clearer routes to share concerns.",
                document=stored, document_sha256=sha, state=state, published_on=published_on,
                months_on_website=6, ends_on=published_on + timedelta(days=182),
                on_request_since=(published_on + timedelta(days=182)
                                  if state == Publication.State.ON_REQUEST else None),
                recorded_by=bm))
        Publication.objects.bulk_create(rows)
        out["published"] += [r.slug for r in rows if r.state == Publication.State.PUBLISHED]
        out["on_request"] += [r.slug for r in rows if r.state == Publication.State.ON_REQUEST]
    return out


def time_gets(client, urls: list[str]) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = max(queries, len(captured))
    return times, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--partnerships", type=int, default=50)
    parser.add_argument("--published", type=int, default=6)
    parser.add_argument("--on-request", type=int, default=30)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--on-disk", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=database_folder(args.on_disk)) as folder:
        set_up_django(pathlib.Path(folder))
        from django.test import Client

        rng = random.Random(args.seed)
        started = time.perf_counter()
        made = build(args.partnerships, args.published, args.on_request, rng)
        total = len(made["published"]) + len(made["on_request"])
        print(f"{args.partnerships} partnerships, {len(made['published'])} reports on their "
              f"websites, {len(made['on_request'])} available on request "
              f"(built in {time.perf_counter() - started:.1f} s)")
        client = Client()
        n = args.requests
        pages = {
            "/published/ (every partnership)": ["/published/"] * n,
            "/published/?partnership=CODE": [f"/published/?partnership={rng.choice(made['codes'])}"
                                             for _ in range(n)],
            "a published report's page": [f"/published/{rng.choice(made['published'])}/"
                                          for _ in range(n)],
            "an on-request report's page (form)": [f"/published/{rng.choice(made['on_request'])}/"
                                                   for _ in range(n)],
            "a report's PDF": [f"/published/{rng.choice(made['published'])}/report.pdf"
                               for _ in range(n)],
        }
        failed = False
        print(f"{'page':40} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8}")
        for name, urls in pages.items():
            client.get(urls[0])  # warm: templates compiled, caches filled
            times, queries = time_gets(client, urls)
            p95 = percentile(times, 95)
            failed |= p95 > TARGET_MS
            print(f"{name:40} {percentile(times, 50):8.1f} {p95:8.1f} {max(times):8.1f} "
                  f"{queries:8d}")
        print(f"{'FAIL' if failed else 'PASS'}: every page's p95 against {TARGET_MS:.0f} ms, "
              f"with {total} reports")
        sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
