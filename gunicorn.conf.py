"""gunicorn reads this file from the directory it starts in (README, "Running it for real")."""

from typing import Any


def post_worker_init(worker: Any) -> None:
    # The application is loaded in this worker: compile the pages and freeze the heap before the
    # first request (reviewdesk/warmup.py, docs/decisions/0042).
    from reviewdesk.warmup import prepare_worker

    compiled = prepare_worker()
    worker.log.info("Worker ready: %d templates compiled, start-up heap frozen", compiled)
