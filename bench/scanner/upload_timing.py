"""Time a 10,000-word Word draft from upload to findings on a running Review Desk.

    .venv/bin/python bench/scanner/upload_timing.py [--url http://127.0.0.1:8000] [--runs 3]

Needs `make run` (web server, background worker and demo data) in another terminal. Signs in as
the demo business manager, uploads the same draft as bench/scanner/docx_timing.py builds to a
demo review, and polls the check's status until it is done: the time printed is from sending
the upload to the findings being stored, worker pick-up included.
"""

import argparse
import pathlib
import re
import statistics
import sys
import time

import requests

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from docx_timing import build_docx  # noqa: E402

EMAIL, PASSWORD = "business.manager@demo.reviewdesk.invalid", "demo-review-desk-2026"


def csrf(session: requests.Session, url: str) -> str:
    page = session.get(url)
    page.raise_for_status()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--words", type=int, default=10_000)
    args = parser.parse_args(argv)
    base = args.url.rstrip("/")
    session = requests.Session()
    session.post(f"{base}/sign-in/", data={"csrfmiddlewaretoken": csrf(session, f"{base}/sign-in/"),
                                           "username": EMAIL, "password": PASSWORD},
                 headers={"Referer": f"{base}/sign-in/"}).raise_for_status()
    dashboard = session.get(f"{base}/dashboard/").text
    review = re.search(r'href="/reviews/([0-9a-f-]{36})/"', dashboard)
    if review is None:
        sys.exit("Could not find a demo review: run `make run` (it loads the demo) and try again.")
    upload_url = f"{base}/reviews/{review.group(1)}/publication-checks/upload/"
    data, _entries = build_docx(args.words)
    times = []
    for _ in range(args.runs):
        token = csrf(session, upload_url)
        t0 = time.perf_counter()
        response = session.post(upload_url, data={"csrfmiddlewaretoken": token},
                                files={"file": ("draft.docx", data)},
                                headers={"Referer": upload_url}, allow_redirects=False)
        if response.status_code != 302:
            sys.exit(f"The upload was refused ({response.status_code}).")
        check_url = base + response.headers["Location"]
        while "Checked" not in (status := session.get(check_url + "status/").text):
            if "Could not be checked" in status:
                sys.exit("The check failed: see the worker's output.")
            time.sleep(0.05)
        times.append(time.perf_counter() - t0)
    print(f"{args.words}-word .docx ({len(data) / 1024:.0f} KB), upload to findings stored: "
          f"best {min(times):.2f} s, median {statistics.median(times):.2f} s over {len(times)} runs")


if __name__ == "__main__":
    main(sys.argv[1:])
