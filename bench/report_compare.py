"""Time comparing two versions of a 20,000-word report: under 2 seconds is the target.

    .venv/bin/python bench/report_compare.py [--words 20000] [--runs 5] [--seed 1] [--show]

Builds a Word document of about the given number of words from the scanner's labelled reports
(numbered sections as Heading 1, numbered paragraphs, a table in every third section), then a
second version edited the way a reviewer edits after comments: about 5% of paragraphs changed
(words replaced, a phrase added, a sentence taken out, punctuation), paragraphs added and removed,
one split in two and two merged, a whole section moved. Times, with the best and median of the
runs: reading both outlines (``read_outline``), the comparison (``report_diff.compare``), writing
the page's rows (``reports.compare.parts``), and the same comparison as a partner reads it (every
identity in the case's register replaced first). Prints what the comparison found against what was
done, and PASS or FAIL against the target for the whole path (read both + compare + rows).
"""

import argparse
import io
import json
import os
import pathlib
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reviewdesk.settings")

import django  # noqa: E402

django.setup()

import docx  # noqa: E402

from reviewdesk.lib.report_diff import compare, summary  # noqa: E402
from reviewdesk.lib.report_outline import read_outline  # noqa: E402
from reviewdesk.reports.compare import parts  # noqa: E402
from reviewdesk.reviews import redaction  # noqa: E402

DATA = ROOT / "bench" / "scanner" / "data" / "seed1"
TARGET = 2.0
HEADING = re.compile(r"^\d{1,2}\. [A-Z][^.]{2,80}$")
SWAPS = [("told", "said to"), ("was", "had been"), ("the family", "the household"),
         ("did not", "didn't"), ("school", "the school"), ("mother", "mum"), ("said", "reported"),
         ("visited", "saw"), ("concerns", "worries"), ("practitioners", "staff")]
ADDITIONS = ["This was discussed again at the practitioners' event in March.",
             "The panel noted that this was not unusual at the time.",
             "Nobody asked the child directly how things were at home.",
             "With hindsight, a strategy discussion should have been held."]

Section = list[tuple[str, str]]  # (kind, text): "heading", "paragraph" or "table"


def sections_from_cases(words: int, rng: random.Random) -> list[Section]:
    """The reports' sections, case after case, until there are enough words."""
    sections: list[Section] = []
    count = 0
    for case in sorted(DATA.glob("case-*.txt")) * 3:
        for chunk in case.read_text(encoding="utf-8").split("\n\n"):
            chunk = " ".join(chunk.split())
            if not chunk:
                continue
            if HEADING.match(chunk):
                sections.append([("heading", chunk)])
                if len(sections) % 3 == 0:
                    sections[-1].append(("table", "\n".join(
                        f"{agency} | {rng.randint(1, 30)} | {rng.randint(0, 4)}"
                        for agency in ("Agency", "Police", "Health visiting", "GP", "School",
                                       "Children's social care"))))
            elif sections:
                sections[-1].append(("paragraph", chunk))
                count += len(chunk.split())
            if count >= words:
                return sections
    return sections


def build_docx(sections: list[Section]) -> bytes:
    document = docx.Document()
    for section in sections:
        for kind, text in section:
            if kind == "heading":
                document.add_heading(text, 1)
            elif kind == "table":
                rows = [r.split(" | ") for r in text.split("\n")]
                table = document.add_table(rows=len(rows), cols=len(rows[0]))
                for r, cells in enumerate(rows):
                    for c, cell in enumerate(cells):
                        table.cell(r, c).text = cell
            else:
                document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def edit(text: str, rng: random.Random) -> str:
    """One edit a reviewer might make to a paragraph."""
    sentences = re.split(r"(?<=[.!?]) ", text)
    how = rng.choice(["swap", "add", "drop", "punctuation", "swap"])
    if how == "add":
        sentences.insert(rng.randint(1, len(sentences)), rng.choice(ADDITIONS))
    elif how == "drop" and len(sentences) > 2:
        sentences.pop(rng.randrange(1, len(sentences)))
    elif how == "punctuation" and "," in text:
        return text.replace(",", ";", 1)
    else:
        for old, new in rng.sample(SWAPS, len(SWAPS)):
            if re.search(rf"\b{old}\b", text):
                return re.sub(rf"\b{old}\b", new, text, count=1)
        sentences.append(rng.choice(ADDITIONS))
    return " ".join(sentences)


def second_version(sections: list[Section], rng: random.Random) -> tuple[list[Section], dict]:
    new = [list(s) for s in sections]
    done = {"changed": 0, "added": 0, "removed": 0, "split": 0, "merged": 0, "moved": 0}
    places = [(s, p) for s, section in enumerate(new) for p, (kind, _) in enumerate(section)
              if kind == "paragraph"]
    total = len(places)
    for s, p in rng.sample(places, max(1, total // 20)):
        kind, text = new[s][p]
        new[s][p] = (kind, edit(text, rng))
        done["changed"] += 1
    # A section moved (a later one brought forward), paragraphs removed, added, split, merged.
    moved = new.pop(len(new) * 2 // 3)
    new.insert(len(new) // 3, moved)
    done["moved"] = len(moved)
    for _ in range(4):
        section = rng.choice([x for x in new if len(x) > 4])
        section.pop(rng.randrange(2, len(section)))
        done["removed"] += 1
    for n in range(4):
        section = rng.choice(new)
        section.insert(rng.randint(1, len(section)), ("paragraph", ADDITIONS[n] + " " + ADDITIONS[
            (n + 1) % 4]))
        done["added"] += 1
    for _ in range(2):
        section = rng.choice([x for x in new if len(x) > 4])
        p = rng.randrange(1, len(section))
        kind, text = section[p]
        sentences = re.split(r"(?<=[.!?]) ", text)
        if kind == "paragraph" and len(sentences) >= 4:
            half = len(sentences) // 2
            section[p:p + 1] = [(kind, " ".join(sentences[:half])),
                                (kind, " ".join(sentences[half:]))]
            done["split"] += 1
    for _ in range(2):
        section = rng.choice([x for x in new if len(x) > 5])
        p = rng.randrange(1, len(section) - 1)
        if section[p][0] == section[p + 1][0] == "paragraph":
            section[p:p + 2] = [("paragraph", section[p][1] + " " + section[p + 1][1])]
            done["merged"] += 1
    return new, done


def partner_redactor(register: list[dict]) -> redaction.Redactor:
    """The redactor a partner reads through: every identity of the case hidden."""
    entries = [{"kind": e["kind"], "name": e["name"], "aliases": e.get("aliases", []),
                "role": e.get("role", ""), "date_of_birth": e.get("date_of_birth"),
                "type": e.get("type", ""), "pseudonym": e.get("pseudonym", ""),
                "public": False} for e in register]
    redactor = redaction.Redactor([])
    redactor.__dict__["_engine"] = redaction._engine(json.dumps(entries, sort_keys=True))
    return redactor


def timed(fn: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return times, result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", action="store_true", help="print every row that is not the same")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    sections = sections_from_cases(args.words, rng)
    edited, done = second_version(sections, rng)
    first, second = build_docx(sections), build_docx(edited)
    register = json.loads((DATA / "case-01.register.json").read_text(encoding="utf-8"))["entries"]
    for case in sorted(DATA.glob("case-0[2-3].register.json")):
        register += json.loads(case.read_text(encoding="utf-8"))["entries"]
    redactor = partner_redactor(register)

    def read_both() -> tuple[list[dict], list[dict]]:
        return ([b.as_dict() for b in read_outline(first)],
                [b.as_dict() for b in read_outline(second)])

    def partner() -> Any:
        def hidden(outline: list[dict]) -> list[dict]:
            return [{**b, "text": redactor.text(b["text"])} for b in outline]
        return parts(compare(hidden(old), hidden(new)))

    t_read, (old, new) = timed(read_both, args.runs)
    t_compare, rows = timed(lambda: compare(old, new), args.runs)
    t_rows, shown = timed(lambda: parts(rows), args.runs)
    t_partner, _ = timed(partner, args.runs)
    t_whole = [a + b + c for a, b, c in zip(t_read, t_compare, t_rows, strict=True)]

    words = sum(len(str(b["text"]).split()) for b in old)
    print(f"Version 1: {words:,} words, {len(old)} blocks ({len(first) // 1024} KB); version 2: "
          f"{len(new)} blocks. Register of {len(register)} identities for the partner's view.")
    print(f"Edits made: {done}")
    print(f"Comparison found: {summary(rows)}; {sum(1 for r in rows if r.joined)} split or merged; "
          f"{len(shown)} parts on the page")
    if args.show:
        for row in rows:
            if row.kind != "same" or row.moved:
                print(f"  {row.kind:8} {'moved ' if row.moved else ''}{row.joined:7} {row.label}")
    print(f"{'step':45} {'best':>8} {'median':>8}")
    for name, times in [("read both outlines (read_outline x 2)", t_read),
                        ("compare (report_diff.compare)", t_compare),
                        ("the page's rows (reports.compare.parts)", t_rows),
                        ("whole: read both + compare + rows", t_whole),
                        ("as a partner: redact both + compare + rows", t_partner)]:
        print(f"{name:45} {min(times):7.3f}s {statistics.median(times):7.3f}s")
    whole = statistics.median(t_whole)
    verdict = "PASS" if whole < TARGET else "FAIL"
    print(f"{verdict}: {whole:.3f} s median for the whole path against the target of < {TARGET:.0f} s")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
