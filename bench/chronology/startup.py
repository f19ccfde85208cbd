"""Benchmark: the data team's chronology commands start in under a second.

    .venv/bin/python bench/chronology/startup.py [--runs 7] [--limit 1.0]

Runs each command as a shell would (a new Python process each time) and times it to the end of
its start: Django set up, the command's arguments read, the database opened. What it is given
makes it stop there: `--help`, and an export of a review that does not exist from an empty
database (it says the database is not set up, after everything a real export does first). One
untimed run first writes Python's bytecode cache, as any installed copy has it: with
PYTHONDONTWRITEBYTECODE set every start compiles the project's 300 modules again (about 0.35 s
more), so this benchmark unsets it. Prints the median and the slowest of the runs and PASS or
FAIL against the limit on the median; exits 1 on FAIL.
"""

import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--limit", type=float, default=1.0, help="seconds, on the median")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["DATABASE_URL"] = f"sqlite:///{scratch}/empty.sqlite3"
        commands = {
            "import_chronology --help": ["import_chronology", "--help"],
            "export_chronology --help": ["export_chronology", "--help"],
            "export_chronology (to the database)": [
                "export_chronology", "NO-SUCH-REVIEW", "--format", "csv", "-o",
                f"{scratch}/out.csv"],
        }
        failed = False
        print(f"{'command':40} {'median s':>9} {'slowest s':>10}")
        for label, argv in commands.items():
            run = [sys.executable, str(ROOT / "manage.py"), *argv]
            subprocess.run(run, env=env, cwd=ROOT, capture_output=True)  # the bytecode cache
            times = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                subprocess.run(run, env=env, cwd=ROOT, capture_output=True)
                times.append(time.perf_counter() - t0)
            median = statistics.median(times)
            failed |= median > args.limit
            print(f"{label:40} {median:9.2f} {max(times):10.2f}")
    load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} cores")
    print(("FAIL" if failed else "PASS") + f": median start-up against {args.limit:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
