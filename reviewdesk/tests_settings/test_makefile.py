"""`make run` serves on PORT (8000 unless given) and gives e-mails and notices links to it."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def dry_run(*args: str, **env: str) -> str:
    """What `make run` would do, without doing it (`make -n`)."""
    environment = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT"}}
    environment.update(env)
    result = subprocess.run(["make", "-n", "run", *args], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=60, check=True)
    return result.stdout


pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def test_make_run_serves_port_8000_and_links_to_it() -> None:
    commands = dry_run()
    assert "runserver 127.0.0.1:8000" in commands
    assert "SITE_URL='http://127.0.0.1:8000' .venv/bin/python manage.py load_demo" in commands
    assert "export SITE_URL='http://127.0.0.1:8000'" in commands


def test_another_port_moves_the_server_and_the_links() -> None:
    commands = dry_run("PORT=8123")
    assert "runserver 127.0.0.1:8123" in commands
    assert "export SITE_URL='http://127.0.0.1:8123'" in commands
    assert "8000" not in commands


def test_a_site_url_given_is_kept() -> None:
    commands = dry_run("PORT=8123", SITE_URL="https://reviews.kirkvale.example")
    assert "runserver 127.0.0.1:8123" in commands
    assert "export SITE_URL='https://reviews.kirkvale.example'" in commands
