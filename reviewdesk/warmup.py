"""Ready a web worker before its first request, then take what it loaded out of the garbage
collector's sight (docs/decisions/0042).

A worker's heap after start-up is large (Django, every app, the compiled page templates, the URL
patterns) and lives as long as the worker. Python's full garbage collections walk all of it: on
the merged chronology page they were the slowest requests, 140 ms of CPU each, and they alone
kept its p95 over 50 ms (docs/benchmarks.md). ``gc.freeze()`` moves everything alive into a
permanent generation the collector never scans; Python's documentation recommends it for
long-lived servers. Compiling the templates first means the code every page runs is frozen too.

gunicorn runs ``prepare_worker`` in each worker after it has loaded the application
(``gunicorn.conf.py``: ``post_worker_init``); the benchmark runs the same function.
"""

import gc

from django.template import engines
from django.template.backends.jinja2 import Jinja2
from django.urls import get_resolver


def compile_templates() -> int:
    """Compile every page template once, as its first request would. Returns how many."""
    compiled = 0
    for engine in engines.all():
        if isinstance(engine, Jinja2):
            for name in engine.env.list_templates(extensions=["html", "txt", "xml"]):
                engine.env.get_template(name)
                compiled += 1
    return compiled


def prepare_worker() -> int:
    """Compile the templates, load the URL patterns, then freeze the heap. Returns how many
    templates were compiled."""
    compiled = compile_templates()
    # Every {{ url(...) }} reverses through the resolver: fill its lookup tables now.
    get_resolver().reverse_dict  # noqa: B018 (the property fills them)
    gc.collect()
    gc.freeze()
    return compiled
