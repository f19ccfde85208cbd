"""Nothing unpublished is reachable without signing in. As a visitor who is not signed in: crawl
every link from /published/ (every href on this host, recursively) over a deployment with a
review whose register, draft report and chronology name people (the access matrix's marker
names), and publications in every state. Exactly the published reports appear; every page is 200
(or 410 for a withdrawn one); none shows a marker or a draft's or chronology's text; no link
leads anywhere but the public pages, static files, the help and the sign-in. Then guessed
addresses: draft versions, the final report's files, the review's pages by uuid, scheduled and
cancelled slugs, ids: 404 or the sign-in, never content."""

import io
import re
from collections import deque
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from reviewdesk.accounts.models import Agency, User
from reviewdesk.chronology import actions as chronology_actions
from reviewdesk.publication.models import Publication
from reviewdesk.publication.testing import at_publication, make_publication
from reviewdesk.reports import actions as report_actions
from reviewdesk.reports.models import ReportVersion
from reviewdesk.reports.tests.helpers import report_docx
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_access_matrix import (  # noqa: F401 (fixtures)
    FAMILY_MARKERS,
    STAFF_MARKERS,
    TYPED,
    marked_review,
    people,
)
from reviewdesk.testing import MakeReview

State = Publication.State
DRAFT_TEXT = "Quillmoor draft passage"
CHRONOLOGY_TEXT = "Brackenfold chronology event"
MARKERS = [*FAMILY_MARKERS, *STAFF_MARKERS, DRAFT_TEXT, CHRONOLOGY_TEXT]
# Where a public page may link outside the public pages.
ALLOWED_ELSEWHERE = re.compile(r"^/(static/|help/|sign-in/$)")


@pytest.fixture
def stage() -> str:
    return "report"


@pytest.fixture
def world(marked_review: Review, business_manager: User, make_review: MakeReview,  # noqa: F811
          agencies: dict[str, Agency]) -> dict[str, Any]:
    """The marked review with a draft naming everyone and a chronology entry, taken on to
    publication and published as 'Child K'; other reviews' publications in every other state."""
    bm = business_manager
    version = report_actions.upload_version(
        marked_review, by=bm, filename="draft.docx", data=report_docx(
            ("Introduction", 1), f"{DRAFT_TEXT}: {TYPED}"))
    police = agencies["police"]
    chronology_actions.add_entry(marked_review, police, by=bm, values={
        "date": "06/03/2026", "source": "Police log", "role": "Police officer",
        "event": f"{CHRONOLOGY_TEXT}: {TYPED}"})
    final = at_publication(marked_review, by=bm)
    today = timezone.localdate()
    published = make_publication(marked_review, by=bm, title="Child K", slug="child-k",
                                 summary="How agencies worked together for Child K.",
                                 final_report=final, published_on=today,
                                 actions_document=b"%PDF-1.4 not really")
    others: dict[str, Publication] = {}
    for n, state in enumerate([State.SCHEDULED, State.ON_REQUEST, State.WITHDRAWN,
                               State.CANCELLED]):
        review = make_review(child_name=f"Kit Kettleby {n}")
        others[state] = make_publication(review, by=bm, state=state, title=f"Child {'MNOP'[n]}",
                                         slug=f"child-{'mnop'[n]}", published_on=today)
    return {"review": marked_review, "police": police, "version": version, "final": final,
            "published": published, **others}


def readable(content: bytes) -> str:
    if content.startswith(b"%PDF"):
        try:
            return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
        except Exception:
            return content.decode(errors="replace")
    return content.decode(errors="replace")


def no_markers(url: str, content: bytes) -> None:
    text = re.sub(r'nonce="[^"]*"', "", readable(content)).lower()
    leaks = [m for m in MARKERS if m.lower() in text]
    assert not leaks, f"{url} shows {leaks}"


def crawl(client: Client, start: str) -> dict[str, int]:
    """Every address on this host linked from ``start``, recursively: url -> status."""
    seen: dict[str, int] = {}
    queue = deque([start])
    elsewhere: set[str] = set()
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else (  # type: ignore[attr-defined]
            response.content)
        seen[url] = response.status_code
        no_markers(url, content)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        for href in re.findall(r'(?:href|action)="([^"]*)"', content.decode()):
            target = urljoin(url, href.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.netloc not in ("", "testserver"):
                pytest.fail(f"{url} links off the site: {href}")
            path = urldefrag(parts.path + (f"?{parts.query}" if parts.query else ""))[0]
            if path.startswith("/published/") or path == "/robots.txt":
                queue.append(path)
            else:
                elsewhere.add(path)
    wrong = sorted(p for p in elsewhere if not ALLOWED_ELSEWHERE.match(p))
    assert not wrong, f"Public pages link outside the public site: {wrong}"
    return seen


def test_the_crawl_finds_exactly_the_published_reports_and_nothing_unpublished(
        client: Client, world: dict[str, Any]) -> None:
    seen = crawl(client, "/published/")
    published, on_request = world["published"], world[State.ON_REQUEST]
    assert set(seen.values()) <= {200, 410}, seen
    assert f"/published/{published.slug}/" in seen
    assert f"/published/{published.slug}/report.pdf" in seen
    assert f"/published/{published.slug}/actions.pdf" in seen
    assert f"/published/{on_request.slug}/" in seen
    downloads = {url for url in seen if url.endswith(".pdf")}
    assert downloads == {f"/published/{published.slug}/report.pdf",
                         f"/published/{published.slug}/actions.pdf"}
    for state in (State.SCHEDULED, State.WITHDRAWN, State.CANCELLED):
        assert not any(world[state].slug in url for url in seen), state
    # The list holds the published report and the one on request, and no other.
    listed = client.get("/published/").content.decode()
    titles = set(re.findall(r"Child [A-Z]\b", listed))
    assert titles == {"Child K", "Child N"}


def test_guessed_addresses_give_404_or_the_sign_in_never_content(
        client: Client, world: dict[str, Any]) -> None:
    review = world["review"]
    assert isinstance(review, Review)
    version = world["version"]
    assert isinstance(version, ReportVersion)
    final = world["final"]
    published = world["published"]
    assert isinstance(published, Publication)
    police = world["police"]
    assert isinstance(police, Agency)
    to_sign_in = [
        f"/reviews/{review.uuid}/",
        reverse("reports:report", args=[review.uuid]),
        reverse("reports:version", args=[review.uuid, version.number]),
        reverse("reports:download_version", args=[review.uuid, version.number]),
        reverse("final_report:report", args=[review.uuid]),
        reverse("final_report:download", args=[review.uuid, final.pk, "pdf"]),
        reverse("chronology:overview", args=[review.uuid]),
        reverse("chronology:agency", args=[review.uuid, police.pk]),
        f"/reviews/{review.uuid}/register/",
    ]
    for url in to_sign_in:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/sign-in/"), url
        no_markers(url, response.content)
    not_there = [
        f"/published/{world[State.SCHEDULED].slug}/",
        f"/published/{world[State.SCHEDULED].slug}/report.pdf",
        f"/published/{world[State.CANCELLED].slug}/",
        f"/published/{world[State.WITHDRAWN].slug}/report.pdf",
        f"/published/{world[State.WITHDRAWN].slug}/request/",
        f"/published/{world[State.ON_REQUEST].slug}/report.pdf",
        f"/published/{published.pk}/",
        f"/published/{published.uuid}/",
        f"/published/{review.uuid}/",
        f"/published/{review.reference}/",
        f"/published/{published.slug}/final.pdf",
        f"/published/{published.slug}/draft.docx",
        "/published/child-k/../../reviews/",
        f"/media/{published.document.name}",
    ]
    for url in not_there:
        response = client.get(url)
        assert response.status_code == 404, url
        no_markers(url, response.content)
