"""Every page at 320 CSS pixels wide (WCAG 2.2, 1.4.10 Reflow): the page itself never scrolls
sideways; only a wide table may, inside its own focusable scrolling region.

The pages are the access matrix's (every URL of the app, with a marked review and its records),
opened by the business manager at two stages; each page the business manager gets as HTML is
loaded in one browser tab, one after another.
"""

import pytest
from playwright.sync_api import Page, ViewportSize
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_access_matrix import (  # noqa: F401 (fixtures)
    BM,
    SEES_REVIEW_AT,
    MatrixContext,
    marked_review,
    people,
    rows_for,
)
from reviewdesk.reviews.tests.test_browser import PASSWORD
from reviewdesk.testing import ClientFor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW: ViewportSize = {"width": 320, "height": 800}

# What sticks out past the right edge of the viewport, outside a scrolling region: the innermost
# such elements, named so that a failure says where to look.
OVERFLOW = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const edge = root.clientWidth;
  const scrolls = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  // Inside a region that scrolls on its own (not the page: GOV.UK's html element always shows
  // its vertical scroll bar); an absolutely placed element only if the region is its container.
  const inRegion = (el) => {
    const placed = ["absolute", "fixed"].includes(getComputedStyle(el).position);
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (scrolls(p) && (!placed || getComputedStyle(p).position !== "static")) return true;
    }
    return false;
  };
  const wide = [...document.body.querySelectorAll("*")].filter(
    (el) => el.getBoundingClientRect().right > edge + 1 && !inRegion(el));
  const innermost = wide.filter((el) => !wide.some((o) => o !== el && el.contains(o)));
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.className && typeof el.className === "string"
       ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  return {width: root.scrollWidth, elements: innermost.slice(0, 5).map(
    (el) => name(el) + ": " + (el.textContent || "").trim().slice(0, 60))};
}"""

# A table's scrolling region is a landmark: no two on a page may share a name.
REGION_NAMES = """() => [...document.querySelectorAll('[role="region"]')].map(
  (el) => el.getAttribute("aria-label"))"""


@pytest.mark.parametrize("stage", ["commissioning", "report"])
def test_no_page_scrolls_sideways_at_320_pixels(
        stage: str, people: dict[str, User | None], marked_review: Review,  # noqa: F811
        client_for: ClientFor, live_server: LiveServer, page: Page) -> None:
    bm = people[BM]
    assert bm is not None
    rows = rows_for(MatrixContext(marked_review, people, stage, SEES_REVIEW_AT[stage], bm))
    client = client_for(bm)
    pages = []
    for name, row in sorted(rows.items()):
        url, get_expected = row[0], row[1]
        if get_expected[BM] != 200 or name == "accounts:sign_out":
            continue
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages.append((name, url))
    assert len(pages) > 50, f"Only {len(pages)} pages to check: the matrix was not read"
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("E-mail address").fill(bm.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.set_viewport_size(NARROW)
    problems = []
    for name, url in pages:
        page.goto(live_server.url + url)
        overflow = page.evaluate(OVERFLOW)
        regions = page.evaluate(REGION_NAMES)
        twice = sorted({label for label in regions if regions.count(label) > 1})
        if twice:
            problems.append(f"{name} ({url}) has two scrolling regions named {twice}")
        if overflow:
            problems.append(f"{name} ({url}) is {overflow['width']}px wide: "
                            + "; ".join(overflow["elements"]))
    assert not problems, (f"{len(problems)} problems on {len(pages)} pages at 320px:\n"
                          + "\n".join(problems))
