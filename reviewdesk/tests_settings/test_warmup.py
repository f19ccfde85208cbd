"""A gunicorn worker compiles every page and freezes its start-up heap before serving
(reviewdesk/warmup.py, gunicorn.conf.py)."""

import gc
import runpy
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import engines
from django.template.backends.jinja2 import Jinja2
from jinja2 import Environment

from reviewdesk.warmup import compile_templates

ROOT = Path(__file__).resolve().parents[2]


def jinja_env() -> Environment:
    return next(e for e in engines.all() if isinstance(e, Jinja2)).env


def test_every_page_template_is_compiled_and_cached() -> None:
    env = jinja_env()
    assert env.cache is not None
    env.cache.clear()
    compiled = compile_templates()
    names = env.list_templates(extensions=["html", "txt", "xml"])
    assert compiled == len(names) > 100
    # Each is in the environment's cache: the first request of any page compiles nothing.
    cached = {key[1] for key in env.cache}
    assert "reviews/review.html" in names
    assert set(names) <= cached


@pytest.fixture
def unfrozen() -> Iterator[None]:
    yield
    # The test process must not keep a frozen heap (the rest of the suite's objects would never
    # be collected).
    gc.unfreeze()


def test_gunicorns_hook_freezes_the_heap_after_compiling(unfrozen: None) -> None:
    hooks = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    said: list[str] = []
    worker = SimpleNamespace(log=SimpleNamespace(info=lambda msg, *a: said.append(msg % a)))
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    hooks["post_worker_init"](worker)
    assert gc.get_freeze_count() > 10_000
    assert said and said[0].startswith("Worker ready:") and "templates compiled" in said[0]
