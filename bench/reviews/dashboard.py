"""Benchmark: the dashboard and a review's page, as a business manager and as a safeguarding partner.

    .venv/bin/python bench/reviews/dashboard.py [--reviews 100] [--requests 60] [--seed 1]
                                                [--on-disk]

A temporary SQLite database (in memory under /dev/shm unless --on-disk, as the chronology
benchmarks), migrated from empty; one partnership with ``--reviews`` open reviews, each with
its child, the mother, the father and a social worker in the identity register, a summary and
five tasks naming them in the forms people type (full names, first names, surnames, initials, a
nickname, possessives). Then, signed in through Django's test ``Client`` (the whole stack), it
times ``--requests`` GET requests of each of:

* the dashboard as the business manager (sees every identity) and as a safeguarding partner
  (pseudonyms and role labels only): every review's title through its ``Names``;
* a review's page as each (a different review each time): the summary, the task titles and the
  team's reasons rendered through the redactor, which for the partner hides every identity.

Prints p50 / p95 / max for each. No target: it is there to show what rendering free text
through the register matcher costs the pages people open most.
"""

import argparse
import pathlib
import random
import statistics
import sys
import tempfile
import time
from datetime import date

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench" / "chronology"))

from run import database_folder, set_up_django  # noqa: E402

FIRST = ["Kayden", "Amara", "Tyler", "Lacey", "Reuben", "Mia", "Jaxon", "Esme", "Harley", "Nia"]
SURNAMES = ["Moorcroft", "Ashdown", "Pennock", "Vasquez", "Oyelaran", "Brierley", "Kowalczyk"]
SUMMARY = ("{child} was taken to hospital with a head injury. {first} told the nurse that "
           "{mother_first} had shouted at {first_initial}.{sur_initial}. the night before; "
           "{nick}'s school had raised concerns in March. {sw} ({sw_first}) visited and saw "
           "{first} with {father}. Ms {surname} declined a further visit.")
TASKS = ["Ask {sw} for {first}'s case notes", "Call {mother} about {nick}",
         "Chase the school about {child}", "Book the meeting with {father} and {sw_first}",
         "Check {first_initial}.{sur_initial}.'s health records"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def build(count: int, rng: random.Random) -> dict:
    from reviewdesk.accounts.models import Agency, Partnership, PartnershipRole, User
    from reviewdesk.reviews import actions
    from reviewdesk.reviews.clocks import ensure_default_rules
    from reviewdesk.reviews.models import IdentityEntry, Incident

    partnership = Partnership.objects.create(name="Benchshire Safeguarding Children Partnership",
                                             code="BD")
    ensure_default_rules(partnership.pk)
    bm = User.objects.create_user("bm@bench.invalid", None, full_name="Bea Manager",
                                  partnership=partnership, role=PartnershipRole.BUSINESS_MANAGER)
    partner = User.objects.create_user("partner@bench.invalid", None, full_name="Pat Partner",
                                       partnership=partnership,
                                       role=PartnershipRole.SAFEGUARDING_PARTNER)
    agencies = [Agency.objects.create(partnership=partnership, name=f"Agency {n}", kind="other")
                for n in range(3)]
    reviews = []
    for _ in range(count):
        first, surname = rng.choice(FIRST), rng.choice(SURNAMES)
        mother_first = rng.choice(["Qirella", "Shannon", "Demi", "Kerry-Ann"])
        words = {"child": f"{first} {surname}", "first": first, "surname": surname,
                 "first_initial": first[0], "sur_initial": surname[0], "nick": first[:3],
                 "mother": f"{mother_first} {surname}", "mother_first": mother_first,
                 "father": f"Darnell {rng.choice(SURNAMES)}", "sw": "Priya Sandhu",
                 "sw_first": "Priya"}
        review = actions.record_incident(
            partnership, by=bm, children=[{"name": words["child"], "looked_after": False,
                                           "date_of_birth": date(2019, 3, 14)}],
            what_happened=Incident.WhatHappened.SERIOUS_HARM,
            abuse_or_neglect=Incident.AbuseOrNeglect.SUSPECTED, incident_date=date(2026, 3, 2),
            la_aware_on=date(2026, 3, 2), summary=SUMMARY.format(**words), agencies=agencies[:2])
        child = review.identities.get(kind=IdentityEntry.Kind.CHILD)
        actions.save_identity(review, by=bm, entry=child, aliases=words["nick"])
        actions.save_identity(review, by=bm, kind=IdentityEntry.Kind.FAMILY,
                              real_name=words["mother"], pseudonym="Mother", role_title="Mother")
        actions.save_identity(review, by=bm, kind=IdentityEntry.Kind.FAMILY,
                              real_name=words["father"], pseudonym="Father", role_title="Father")
        actions.save_identity(review, by=bm, kind=IdentityEntry.Kind.PROFESSIONAL,
                              real_name=words["sw"], pseudonym="Social Worker 1",
                              role_title="Social Worker 1")
        for i, title in enumerate(TASKS):
            actions.add_task(review, by=bm, title=title.format(**words),
                             due_on=date(2026, 4, 1 + i))
        reviews.append(review)
    return {"bm": bm, "partner": partner, "reviews": reviews}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reviews", type=int, default=100)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--on-disk", action="store_true")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(dir=database_folder(args.on_disk)) as folder:
        set_up_django(pathlib.Path(folder))
        import time_machine
        from django.test import Client

        # The reviews' deadlines as on a working day of the review, whatever today is.
        with time_machine.travel(date(2026, 3, 16), tick=True):
            started = time.perf_counter()
            ctx = build(args.reviews, rng)
            print(f"Made {args.reviews} reviews in {time.perf_counter() - started:.1f} s")
            results = {}
            for who in ("bm", "partner"):
                client = Client()
                client.force_login(ctx[who])
                pages = {"dashboard": lambda: "/dashboard/",
                         "review page": lambda: f"/reviews/{rng.choice(ctx['reviews']).uuid}/"}
                for kind, url in pages.items():
                    assert client.get(url()).status_code == 200, (who, kind)  # warm, untimed
                    times, cpu = [], []
                    for _ in range(args.requests):
                        address = url()
                        t0, c0 = time.perf_counter(), time.process_time()
                        response = client.get(address)
                        times.append((time.perf_counter() - t0) * 1000)
                        cpu.append((time.process_time() - c0) * 1000)
                        assert response.status_code == 200, (who, kind, response.status_code)
                    results[f"{kind} ({'business manager' if who == 'bm' else 'partner'})"] = (
                        times, cpu)
    print(f"\n{args.requests} requests each, {args.reviews} open reviews (SQLite):")
    # CPU: this process's own time (the whole stack but SQLite's file system waits), which
    # varies far less than elapsed time on a machine shared with other work.
    print(f"{'page':<32}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}{'CPU p50':>10}{'CPU p95':>10}")
    for kind, (ts, cpu) in results.items():
        print(f"{kind:<32}{statistics.median(ts):>10.1f}{percentile(ts, 95):>10.1f}"
              f"{max(ts):>10.1f}{statistics.median(cpu):>10.1f}{percentile(cpu, 95):>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
