"""A real background worker (``manage.py db_worker``) for the tests that kill one: started as a
child process by ``test_worker_killed``, on the test's database and at the test's time, and
made to stop at a chosen point inside a task so the test's SIGKILL lands exactly there.

Run as ``python -m reviewdesk.tests_settings.worker_process QUEUE``, with, in the environment:

- ``DATABASE_URL`` and ``MEDIA_ROOT``: the test's database and stored files;
- ``WORKER_CLOCK``: the test's time (ISO 8601), so leases and audit stamps agree with it;
- ``WORKER_SETTINGS``: settings to change, as JSON (where e-mails go, the scan's model off);
- ``WORKER_STOP_AT`` (optional): ``module:attribute.path`` of a function the task calls, with
  ``WORKER_STOP_WHEN`` ``before`` or ``after`` calling it: there the worker writes its process id
  to ``WORKER_STOPPED_FILE`` and waits, inside the task, for the test to kill it.
"""

import importlib
import json
import os
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any


def stop_inside_task(target: str, when: str, stopped_file: Path) -> None:
    module_name, _, path = target.partition(":")
    *owner_path, name = path.split(".")
    owner: Any = importlib.import_module(module_name)
    for part in owner_path:
        owner = getattr(owner, part)
    real = getattr(owner, name)

    def stopped_here(*args: Any, **kwargs: Any) -> None:
        if when == "after":
            real(*args, **kwargs)
        stopped_file.write_text(str(os.getpid()))
        while True:  # the test kills the process here, with the task half done
            time.sleep(0.05)

    setattr(owner, name, stopped_here)


def main(queue: str) -> None:
    import time_machine

    time_machine.travel(datetime.fromisoformat(os.environ["WORKER_CLOCK"]), tick=True).start()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reviewdesk.settings")
    import django
    from django.conf import settings

    django.setup()
    for name, value in json.loads(os.environ.get("WORKER_SETTINGS", "{}")).items():
        setattr(settings, name, value)
    if os.environ.get("WORKER_STOP_AT"):
        stop_inside_task(os.environ["WORKER_STOP_AT"], os.environ.get("WORKER_STOP_WHEN", "before"),
                         Path(os.environ["WORKER_STOPPED_FILE"]))
    from django.core.management import call_command

    # --batch: take every task ready on the queue, then exit (unless stopped inside one).
    call_command("db_worker", "--queue-name", queue, "--batch", "--no-reload",
                 "--no-startup-delay", "--interval", "0", "--worker-id", f"test-{os.getpid()}",
                 verbosity=0)


if __name__ == "__main__":
    main(sys.argv[1])
