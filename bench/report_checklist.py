"""Time the report checklist on a 20,000-word Word report: under 2 seconds is the target.

    .venv/bin/python bench/report_checklist.py [--words 20000] [--runs 5]

Builds a .docx of about the given number of words from the scanner's labelled set of synthetic
reports (bench/scanner/data/seed1: numbered paragraphs under their own headings, made Word
headings here), with a recommendations section and a glossary, then times, with the language
model already loaded as it is in a running worker: reading the outline, working the checklist
out (every measure, with the default lists), and both together. The model's and the CMU
dictionary's one-off load is printed separately. Prints the best and median of the runs, the
checklist's results, and PASS or FAIL against the target.
"""

import argparse
import io
import pathlib
import re
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402

from reviewdesk.checklist import defaults  # noqa: E402  (plain lists: no Django needed)
from reviewdesk.lib import report_checklist as measures  # noqa: E402
from reviewdesk.lib.report_outline import read_outline  # noqa: E402

DATA = ROOT / "bench" / "scanner" / "data" / "seed1"
TARGET = 2.0
HEADING = re.compile(r"^\d{1,2}\.\s+[A-Z][^.]{2,80}$")


def build_docx(words: int) -> bytes:
    document = docx.Document()
    count = 0
    for case in sorted(DATA.glob("case-*.txt")):
        for block in case.read_text(encoding="utf-8").split("\n\n"):
            block = block.replace("\n", " ").strip()
            if not block or count >= words:
                continue
            if HEADING.match(block):
                document.add_heading(block, 1)
            else:
                document.add_paragraph(block)
                count += len(block.split())
        if count >= words:
            break
    document.add_heading("Recommendations", 1)
    for n, who in enumerate(["The partnership", "Children's social care", "The police",
                             "Agencies"], start=1):
        document.add_paragraph(f"{n}. {who} should make sure that concerns raised by a school "
                               "are followed up with the school within three working days.")
    document.add_heading("Glossary", 1)
    document.add_paragraph("MASH: Multi-Agency Safeguarding Hub")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    data = build_docx(args.words)
    started = time.perf_counter()
    measures.warm_up()
    load = time.perf_counter() - started
    lists = measures.Lists(
        sections=[measures.Required(str(i), name, tuple(lines))
                  for i, (name, lines) in enumerate(defaults.SECTIONS)],
        jargon=dict(defaults.JARGON),
        addressees=["Kirkvale Safeguarding Children Partnership", "Kirkvale Police",
                    "Children's social care"], addressee_codes=["KV", "KSCP"])

    outline_times, checklist_times, totals = [], [], []
    for _ in range(args.runs):
        # textstat keeps its own caches of sentences it has counted: clear them, so each run
        # measures the text afresh as a new version would be.
        for fn in vars(measures.textstat_without_download()).values():
            getattr(fn, "cache_clear", lambda: None)()
        t0 = time.perf_counter()
        outline = [b.as_dict() for b in read_outline(data)]
        t1 = time.perf_counter()
        items, paragraphs = measures.work_out(outline, lists)
        t2 = time.perf_counter()
        outline_times.append(t1 - t0)
        checklist_times.append(t2 - t1)
        totals.append(t2 - t0)

    words = sum(p["words"] for p in paragraphs)
    print(f"Report: {len(data) / 1024:.0f} KB .docx, {len(outline)} blocks, "
          f"{len(paragraphs)} paragraphs, {words:,} words measured")
    print(f"One-off load (spaCy parser, CMU dictionary, textstat): {load:.2f} s")
    for name, times in (("outline read", outline_times), ("checklist worked out", checklist_times),
                        ("both", totals)):
        print(f"{name:>22}: best {min(times):.2f} s, median {statistics.median(times):.2f} s "
              f"({args.runs} runs)")
    for item in items:
        print(f"  {item['key']:>16}: {'passed' if item['passed'] else 'not passed'} – "
              f"{item['summary']}")
    median = statistics.median(totals)
    print(f"{'PASS' if median < TARGET else 'FAIL'}: median {median:.2f} s for "
          f"{args.words:,} words against a target of {TARGET:g} s")
    return 0 if median < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
