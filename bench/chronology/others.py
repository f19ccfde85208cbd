"""Benchmark: agency chronologies written outside this project (``bench/chronology/others/``),
read, checked and imported as a business manager would, and compared with their answer key.

    .venv/bin/python bench/chronology/others.py [--show] [--set others|others2|others3|others4]

Each set's files and expected results were written by a helper session that never read the
importer, from a description of how agencies really export their records (each set's README says
how): ``others`` (eight files, Eastvale; the chronology code was then changed against it) and
``others2`` (six files, Harrowmere; written later by another session that had read neither the
code nor the first set, and held out: no rule was tuned on it). Each file is checked as
uploaded (the columns guessed, the agency named), then imported with its error rows left out,
into a fresh temporary SQLite database; then the duplicate suggestions are made across all of
them. Printed, per file and in all:

* rows: expected, read; good rows excluded (the target is none), bad rows caught;
* dates and times read as the key has them, for the rows kept;
* narratives kept: the key's words from each row's narrative found in the entry's event;
* the files uploaded on the web by each agency's author and checked by the background task: how
  many are read with the same columns as the check above (the web and the command read alike);
* same-event pairs (every pair within each group of the key), across agencies and within one
  file separately: found, and suggestions that are right.

A row of the key is matched to a row read by its narrative words, in file order (or, where the
key joined two narrative columns that the reader kept in the other order, by all its words).
"""

import argparse
import itertools
import json
import pathlib
import re
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from run import database_folder, make_review, set_up_django  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent
FILES = HERE / "others"  # the set being run (``--set``)
_SPACE = re.compile(r"\s+")


def plain(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\u2019", "'").replace("\u2018", "'")).strip().lower()


def keys() -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted((FILES / "expected").glob("*.*.json"))]


def key_period() -> tuple:
    """The review's period: the months the set's key dates fall in."""
    import calendar
    import datetime

    days = sorted(r["date"] for k in keys() for r in k["rows"] if r["date"])
    first, last = datetime.date.fromisoformat(days[0]), datetime.date.fromisoformat(days[-1])
    return (first.replace(day=1),
            last.replace(day=calendar.monthrange(last.year, last.month)[1]))


def match(expected: list[dict], texts: list[str]) -> dict[int, int]:
    """The key's row number -> the index of the row read whose text holds its words."""
    found: dict[int, int] = {}
    used: set[int] = set()
    for row in expected:
        words = plain(row["snippet"])
        if not words:  # a row with no narrative: by its place, when every row was read
            if len(texts) == len(expected):
                found[row["n"]] = row["n"] - 1
                used.add(row["n"] - 1)
            continue
        for index, text in enumerate(texts):
            if index not in used and words in plain(text):
                found[row["n"]] = index
                used.add(index)
                break
    # Two narrative columns joined in the key may be kept in the other order (the free text as
    # the event, the short one under its heading): then every word of the snippet is there.
    for row in expected:
        words = plain(row["snippet"]).split()
        if row["n"] in found or len(words) < 4:
            continue
        for index, text in enumerate(texts):
            if index not in used and set(words) <= set(plain(text).replace(":", " ").split()):
                found[row["n"]] = index
                used.add(index)
                break
    return found


def check_files(show: bool) -> tuple[dict, dict]:
    """Each file read and checked as uploaded: the per-file figures, and the rows read."""
    from reviewdesk.chronology import checking

    period = key_period()
    figures, read = {}, {}
    for key in keys():
        data = (FILES / key["file"]).read_bytes()
        try:
            table = checking.read_file(data, key["file"])
            try:
                result = checking.check_table(table, period=period, agency_name=key["agency"])
            except TypeError:  # before the agency's records were the default source
                result = checking.check_table(table, period=period)
        except Exception as exc:  # noqa: BLE001 (a refusal is a figure here, not a crash)
            figures[key["file"]] = {"refused": str(exc)[:120], "expected": len(key["rows"])}
            continue
        rows = result.rows
        texts = [r.event for r in rows]
        where = match(key["rows"], texts)
        refused = bool(result.file_errors)
        kept_right = dates = times = narratives = excluded = caught = lost = 0
        kept_expected = [r for r in key["rows"] if r["expect"] == "kept"]
        for row in key["rows"]:
            ours = rows[where[row["n"]]] if row["n"] in where else None
            if row["expect"] == "error":
                caught += ours is None or bool(ours.errors) or refused
                continue
            if ours is None:
                lost += 1  # its narrative is in no entry: read from another column, or dropped
                if show:
                    print(f"  narrative not found {key['file']} n={row['n']}: {row['snippet']!r}")
                continue
            if ours.errors or refused:
                excluded += 1
                if show:
                    why = ("not found" if ours is None else
                           "; ".join(f"{p.code} {p.message[:80]}" for p in ours.errors) or
                           "the file refused")
                    print(f"  excluded {key['file']} n={row['n']}: {why}")
                continue
            kept_right += 1
            narratives += 1
            if ours.date is not None and ours.date.date.isoformat() == row["date"]:
                dates += 1
            elif show:
                print(f"  date {key['file']} n={row['n']}: read {ours.date}, key {row['date']}")
            got = ours.time.strftime("%H:%M") if ours.time else None
            times += got == row["time"]
            if show and got != row["time"]:
                print(f"  time {key['file']} n={row['n']}: read {got}, key {row['time']}")
        figures[key["file"]] = {
            "expected": len(key["rows"]), "read": len(rows), "kept_expected": len(kept_expected),
            "excluded": excluded, "bad": len(key["rows"]) - len(kept_expected), "caught": caught,
            "dates": dates, "times": times, "narratives": narratives, "kept": kept_right,
            "lost": lost,
            "refused": "; ".join(p.code for p in result.file_errors),
            "warnings": sorted({p.code for p in result.file_problems if p.severity == "warning"}),
            "mapping": result.mapping,
        }
        read[key["file"]] = texts
    return figures, read


def web_figures(read_as: dict[str, dict]) -> tuple[int, int]:
    """Each file uploaded on the web by its agency's author and checked by the background task,
    as a business manager's agencies do: (files read with the same columns as ``check_files``
    read them, files)."""
    from reviewdesk.audit.context import acting_as
    from reviewdesk.chronology import actions, tasks
    from reviewdesk.chronology.models import Submission

    all_keys = keys()
    review = make_review([k["agency"] for k in all_keys], number=2, period=key_period())
    same = 0
    for key in all_keys:
        agency = review.partnership.agencies.get(name=key["agency"])
        author = agency.people.get()
        with acting_as(author, source="benchmark"):
            submission = actions.upload_submission(
                review, agency, by=author, data=(FILES / key["file"]).read_bytes(),
                filename=key["file"])
        tasks.run_check(submission.pk)
        mapping = Submission.objects.get(pk=submission.pk).mapping
        same += mapping == read_as.get(key["file"])
        if mapping != read_as.get(key["file"]):
            print(f"  {key['file']}: read on the web as {mapping}, by the check as "
                  f"{read_as.get(key['file'])}")
    return same, len(all_keys)


def duplicate_figures(show: bool) -> dict:
    """Import every file (error rows left out) and compare the duplicate suggestions with the
    key's same-event groups."""
    from reviewdesk.audit.context import as_system
    from reviewdesk.chronology import actions, duplicates
    from reviewdesk.chronology.models import Entry

    all_keys = keys()
    review = make_review([k["agency"] for k in all_keys], period=key_period())
    agencies = {a.name: a for a in review.partnership.agencies.all()}
    entry_of: dict[tuple[str, int], int] = {}
    for key in all_keys:
        data = (FILES / key["file"]).read_bytes()
        try:
            with as_system("benchmark"):  # as the data team's command runs it
                outcome = actions.import_file(review, agencies[key["agency"]], data, key["file"],
                                               by=None, exclude_error_rows=True,
                                               exclusion_reason="Left out for the benchmark.")
        except Exception as exc:  # noqa: BLE001
            print(f"  {key['file']}: not imported ({str(exc)[:100]})")
            continue
        if outcome.submission is None:
            print(f"  {key['file']}: refused")
            continue
        entries = list(Entry.objects.filter(submission=outcome.submission).order_by("position"))
        where = match(key["rows"], [e.event for e in entries])
        entry_of.update({(key["file"], n): entries[i].pk for n, i in where.items()})
    groups = json.loads((FILES / "expected" / "same_events.json").read_text())
    truth_cross, truth_within = set(), set()
    for group in groups:
        ids = [entry_of.get((m["file"], m["n"])) for m in group["members"]]
        for a, b in itertools.combinations([i for i in ids if i is not None], 2):
            (truth_within if group["within_file"] else truth_cross).add(frozenset((a, b)))
    suggestions = duplicates.suggest_duplicates(review)
    suggested = {frozenset((s.entry_id, s.original_id)) for s in suggestions}
    agency_of = dict(Entry.objects.filter(review=review).values_list("id", "agency_id"))
    same_file = {p for p in suggested if len({agency_of[i] for i in p}) == 1}
    text = {e.pk: f"{e.agency.name[:12]} {e.date:%d/%m/%y} {e.event[:60]!r}"
            for e in Entry.objects.filter(review=review).select_related("agency")}
    if show:
        for title, pairs in (("Missed", (truth_cross | truth_within) - suggested),
                             ("Wrong", suggested - truth_cross - truth_within)):
            for pair in pairs:
                a, b = sorted(pair)
                print(f"  {title}: {text[a]}\n          {text[b]}")
    return {"cross": truth_cross, "within": truth_within, "suggested": suggested,
            "same_file": same_file}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print each row and pair missed")
    parser.add_argument("--set", default="others", choices=["others", "others2", "others3", "others4"],
                        help="the set of files (default: others)")
    args = parser.parse_args(argv)
    global FILES  # noqa: PLW0603 (the set chosen, read by the helpers above)
    FILES = HERE / args.set
    print(f"Set: {args.set} ({len(keys())} files)")
    with tempfile.TemporaryDirectory(prefix="others-bench-", dir=database_folder(False)) as tmp:
        set_up_django(pathlib.Path(tmp))
        figures, _read = check_files(args.show)
        pairs = duplicate_figures(args.show)
        web = web_figures({name: f.get("mapping") for name, f in figures.items()})
    total = {k: 0 for k in ("expected", "kept_expected", "excluded", "bad", "caught", "dates",
                            "times", "narratives", "kept", "lost")}
    print(f"{'file':48} {'rows':>5} {'good rows excluded':>19} {'bad caught':>11} "
          f"{'dates':>6} {'times':>6} {'lost':>5}  file warnings")
    for name, f in figures.items():
        if "read" not in f:
            print(f"{name:48} {f['expected']:>5}  REFUSED: {f['refused']}")
            total["expected"] += f["expected"]
            continue
        for k in total:
            total[k] += f[k]
        print(f"{name:48} {f['expected']:>5} {f['excluded']:>10} of {f['kept_expected']:<5} "
              f"{f['caught']:>5} of {f['bad']:<3} {f['dates']:>6} {f['times']:>6} {f['lost']:>5}  "
              f"{', '.join(f['warnings']) or '-'}{'  REFUSED ' + f['refused'] if f['refused'] else ''}")
    t = total
    print(f"\nIn all: {t['expected']} rows; good rows excluded {t['excluded']} of "
          f"{t['kept_expected']}; bad rows caught {t['caught']} of {t['bad']}; of the "
          f"{t['kept']} good rows kept: dates right {t['dates']} ({t['dates'] / max(1, t['kept']):.0%}), "
          f"times right {t['times']} ({t['times'] / max(1, t['kept']):.0%}), narratives kept "
          f"{t['narratives']}; narratives found in no entry {t['lost']}")
    print(f"Uploaded on the web and checked in the background: {web[0]} of {web[1]} files read "
          "with the same columns as above")
    cross, within, suggested = pairs["cross"], pairs["within"], pairs["suggested"]
    right = suggested & (cross | within)
    print(f"Same-event pairs across agencies: {len(cross & suggested)} of {len(cross)} found "
          f"({len(cross & suggested) / max(1, len(cross)):.0%})")
    print(f"Copies within one file: {len(within & suggested)} of {len(within)} found; "
          f"{len(pairs['same_file'])} within-file suggestions")
    print(f"Suggestions: {len(suggested)}, right {len(right)} "
          f"({len(right) / max(1, len(suggested)):.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
