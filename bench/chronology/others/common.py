"""Shared bits for the generator scripts (row holder, time reading).

Row content is written by hand in the agency_*.py files; this module only
holds the plumbing so each agency file can concentrate on its own layout.
"""
import datetime as dt
import re

UNKNOWN_TIMES = {"", "n/k", "nk", "unknown", "not known", "-", "?", "tbc",
                 "am", "pm", "--:--", "not recorded", "n/a"}


def parse_time(raw):
    """What a careful human reads as the time (HH:MM), or None."""
    if raw is None:
        return None
    if isinstance(raw, (dt.time, dt.datetime)):
        return raw.strftime("%H:%M")
    s = str(raw).strip().lower()
    if s in UNKNOWN_TIMES:
        return None
    m = re.fullmatch(r"(\d{1,2})[:.](\d{2})\s*(am|pm)?", s)
    if m:
        h, mi, ap = int(m.group(1)), int(m.group(2)), m.group(3)
    else:
        m = re.fullmatch(r"(\d{1,2})\s*(am|pm)", s)
        if m:
            h, mi, ap = int(m.group(1)), 0, m.group(2)
        else:
            m = re.fullmatch(r"(\d{2})(\d{2})(?:\s*hrs)?", s)
            if not m:
                raise ValueError("cannot read time %r" % raw)
            h, mi, ap = int(m.group(1)), int(m.group(2)), None
    if ap == "pm" and h < 12:
        h += 12
    if ap == "am" and h == 12:
        h = 0
    return "%02d:%02d" % (h, mi)


def as_time(hhmm):
    h, m = hhmm.split(":")
    return dt.time(int(h), int(m))


def as_date(iso):
    return dt.date.fromisoformat(iso)


def ordinal(n):
    if 10 <= n % 100 <= 20:
        return "%dth" % n
    return "%d%s" % (n, {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th"))


class R:
    """One chronology row.

    d      -- ISO date a careful reader takes from the row (None if none/impossible)
    t      -- the time exactly as typed in the file ('' if blank); None if the
              file has no time column
    cells  -- the other cells, in the order of the agency's CELLS list
    raw    -- the date cell exactly as typed, when it is not the file's
              normal rendering of d (mistyped, impossible, year-first...)
    ev     -- id of a cross-agency event (see events.py)
    lab    -- a label, so copies and hard negatives can refer to the row
    copy   -- lab of the earlier row this one is a pasted copy of
    """

    def __init__(self, d, t, *cells, ev=None, lab=None, notes=(), raw=None,
                 copy=None):
        self.d = d
        self.t = t
        self.cells = list(cells)
        self.ev = ev
        self.lab = lab
        self.notes = list(notes)
        self.raw = raw
        self.copy = copy
