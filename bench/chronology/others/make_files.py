"""Write the eight agency files and the answer key (expected/*.json).

Run:  /work/main/.venv/bin/python make_files.py
The row content lives in agency_*.py (written by hand); this script only
renders each agency's own layout and derives the key from the same rows.
"""
import datetime as dt
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from common import parse_time  # noqa: E402
import agency_police, agency_csc, agency_hv, agency_gp  # noqa: E402
import agency_school, agency_hospital, agency_housing, agency_idva  # noqa: E402
from events import EVENTS, HARD_NEGATIVES  # noqa: E402

AGENCIES = {
    "police": agency_police, "csc": agency_csc, "hv": agency_hv, "gp": agency_gp,
    "school": agency_school, "hospital": agency_hospital,
    "housing": agency_housing, "idva": agency_idva,
}
BAD = {"impossible_date", "no_date", "empty_event"}
# events whose records legitimately sit on the next day (notification read next morning)
NEXT_MORNING = {"E01", "E28", "E47"}


def narrative(mod, r):
    c = dict(zip(mod.CELLS, r.cells))
    return " ".join(c[h] for h in mod.NARR if c[h]).strip()


def snippet(text, n=7):
    words = text.split()
    return " ".join(words[:n])


def main():
    os.makedirs(os.path.join(HERE, "expected"), exist_ok=True)
    where = {}        # (agency, lab) -> (file, n, date)
    ev_members = {}   # ev -> [(file, n, date)]
    copies = []       # (file, n_orig, n_copy, date)
    totals = {}
    for key, mod in AGENCIES.items():
        path = os.path.join(HERE, mod.FILE)
        mod.write(path)
        has_time = mod.TIME_COL is not None
        rows = []
        labs = {}
        for n, r in enumerate(mod.ROWS, 1):
            notes = list(r.notes)
            t = parse_time(r.t) if has_time else None
            if has_time and t is None:
                notes.append("unknown_time")
            if r.copy:
                notes.append("copy_of:%d" % labs[r.copy])
                copies.append((mod.FILE, labs[r.copy], n, r.d))
            if r.lab:
                assert r.lab not in labs, (key, r.lab)
                labs[r.lab] = n
                where[(key, r.lab)] = (mod.FILE, n, r.d)
            text = narrative(mod, r)
            bad = bool(BAD & set(notes))
            if "empty_event" in notes:
                assert text == "", (key, n)
            else:
                assert text, (key, n, "empty narrative not marked")
            if not bad:
                assert r.d, (key, n, "kept row without date")
            if r.ev:
                assert not bad
                ev_members.setdefault(r.ev, []).append((mod.FILE, n, r.d))
            rows.append({"n": n, "date": r.d, "time": t, "snippet": snippet(text),
                         "expect": "error" if bad else "kept", "notes": notes})
        narr = list(mod.NARR)
        special = {mod.DATE_COL, mod.TIME_COL, mod.TYPE_COL, *narr}
        key_doc = {
            "file": mod.FILE, "agency": mod.AGENCY, "format": mod.FORMAT,
            "header_rows": mod.HEADER_ROWS,
            "columns": {"date": mod.DATE_COL, "time": mod.TIME_COL, "narrative": narr,
                        "type": mod.TYPE_COL,
                        "other": [h for h in mod.LAYOUT if h not in special]},
            "rows": rows,
        }
        key_doc.update(mod.EXTRA)
        with open(os.path.join(HERE, "expected", mod.FILE + ".json"), "w", encoding="utf-8") as f:
            json.dump(key_doc, f, indent=1, ensure_ascii=False)
            f.write("\n")
        totals[mod.FILE] = len(rows)

    groups = []
    for ev in sorted(EVENTS):
        date, what = EVENTS[ev]
        mem = ev_members.get(ev, [])
        files = {m[0] for m in mem}
        assert len(mem) >= 2 and len(files) >= 2, (ev, mem)
        d0 = dt.date.fromisoformat(date)
        for f, n, d in mem:
            gap = (dt.date.fromisoformat(d) - d0).days
            assert gap == 0 or (ev in NEXT_MORNING and gap == 1), (ev, f, n, d)
        groups.append({"id": ev, "what": what, "date": date,
                       "members": [{"file": f, "n": n} for f, n, d in mem],
                       "within_file": False})
    unused = set(ev_members) - set(EVENTS)
    assert not unused, unused
    for i, (f, a, b, d) in enumerate(copies, 1):
        groups.append({"id": "c%d" % i, "what": "row pasted twice in %s" % f, "date": d,
                       "members": [{"file": f, "n": a}, {"file": f, "n": b}],
                       "within_file": True})
    with open(os.path.join(HERE, "expected", "same_events.json"), "w", encoding="utf-8") as fh:
        json.dump(groups, fh, indent=1, ensure_ascii=False)
        fh.write("\n")

    hn = []
    for i, (what, a, b, why) in enumerate(HARD_NEGATIVES, 1):
        fa, na, da = where[a]
        fb, nb, db = where[b]
        hn.append({"id": "h%d" % i, "what": what, "dates": [da, db],
                   "members": [{"file": fa, "n": na}, {"file": fb, "n": nb}],
                   "why": why})
    with open(os.path.join(HERE, "expected", "hard_negatives.json"), "w", encoding="utf-8") as fh:
        json.dump(hn, fh, indent=1, ensure_ascii=False)
        fh.write("\n")

    for f, n in totals.items():
        print("%-50s %3d rows" % (f, n))
    print("groups: %d cross-agency, %d within-file; hard negatives: %d"
          % (len(EVENTS), len(copies), len(hn)))


if __name__ == "__main__":
    main()
