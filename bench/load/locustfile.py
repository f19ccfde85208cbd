"""The people of bench/load/run.py's load test, doing what they really do (Locust).

Run by run.py, which starts the servers and writes the plan this file reads (LOAD_PLAN: each
partnership's reviews, by what can be done with them) and where every request's time goes
(LOAD_RECORD). LOAD_HOSTS lists the app servers: with more than one (the cluster test), each
person's requests go to them in turn, so every session is used on every server.

Who: business managers (home, dashboard, review pages, the merged chronology with and without
filters, the register, search, the team, a whole chronology exported), safeguarding partners
(home, dashboard, review pages, the anonymised merged chronology), lead reviewers (their reviews,
a draft report uploaded for its publication check, then the check's page), the police's
chronology authors (their agency's chronology page, the review's page), and the schools'
chronology authors (their chronology's page; a file of up to 5,000 rows uploaded, then its
check's page). How soon the worker starts each check is read from the task rows by run.py.
Between pages a person spends LOAD_THINK seconds (a range, default 5-25: reading the page,
typing), run.py's --think.
"""

import csv
import io
import itertools
import json
import os
import random
import re
from datetime import date, timedelta
from typing import Any

from locust import HttpUser, between, events, task

PASSWORD = "demo-review-desk-2026"
DOMAIN = "scale.reviewdesk.invalid"
PLAN: dict[str, Any] = json.loads(open(os.environ["LOAD_PLAN"]).read()) if os.environ.get(
    "LOAD_PLAN") else {}
HOSTS = [h for h in os.environ.get("LOAD_HOSTS", "").split(",") if h]
# Seconds a person spends on a page before the next (reading it, typing): "5-25" by default.
THINK = tuple(float(n) for n in os.environ.get("LOAD_THINK", "5-25").split("-"))
RECORDED: list[tuple[str, str, float, int, bool, bool]] = []
# Whether every person has signed in (LOAD_USERS of them): run.py measures from then, as
# Locust's own --reset-stats does, and says what the first moments cost apart.
STEADY = False
SIGNED_IN = 0
USERS = int(os.environ.get("LOAD_USERS", "0"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@events.request.add_listener
def _record(request_type: str, name: str, response_time: float, response_length: int,
            exception: Exception | None, **_: Any) -> None:
    RECORDED.append((request_type, name, response_time, response_length, exception is None,
                     STEADY))



@events.quitting.add_listener
def _write(**_: Any) -> None:
    if os.environ.get("LOAD_RECORD"):
        with open(os.environ["LOAD_RECORD"], "w") as out:
            json.dump(RECORDED, out)


def chronology_file(rows: int, seed: int) -> bytes:
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Date", "Time", "Source", "Staff member", "Event", "Action taken"])
    start = date(2024, 1, 8)
    for _ in range(rows):
        day = start + timedelta(days=rng.randint(0, 600))
        writer.writerow([f"{day:%d/%m/%Y}", f"{rng.randint(8, 16):02d}:{rng.choice(['00', '30'])}",
                         "School safeguarding log", "Class teacher",
                         rng.choice(["Arrived late and hungry.", "Seen with a bruise on the arm; "
                                     "said they fell.", "Mother collected late; smelt of "
                                     "alcohol.", "Absent; no call from home."]),
                         "Logged and passed to the designated safeguarding lead."])
    return out.getvalue().encode()


DRAFT = ("Child Safeguarding Practice Review: Child A.\n\n" + " ".join(
    ["The health visitor saw Child A and the mother at home in March and noted that the "
     "father had returned to the household. The school raised concerns with children's social "
     "care about the child's attendance, and a strategy discussion followed."] * 60))


class Person(HttpUser):
    abstract = True
    wait_time = between(THINK[0], THINK[-1])
    role = ""

    def on_start(self) -> None:
        self.hosts = itertools.cycle(HOSTS or [self.host])
        self.n = random.randint(1, len(PLAN["partnerships"]))
        self.plan = PLAN["partnerships"][str(self.n)]
        page = self.get("/sign-in/", "sign in")
        self.post("/sign-in/", "sign in", page, {"username": f"{self.role}.{self.n}@{DOMAIN}",
                                                 "password": PASSWORD}, expect=302)
        global SIGNED_IN, STEADY
        SIGNED_IN += 1
        # Not when Locust has started everyone: their sign-ins (Argon2, slow on purpose) may
        # still be queued then.
        STEADY = STEADY or SIGNED_IN >= USERS

    def get(self, path: str, name: str, **kwargs: Any) -> Any:
        # Redirects not followed: a session not honoured by a server would end on the sign-in
        # page with a 200; here it is a 302 and an error.
        with self.client.get(next(self.hosts) + path, name=name, catch_response=True,
                             allow_redirects=False, **kwargs) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {path}")
            return response

    def post(self, path: str, name: str, form_page: Any, data: dict[str, Any],
             files: dict[str, Any] | None = None, expect: int = 302) -> Any:
        found = CSRF.search(form_page.text or "")
        host = next(self.hosts)
        with self.client.post(host + path, name=name, catch_response=True,
                              allow_redirects=False, files=files,
                              data={**data, "csrfmiddlewaretoken": found[1] if found else ""},
                              headers={"Referer": host + path}) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code} for POST {path}")
            return response

    def review(self, kind: str = "all") -> str:
        return random.choice(self.plan[kind])



class BusinessManager(Person):
    weight = 4
    role = "business.manager"

    @task(3)
    def home(self) -> None:
        self.get("/", "home")

    @task(3)
    def dashboard(self) -> None:
        self.get("/dashboard/", "dashboard")

    @task(5)
    def review_page(self) -> None:
        self.get(f"/reviews/{self.review()}/", "review")

    @task(4)
    def merged(self) -> None:
        self.get(f"/reviews/{self.review('chronology')}/chronology/merged/", "merged chronology")

    @task(3)
    def merged_filtered(self) -> None:
        uuid = self.review("chronology")
        query = random.choice(["?keyword=hospital", f"?agency={self.plan['police']}",
                               "?keyword=bruise&significant=", "?agency="
                               f"{self.plan['police']}&agency={self.plan['social_care']}"])
        self.get(f"/reviews/{uuid}/chronology/merged/{query}", "merged chronology, filtered")

    @task(2)
    def register(self) -> None:
        self.get(f"/reviews/{self.review()}/register/", "register")

    @task(2)
    def search(self) -> None:
        self.get(f"/search/?q={random.choice(['Child A', 'Mother', self.plan['reference']])}",
                 "search")

    @task(1)
    def team(self) -> None:
        self.get(f"/reviews/{self.review()}/team/", "team")

    @task(1)
    def export(self) -> None:
        uuid = self.plan["largest"]
        page = self.get(f"/reviews/{uuid}/chronology/merged/", "merged chronology")
        self.post(f"/reviews/{uuid}/chronology/merged/export/", "export: 5,000 entries (CSV)",
                  page, {"format": "csv"}, expect=200)


class Partner(Person):
    weight = 1
    role = "partner"

    @task(2)
    def home(self) -> None:
        self.get("/", "home")

    @task(2)
    def dashboard(self) -> None:
        self.get("/dashboard/", "dashboard")

    @task(3)
    def review_page(self) -> None:
        self.get(f"/reviews/{self.review()}/", "review")

    @task(2)
    def merged(self) -> None:
        self.get(f"/reviews/{self.review('chronology')}/chronology/merged/", "merged chronology")


class LeadReviewer(Person):
    weight = 2
    role = "lead.reviewer"

    @task(3)
    def home(self) -> None:
        self.get("/", "home")

    @task(4)
    def review_page(self) -> None:
        self.get(f"/reviews/{self.review('team')}/", "review")

    @task(2)
    def merged(self) -> None:
        self.get(f"/reviews/{self.review('chronology')}/chronology/merged/", "merged chronology")

    @task(1)
    def draft_check(self) -> None:
        uuid = self.review("report")
        page = self.get(f"/reviews/{uuid}/publication-checks/", "publication checks")
        sent = self.post(f"/reviews/{uuid}/publication-checks/upload/",
                         "upload: a draft report", page, {},
                         files={"file": ("draft.txt", DRAFT.encode(), "text/plain")})
        if sent.status_code == 302:  # to the check's page, which shows it queued or running
            self.get(sent.headers["Location"].removeprefix(self.host or ""), "publication check")


class PoliceAuthor(Person):
    weight = 2
    role = "agency.author"

    @task(3)
    def home(self) -> None:
        self.get("/", "home")

    @task(3)
    def agency_chronology(self) -> None:
        self.get(f"/reviews/{self.review('chronology')}/chronology/{self.plan['police']}/",
                 "an agency's chronology")

    @task(2)
    def review_page(self) -> None:
        self.get(f"/reviews/{self.review('chronology')}/", "review")


class SchoolAuthor(Person):
    weight = 1
    role = "school.author"
    @task(2)
    def home(self) -> None:
        self.get("/", "home")

    @task(3)
    def agency_chronology(self) -> None:
        self.get(f"/reviews/{self.review('open_chronology')}/chronology/{self.plan['school']}/",
                 "an agency's chronology")

    @task(1)
    def upload(self) -> None:
        uuid = self.review("open_chronology")
        agency = f"/reviews/{uuid}/chronology/{self.plan['school']}/"
        page = self.get(agency, "an agency's chronology")
        rows = random.choice([200, 1000, 5000])
        sent = self.post(agency + "upload/", "upload: a chronology file (up to 5,000 rows)",
                         page, {}, files={"file": ("school chronology.csv",
                                                   chronology_file(rows, random.random()),
                                                   "text/csv")})
        if sent.status_code == 302:
            self.get(sent.headers["Location"].removeprefix(self.host or ""), "chronology check")
