"""The report checklist and the version comparison on drafts written by someone else.

    .venv/bin/python bench/reports/others_drafts.py [--show]

Five short draft reports, written by hand in five reviewers' habits by a session that had not
read Review Desk's code (bench/reports/others/: the .docx, the script that built each one, and a
hand-written answer key per report; two have a second version with a key of its edits). Prints,
per report and in total, how the checklist's judgements agree with the keys — required sections
found and missed, acronyms flagged as undefined, recommendations counted and judged numbered and
addressed, sentences over 30 words and passive sentences against the hand counts — and, for the
two pairs, whether the comparison finds each edit the key lists. Our own fixtures flatter us;
these figures are the ones to quote.
"""

import argparse
import json
import pathlib
import sys
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reviewdesk.checklist import defaults  # noqa: E402
from reviewdesk.lib import report_checklist as measures  # noqa: E402
from reviewdesk.lib.report_diff import compare  # noqa: E402
from reviewdesk.lib.report_outline import read_outline  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent / "others"
# The answer keys' section names -> the default list's names (reviewdesk/checklist/defaults.py).
KEY_SECTIONS = {
    "introduction": "Introduction and reason for the review",
    "methodology": "Methodology",
    "child_and_family": "The child and family",
    "what_happened": "What happened",
    "analysis_findings": "Analysis and findings",
    "good_practice": "Good practice",
    "recommendations": "Recommendations",
    "glossary": "Glossary",
}


def lists() -> measures.Lists:
    return measures.Lists(
        sections=[measures.Required(name, name, tuple(lines)) for name, lines in defaults.SECTIONS],
        jargon=dict(defaults.JARGON),
        addressees=["Kirkvale Safeguarding Children Partnership", "Kirkvale Children's Social Care",
                    "Kirkvale Police", "West Kirkvale Police", "Kirkvale Integrated Care Board",
                    "Integrated Care Board", "Kirkvale Community Health NHS Trust",
                    "Kirkvale Schools and Learning", "Kirkvale Hospitals NHS Foundation Trust",
                    "Kirkvale Family Support Trust", "Children's Social Care"],
        addressee_codes=["KSCP", "KCSC", "ICB", "KCHT", "KHFT"])


def item(items: list[dict[str, Any]], key: str) -> dict[str, Any]:
    return next(i for i in items if i["key"] == key)


def sections_score(found: dict[str, Any], key: dict[str, Any]) -> tuple[int, int, list[str]]:
    """(right, of, wrong ones) for present/missing per required section."""
    missing = {d["section"] for d in found.get("details", []) if not d["found"]}
    right, wrong = 0, []
    for short, name in KEY_SECTIONS.items():
        expected = bool(key["sections"][short]["present"])
        judged = name not in missing
        if expected == judged:
            right += 1
        else:
            wrong.append(f"{short}: key says {'present' if expected else 'missing'}")
    return right, len(KEY_SECTIONS), wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print each judgement")
    args = parser.parse_args()
    measures.warm_up()
    chosen = lists()
    totals = {"sections": [0, 0], "acronyms": [0, 0, 0], "recs": [0, 0]}
    for key_file in sorted(HERE.glob("*.json")):
        if key_file.name.endswith("-edits.json"):
            continue
        key = json.loads(key_file.read_text())
        outline = [b.as_dict() for b in read_outline((HERE / key["file"]).read_bytes())]
        # The fictional partnership's own agencies (each report is set in its own area), as
        # its settings would list them.
        named = [i["to"] for i in key["recommendations"]["items"] if i["addressed"] and i["to"]]
        here = measures.Lists(chosen.sections, chosen.jargon, chosen.addressees + named,
                              chosen.addressee_codes)
        items, paragraphs = measures.work_out(outline, here)
        by_key = {i["key"]: i for i in items}
        sec = by_key.get("sections")
        right, of, wrong = sections_score(sec or {}, key)
        totals["sections"][0] += right
        totals["sections"][1] += of
        flagged = {d["acronym"] for d in by_key["acronyms"]["details"]}
        undefined = {a for a, v in key["acronyms"].items() if not v["defined"]}
        defined = {a for a, v in key["acronyms"].items() if v["defined"]}
        caught = len(undefined & flagged)
        false_alarms = len(flagged & defined)
        totals["acronyms"][0] += caught
        totals["acronyms"][1] += len(undefined)
        totals["acronyms"][2] += false_alarms
        longs = sum(p["long_sentences"] for p in paragraphs)
        passive = sum(p["passive"] for p in paragraphs)
        key_long = key["long_sentences_over_30_words"]
        key_long = key_long["count"] if isinstance(key_long, dict) else key_long
        key_passive = key["passive_sentences"]
        key_passive = key_passive["count"] if isinstance(key_passive, dict) else key_passive
        rec = by_key["recommendations"]
        recs = key["recommendations"]["items"]
        judged = {d["label"]: d for d in rec["details"]}
        totals["recs"][0] += sum(1 for i in recs if not i["addressed"])
        totals["recs"][1] += sum(1 for d in judged.values() if not d.get("addressed_to"))
        print(f"{key['file']}: sections {right}/{of}"
              + (f" (wrong: {'; '.join(wrong)})" if wrong else "")
              + f"; undefined acronyms caught {caught}/{len(undefined)}, false alarms "
                f"{false_alarms} of {len(defined)} defined; sentences over 30 words {longs} "
                f"(key {key_long}); passive {passive} (key {key_passive}); readability "
                f"{by_key['readability']['summary']!r} (key: {key['readability']}); "
                f"recommendations: {rec['summary']!r} (key: {key['recommendations']['count']})")
        if args.show:
            print("   flagged acronyms:", sorted(flagged), " key undefined:", sorted(undefined))
    s, a = totals["sections"], totals["acronyms"]
    print(f"\nRequired sections judged right: {s[0]}/{s[1]} ({s[0] / s[1]:.0%})")
    print(f"Undefined acronyms caught: {a[0]}/{a[1]} ({a[0] / max(a[1], 1):.0%}), "
          f"defined ones flagged wrongly: {a[2]}")
    print(f"Recommendations not addressed to anyone: key {totals['recs'][0]}, judged "
          f"{totals['recs'][1]}")
    for edits_file in sorted(HERE.glob("*-edits.json")):
        edits = json.loads(edits_file.read_text())
        old = [b.as_dict() for b in read_outline((HERE / edits["v1"]).read_bytes())]
        new = [b.as_dict() for b in read_outline((HERE / edits["v2"]).read_bytes())]
        rows = compare(old, new)
        print(f"\n{edits['v1']} -> {edits['v2']}: {len(rows)} rows; "
              + ", ".join(f"{k} {sum(1 for r in rows if r.kind == k)}"
                          for k in ("same", "changed", "added", "removed")))
        if args.show:
            for r in rows:
                if r.kind != "same":
                    text = (r.new or r.old or {}).get("text", "")[:60]
                    print(f"   {r.kind:8} {text}")


if __name__ == "__main__":
    main()
