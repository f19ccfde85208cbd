"""Time a 10,000-word Word draft through the scanner: well under 3 seconds from upload
to findings is the target.

    .venv/bin/python bench/scanner/docx_timing.py [--words 10000] [--runs 5]

Builds a .docx of about the given number of words from the labelled set's reports (paragraphs,
a table, a header, a comment and document properties), then times, with the model already loaded
as it is in a running worker: reading the file, the full scan (register + unregistered), and both
together. The model's one-off load time is printed separately. Prints the best and median of the
runs and the findings count.
"""

import argparse
import io
import json
import pathlib
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402

from reviewdesk.lib.scanner import engine  # noqa: E402
from reviewdesk.lib.scanner.reading import read_document  # noqa: E402

DATA = pathlib.Path(__file__).resolve().parent / "data" / "seed1"


def build_docx(words: int) -> tuple[bytes, list[dict]]:
    """A draft of about `words` words made from the set's reports, with the first case's register."""
    cases = sorted(DATA.glob("case-*.txt"))
    register = json.loads(cases[0].with_suffix(".register.json").read_text(encoding="utf-8"))
    document = docx.Document()
    document.core_properties.author = "Draft author"
    document.sections[0].header.paragraphs[0].text = "Child Safeguarding Practice Review: draft"
    count, i = 0, 0
    while count < words:
        text = cases[i % len(cases)].read_text(encoding="utf-8")
        for para in text.split("\n\n"):
            if count >= words:
                break
            document.add_paragraph(para.replace("\n", " "))
            count += len(para.split())
        i += 1
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Agency", "Involvement"
    table.cell(1, 0).text, table.cell(1, 1).text = "Health", "Health visiting contacts"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), register["entries"]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    data, entries = build_docx(args.words)

    t0 = time.perf_counter()
    engine.warm_up()
    print(f"model load (once per worker): {time.perf_counter() - t0:.2f} s")

    reads, scans, totals, findings, words = [], [], [], 0, 0
    for _ in range(args.runs):
        t0 = time.perf_counter()
        document = read_document(data, "draft.docx")
        t1 = time.perf_counter()
        found = engine.scan(document, entries)
        t2 = time.perf_counter()
        reads.append(t1 - t0)
        scans.append(t2 - t1)
        totals.append(t2 - t0)
        findings, words = len(found), document.words
    print(f"document: {len(data) / 1024:.0f} KB, {words} words, {findings} findings")
    for name, times in (("read .docx", reads), ("scan", scans), ("read + scan", totals)):
        print(f"{name:<12} best {min(times):.3f} s   median {statistics.median(times):.3f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
