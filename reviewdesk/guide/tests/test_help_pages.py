"""Help: the guide in docs/guide/ is served, read-only, to anyone signed in, and each stage's page
links to its own page of it."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from reviewdesk.audit.models import AuditEvent
from reviewdesk.guide import pages

ROOT = Path(settings.BASE_DIR)
TEMPLATES = ROOT / "reviewdesk" / "templates"


def _page(name: str) -> pages.Page:
    page = pages.load(name)
    assert page is not None, name
    return page


def test_every_page_of_the_guide_is_served_to_a_practitioner(practitioner, client_for) -> None:
    client = client_for(practitioner)
    names = pages.page_names()
    assert {"index", "intake", "rapid-review", "decision", "commissioning", "chronology",
            "merged-chronology", "publication-check"} <= set(names)
    for name in names:
        response = client.get(pages.page_url(name))
        assert response.status_code == 200, name
        body = response.content.decode()
        title = _page(name).title
        assert f"<title>{title} – Review Desk</title>".replace("'", "&#39;") in body, name
        assert '<h1 class="govuk-heading-l">' in body, name


def test_the_guide_is_not_for_anyone_signed_out(client_for) -> None:
    response = client_for(None).get("/help/rapid-review/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_the_guide_is_only_read(business_manager, client_for) -> None:
    before = AuditEvent.objects.count()
    assert client_for(business_manager).post("/help/").status_code == 405
    assert client_for(business_manager).post("/help/rapid-review/").status_code == 405
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("address", ["/help/no-such-page/", "/help/index/", "/help/README/",
                                     "/help/..%2FREADME/", "/help/decisions%2F0001/"])
def test_only_the_guide_s_own_pages_are_found(address, business_manager, client_for) -> None:
    assert client_for(business_manager).get(address).status_code == 404


def test_links_between_pages_of_the_guide_work_in_the_app(outsider, client_for) -> None:
    client = client_for(outsider)
    followed = set()
    for name in pages.page_names():
        html = _page(name).html
        assert ".md" not in re.findall(r'href="([^"]*)"', html), name
        followed |= set(re.findall(r'href="(/help/[^"]*)"', html))
    assert "/help/rapid-review/" in followed
    for address in followed:
        assert client.get(address).status_code == 200, address


def test_a_page_is_text_and_links_to_the_guide_only(tmp_path, monkeypatch) -> None:
    (tmp_path / "index.md").write_text("# Help\n")
    (tmp_path / "odd.md").write_text(
        "# Odd <b>page</b>\n\n<script>alert(1)</script>\n\n"
        "See [the index](index.md), [the README](../../README.md), "
        "[a script](javascript:alert(1)) and [elsewhere](https://example.test/).\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n")
    monkeypatch.setattr(pages, "GUIDE_DIR", tmp_path)

    page = _page("odd")

    assert "<script>" not in page.html and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.html
    assert "<b>" not in page.html
    assert re.findall(r'href="([^"]*)"', page.html) == ["/help/"]
    assert "the README" in page.html and "elsewhere" in page.html
    assert '<table class="govuk-table">' in page.html
    assert page.title == "Odd <b>page</b>"


def test_every_help_link_in_a_template_names_a_page_of_the_guide() -> None:
    linked = {}
    for template in TEMPLATES.rglob("*.html"):
        for name in re.findall(r'help_link\("([^"]+)"', template.read_text()):
            linked[name] = template.relative_to(TEMPLATES)
    assert len(linked) >= 10
    missing = {name: str(where) for name, where in linked.items()
               if name not in pages.page_names()}
    assert not missing, f"Help links to pages the guide does not have: {missing}"


def test_each_stage_on_the_review_page_links_to_its_help(make_review, business_manager,
                                                         client_for) -> None:
    review = make_review()
    body = client_for(business_manager).get(f"/reviews/{review.uuid}/").content.decode()
    assert 'href="/help/rapid-review/"' in body
    assert 'href="/help/">Help</a>' in body


def test_every_relative_link_in_the_readme_and_docs_finds_its_file() -> None:
    broken = []
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", doc.read_text()):
            if re.match(r"[a-z]+:", target):
                continue
            if not (doc.parent / target).exists():
                broken.append(f"{doc.relative_to(ROOT)} -> {target}")
    assert not broken, broken
