"""The production settings pass Django's deployment checklist (``manage.py check --deploy``)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

MANAGE = Path(__file__).resolve().parents[2] / "manage.py"

# Variables that would change what the production settings turn out to be; the browser tests'
# DJANGO_ALLOW_ASYNC_UNSAFE (set for the whole test run) is one check --deploy rightly rejects.
SETTINGS_VARIABLES = {"DEBUG", "SECURE_SSL_REDIRECT", "TWO_FACTOR_REQUIRED", "ADMIN_ENABLED",
                      "CSRF_TRUSTED_ORIGINS", "DJANGO_SETTINGS_MODULE",
                      "DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_production_settings_pass_check_deploy() -> None:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env.update({
        "REVIEW_DESK_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "AUDIT_KEYS": f"k1:{secrets.token_urlsafe(48)}",
        "ALLOWED_HOSTS": "reviews.example.org",
        "DJANGO_SETTINGS_MODULE": "reviewdesk.settings",
    })
    result = subprocess.run(
        [sys.executable, str(MANAGE), "check", "--deploy", "--fail-level", "WARNING"],
        env=env, cwd=MANAGE.parent, capture_output=True, text=True, timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output and "ERRORS" not in output, output
    assert "System check identified no issues" in output, output
