"""Shared helper for the per-agency data blocks.

Each row is written by hand in the rows_*.py files. R() only packs the
hand-written values into a dict; the tags say which answer-key entries the
row belongs to:
    g:<name>   member of a cross-agency same-event group
    h:<id>     one side of a hard negative pair
    c:<id>     within-file pasted copy (both rows carry the tag)
"""


def R(date, time, typ, text, who, *tags, raw_date=None, raw_time=None,
      notes=None, expect="kept", **extra):
    return {
        "date": date,          # ISO key date (None if unreadable)
        "time": time,          # "HH:MM" key time or None
        "type": typ,
        "text": text,          # str, or tuple of two for two narrative columns
        "who": who,
        "tags": list(tags),
        "raw_date": raw_date,  # literal value to write instead of the formatted date
        "raw_time": raw_time,  # literal value to write when time is None / odd
        "notes": list(notes or []),
        "expect": expect,
        "extra": extra,
    }
