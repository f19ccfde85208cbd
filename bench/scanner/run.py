"""Benchmark the register matcher on the labelled sets (issue 4).

    .venv/bin/python bench/scanner/run.py [SET_DIR ...]

Per set: recall on registered gold spans (found if any finding overlaps the span), false alarms
per 2,000 words (findings overlapping no gold span, registered or not), words per second, and
registered recall broken down by form. Presidio and unregistered identifiers are not measured here.
"""

import collections
import json
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reviewdesk.scanner.matcher import RegisterMatcher  # noqa: E402

DATA = pathlib.Path(__file__).resolve().parent / "data"


def overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


def run_set(set_dir):
    total = found = words = fas = 0
    seconds = 0.0
    by_form = collections.defaultdict(lambda: [0, 0])
    misses, alarms = [], []
    for txt in sorted(set_dir.glob("case-*.txt")):
        gold = json.loads(txt.with_suffix(".gold.json").read_text(encoding="utf-8"))
        register = json.loads(txt.with_suffix(".register.json").read_text(encoding="utf-8"))
        text = txt.read_text(encoding="utf-8")
        t0 = time.perf_counter()
        findings = RegisterMatcher(register["entries"]).find(text)
        seconds += time.perf_counter() - t0
        words += gold.get("words") or len(text.split())
        spans = [(s["start"], s["end"]) for s in gold["spans"]]
        for s in gold["spans"]:
            if not s["registered"]:
                continue
            hit = any(overlaps((f.start, f.end), (s["start"], s["end"])) for f in findings)
            key = f"{s['category']}/{s.get('form')}"
            by_form[key][1] += 1
            total += 1
            if hit:
                by_form[key][0] += 1
                found += 1
            else:
                misses.append((txt.name, key, s["text"]))
        for f in findings:
            if not any(overlaps((f.start, f.end), sp) for sp in spans):
                fas += 1
                alarms.append((txt.name, f.text, f.reason))
    return {
        "recall": found / total if total else 1.0, "found": found, "total": total,
        "fa_per_2000": fas * 2000 / words if words else 0.0, "fas": fas, "words": words,
        "wps": words / seconds if seconds else float("inf"), "by_form": by_form,
        "misses": misses, "alarms": alarms,
    }


def main(argv):
    verbose = "-v" in argv
    dirs = [pathlib.Path(a) for a in argv if a != "-v"] or [DATA / "seed1", DATA / "seed2"]
    results = {d.name: run_set(d) for d in dirs}
    print(f"{'set':<8}{'registered recall':>22}{'false alarms/2k words':>24}{'words':>8}"
          f"{'words/s':>10}")
    for name, r in results.items():
        print(f"{name:<8}{r['recall']:>13.2%} ({r['found']}/{r['total']}){r['fa_per_2000']:>16.2f}"
              f" ({r['fas']}){r['words']:>8}{r['wps']:>10.0f}")
    print("\nRegistered recall by form")
    forms = sorted({k for r in results.values() for k in r["by_form"]})
    print(f"{'form':<32}" + "".join(f"{n:>16}" for n in results))
    for k in forms:
        row = ""
        for r in results.values():
            hit, tot = r["by_form"].get(k, [0, 0])
            row += f"{(f'{hit}/{tot}'):>10}{(hit / tot if tot else 1):>6.0%}"
        print(f"{k:<32}{row}")
    if verbose:
        for name, r in results.items():
            print(f"\n[{name}] misses:")
            for m in r["misses"]:
                print("  ", m)
            print(f"[{name}] false alarms:")
            for a in r["alarms"]:
                print("  ", a)


if __name__ == "__main__":
    main(sys.argv[1:])
