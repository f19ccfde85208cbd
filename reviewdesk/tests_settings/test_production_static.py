"""Production's static files: ``collectstatic`` with production's storage succeeds, and pages
rendered under it name only files that storage hashed (a folder or a missing file is a 500).

The production smoke test (``scripts/production_smoke.sh``, run by CI) proves the same against
gunicorn and PostgreSQL; these catch the two ways it broke in the ordinary suite.
"""

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

from reviewdesk.accounts.models import User
from reviewdesk.reviews.models import Review
from reviewdesk.testing import ClientFor

# What settings.py chooses when REVIEW_DESK_ENV=production.
PRODUCTION_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"
STATIC_REFERENCE = re.compile(r'(?:href|src)="(/static/[^"]+)"')


@pytest.fixture(scope="module")
def static_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """STATIC_ROOT filled by collectstatic with production's storage, for this module's tests."""
    root = tmp_path_factory.mktemp("staticfiles")
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STORAGE}}
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        # Raises (collectstatic exits 1) if a stylesheet names a file that is not there.
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def _manifest(static_root: Path) -> dict[str, str]:
    return json.loads((static_root / "staticfiles.json").read_text())["paths"]


def _static_references(html: str) -> list[str]:
    return STATIC_REFERENCE.findall(html)


def test_collectstatic_hashes_the_govuk_stylesheet_and_what_it_refers_to(static_root: Path) -> None:
    manifest = _manifest(static_root)
    stylesheet = static_root / manifest["vendor/govuk/govuk-frontend.min.css"]
    urls = re.findall(r"url\(([^)]+)\)", stylesheet.read_text())
    assert urls, "the GOV.UK stylesheet refers to its fonts and images"
    for url in urls:
        name = url.strip("\"'").removeprefix(settings.STATIC_URL)
        assert name in manifest.values(), f"{url} is not a hashed file"
    assert "sourceMappingURL" not in stylesheet.read_text()


def _assert_every_static_reference_is_a_hashed_file(html: str, static_root: Path) -> None:
    hashed = set(_manifest(static_root).values())
    references = _static_references(html)
    assert references, "the page refers to its stylesheets and scripts"
    for reference in references:
        name = reference.removeprefix(settings.STATIC_URL)
        assert name in hashed and (static_root / name).is_file(), reference


def test_the_sign_in_page_refers_only_to_hashed_files(static_root: Path, db: None) -> None:
    response = Client().get("/sign-in/")
    assert response.status_code == 200
    _assert_every_static_reference_is_a_hashed_file(response.content.decode(), static_root)


def test_a_review_page_and_a_missing_page_render_under_production_storage(
        static_root: Path, review: Review, business_manager: User, client_for: ClientFor) -> None:
    client = client_for(business_manager)
    page = client.get(f"/reviews/{review.uuid}/")
    assert page.status_code == 200
    assert review.reference in page.content.decode()
    _assert_every_static_reference_is_a_hashed_file(page.content.decode(), static_root)
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    _assert_every_static_reference_is_a_hashed_file(missing.content.decode(), static_root)


def test_whitenoise_serves_a_hashed_file_to_be_cached_for_ever(static_root: Path, db: None) -> None:
    # A new client loads the middleware afresh, so WhiteNoise reads this STATIC_ROOT.
    stylesheet = next(ref for ref in _static_references(Client().get("/sign-in/").content.decode())
                      if "govuk-frontend.min" in ref)
    response = Client().get(stylesheet)
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    response.close()
