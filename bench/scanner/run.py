"""Benchmark the publication scanner on the labelled sets, next to Presidio alone.

    .venv/bin/python bench/scanner/run.py [SET_DIR ...] [--verbose] [--no-presidio]

With no SET_DIR it measures the three committed sets: seed1 (generated; the scanner was tuned on
it), seed2 (generated, names found nowhere in the code or tests) and seed3 (twelve drafts written
by hand, outside the project's habits, by sessions that never read the scanner: see its README;
classes of miss found on it are fixed as classes, never its sentences). Two scanners run over
every case-NN.txt:

* Review Desk: ``engine.scan`` with the case's register, register and unregistered layers;
* Presidio alone: a plain ``AnalyzerEngine`` with the same spaCy model (full pipeline), Presidio's
  default recognisers plus the same UK recognisers as Review Desk, every entity type, no register.

Both are counted the same way. A gold span is found if any finding overlaps it; recall is given
separately for registered identities and for unregistered identifiers. A false alarm is a finding
that overlaps no gold span (registered or not), given per 2,000 words. Words per second is the
set's words over the scanning time once the model is loaded; loading (and one warm-up call) is
timed and printed separately, Review Desk's including the first import of spaCy and Presidio.
Nothing is downloaded: both scanners use the installed model and tldextract's bundled list.

Then registered recall by form and unregistered recall by category for each scanner; with
--verbose, every miss and every false alarm.
"""

import argparse
import collections
import json
import pathlib
import sys
import time
from collections.abc import Callable

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reviewdesk.lib.scanner import engine, unregistered  # noqa: E402
from reviewdesk.lib.scanner.documents import read_text  # noqa: E402

DATA = pathlib.Path(__file__).resolve().parent / "data"

# A scanner takes (text, register entries) and returns (start, end, label) for each finding.
Scanner = Callable[[str, list[dict]], list[tuple[int, int, str]]]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def review_desk() -> tuple[Scanner, float]:
    t0 = time.perf_counter()
    engine.warm_up()
    engine.scan(read_text(b"Warm-up text mentioning nobody."), [])
    seconds = time.perf_counter() - t0

    def scan(text: str, entries: list[dict]) -> list[tuple[int, int, str]]:
        return [(f.start, f.end, f.reason)
                for f in engine.scan(read_text(text.encode("utf-8")), entries)]

    return scan, seconds


def presidio_alone() -> tuple[Scanner, float]:
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    t0 = time.perf_counter()
    nlp_engine = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": unregistered.MODEL}],
    }).create_engine()
    analyzer = AnalyzerEngine(nlp_engine=nlp_engine)
    # The default email recogniser would fetch the public suffix list; the offline one is the
    # same recogniser checking the bundled list.
    analyzer.registry.remove_recognizer("EmailRecognizer")
    for recognizer in [unregistered.offline_email_recognizer(), *unregistered.uk_recognizers()]:
        analyzer.registry.remove_recognizer(recognizer.name)  # NhsRecognizer is a default one
        analyzer.registry.add_recognizer(recognizer)
    analyzer.analyze("Warm-up text mentioning nobody.", "en")
    seconds = time.perf_counter() - t0

    def scan(text: str, entries: list[dict]) -> list[tuple[int, int, str]]:
        return [(r.start, r.end, r.entity_type) for r in analyzer.analyze(text, "en")]

    return scan, seconds


def run_set(set_dir: pathlib.Path, scan: Scanner) -> dict:
    counts = {True: [0, 0], False: [0, 0]}  # registered? -> [found, total]
    words = 0
    seconds = 0.0
    by_form = collections.defaultdict(lambda: [0, 0])
    misses, alarms = [], []
    for txt in sorted(set_dir.glob("case-*.txt")):
        gold = json.loads(txt.with_suffix(".gold.json").read_text(encoding="utf-8"))
        register = json.loads(txt.with_suffix(".register.json").read_text(encoding="utf-8"))
        text = txt.read_text(encoding="utf-8")
        t0 = time.perf_counter()
        findings = scan(text, register["entries"])
        seconds += time.perf_counter() - t0
        words += gold.get("words") or len(text.split())
        spans = [(s["start"], s["end"]) for s in gold["spans"]]
        for s in gold["spans"]:
            hit = any(overlaps((f[0], f[1]), (s["start"], s["end"])) for f in findings)
            key = (f"registered {s['category']}/{s.get('form')}" if s["registered"]
                   else f"unregistered {s['category']}")
            by_form[key][1] += 1
            counts[s["registered"]][1] += 1
            if hit:
                by_form[key][0] += 1
                counts[s["registered"]][0] += 1
            else:
                misses.append((txt.name, key, s["text"]))
        for start, end, label in findings:
            if not any(overlaps((start, end), sp) for sp in spans):
                alarms.append((txt.name, text[start:end], label))
    return {
        "registered": counts[True], "unregistered": counts[False], "words": words,
        "fas": len(alarms), "fa_per_2000": len(alarms) * 2000 / words if words else 0.0,
        "wps": words / seconds if seconds else float("inf"), "by_form": by_form,
        "misses": misses, "alarms": alarms,
    }


def _recall(found_total: list[int]) -> str:
    found, total = found_total
    return f"{(found / total if total else 1):.2%} ({found}/{total})"


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sets", nargs="*", type=pathlib.Path, help="set directories (default: all three)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every miss and false alarm")
    ap.add_argument("--no-presidio", action="store_true", help="measure Review Desk only")
    args = ap.parse_args(argv)
    dirs = args.sets or [DATA / "seed1", DATA / "seed2", DATA / "seed3"]

    scanners = {"Review Desk": review_desk()}
    if not args.no_presidio:
        scanners["Presidio alone"] = presidio_alone()
    for name, (_, load_seconds) in scanners.items():
        print(f"{name}: model loaded in {load_seconds:.2f} s (not counted in words/s)")

    results = {(d.name, name): run_set(d, scan) for d in dirs for name, (scan, _) in scanners.items()}
    print(f"\n{'set':<7}{'scanner':<16}{'registered recall':>22}{'unregistered recall':>22}"
          f"{'false alarms/2k words':>24}{'words':>8}{'words/s':>9}")
    for (set_name, name), r in results.items():
        print(f"{set_name:<7}{name:<16}{_recall(r['registered']):>22}{_recall(r['unregistered']):>22}"
              f"{r['fa_per_2000']:>15.2f} ({r['fas']:>4}){r['words']:>8}{r['wps']:>9.0f}")

    print("\nRecall by form (registered) and by category (unregistered)")
    forms = sorted({k for r in results.values() for k in r["by_form"]}, key=lambda k: (k[0] == "r", k))
    print(f"{'':<48}" + "".join(f"{f'{s} {n}':>24}" for s, n in results))
    for k in forms:
        row = ""
        for r in results.values():
            hit, tot = r["by_form"].get(k, [0, 0])
            row += f"{f'{hit}/{tot}':>17}{(hit / tot if tot else 1):>7.0%}"
        print(f"{k:<48}{row}")

    if args.verbose:
        for (set_name, name), r in results.items():
            print(f"\n[{set_name}, {name}] misses:")
            for m in r["misses"]:
                print("  ", m)
            print(f"[{set_name}, {name}] false alarms:")
            for a in r["alarms"]:
                print("  ", a)


if __name__ == "__main__":
    main(sys.argv[1:])
