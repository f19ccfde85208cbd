"""Reading a file's columns from their cells where the headings alone mislead (issue 20).

Headings will always surprise us: an export's narrative may sit under 'Recording' or 'Free text',
and a short column of contact types ('Visit', 'Call', 'Letter') may carry a heading we know as an
event. So the guess from the headings (``headings.guess_mapping``) is checked against what the
columns hold: a column whose cells mostly read as dates is a date column; a column of long free
text is a narrative; a column of a few short values repeated is a type, never the event when a
narrative is there. Each change is said, so the author can confirm it.
"""

import dataclasses
import datetime

from reviewdesk.lib.chronology_files.dates import DateProblem, parse_date, parse_time
from reviewdesk.lib.chronology_files.headings import column_name
from reviewdesk.lib.chronology_files.table import SourceTable

SAMPLE_ROWS = 300  # enough to know a column; a chronology's first rows are like the rest
DATES_SHARE = 0.6  # of a column's filled cells, to call it a date column
LONG_TEXT = 40  # characters, on average: a narrative
SHORT_TEXT = 25  # characters, on average: a type or a name
FEW_VALUES = 12  # distinct values at most (or a fifth of the filled cells): repeated types


@dataclasses.dataclass(frozen=True)
class ColumnCells:
    index: int
    filled: int
    dates: int
    mean_length: float
    distinct: int
    times: int = 0  # cells written as a time of day ('23:52', '09.15', '23:52:14')

    @property
    def is_times(self) -> bool:
        return self.filled > 0 and not self.is_dates and self.times >= DATES_SHARE * self.filled

    @property
    def is_dates(self) -> bool:
        return self.filled > 0 and self.dates >= DATES_SHARE * self.filled

    @property
    def is_long_text(self) -> bool:
        return (self.filled > 0 and not self.is_dates and self.mean_length >= LONG_TEXT
                and self.distinct >= 0.5 * self.filled)

    @property
    def is_short_values(self) -> bool:
        return (self.filled > 0 and not self.is_dates and self.mean_length < SHORT_TEXT
                and self.distinct <= max(FEW_VALUES, self.filled // 5))


def column_cells(table: SourceTable) -> list[ColumnCells]:
    """What each of the table's columns holds, from its first ``SAMPLE_ROWS`` rows."""
    width = max([len(table.headers)] + [len(r.cells) for r in table.rows[:SAMPLE_ROWS]])
    out = []
    for index in range(width):
        values = [r.cells[index] for r in table.rows[:SAMPLE_ROWS]
                  if index < len(r.cells) and r.cells[index] is not None]
        texts = [str(v) for v in values]
        out.append(ColumnCells(index, len(values), sum(_is_date(v) for v in values),
                               sum(map(len, texts)) / len(texts) if texts else 0.0,
                               len(set(texts)), sum(_is_time(v) for v in values)))
    return out


def _is_time(value: object) -> bool:
    """A time of day as agencies write one: with a colon or a dot (a bare number such as 1430
    could be anything, so it is not counted)."""
    if isinstance(value, datetime.time):
        return True
    if not isinstance(value, str) or len(value) > 12 or not any(c in value for c in ":."):
        return False
    try:
        return parse_time(value) is not None
    except DateProblem:
        return False


def _is_date(value: object) -> bool:
    if isinstance(value, datetime.date):
        return True
    if not isinstance(value, str) or len(value) > 40:
        return False
    try:
        return parse_date(value).precision == "day"
    except DateProblem:
        return False


def refine_mapping(table: SourceTable, mapping: dict[str, int | None]
                   ) -> tuple[dict[str, int | None], list[str]]:
    """The guessed mapping checked against the cells: (the mapping, what was changed or is
    doubtful, each a sentence for the author to confirm)."""
    cells = column_cells(table)
    name = lambda i: f"'{column_name(table.headers, i)}'"  # noqa: E731
    mapping = dict(mapping)
    notes: list[str] = []
    taken = {i for i in mapping.values() if i is not None}
    free = [c for c in cells if c.index not in taken and c.filled]
    if mapping.get("date") is None:
        dated = [c for c in free if c.is_dates]
        if dated:
            chosen = max(dated, key=lambda c: c.dates)
            mapping["date"] = chosen.index
            taken.add(chosen.index)
            free.remove(chosen)
            notes.append(f"The Date was read from {name(chosen.index)}: most of its cells are "
                         "dates. Check that this is right.")
    if mapping.get("time") is None:
        timed = [c for c in free if c.is_times]
        if timed:
            chosen = max(timed, key=lambda c: c.times)
            mapping["time"] = chosen.index
            free.remove(chosen)
            notes.append(f"The Time was read from {name(chosen.index)}: most of its cells are "
                         "times of day. Check that this is right.")
    long_free = sorted((c for c in free if c.is_long_text), key=lambda c: -c.mean_length)
    event = mapping.get("event")
    if event is None:
        if long_free:
            chosen = long_free[0]
            mapping["event"] = chosen.index
            notes.append(f"The Event / contact was read from {name(chosen.index)}: its cells are "
                         "free text saying what happened. Check that this is right.")
            long_free = long_free[1:]
        else:
            # A known analysis or action column of free text, when nothing else says what happened
            # ('Comments' as the only narrative).
            for key in ("analysis", "action"):
                index = mapping.get(key)
                if index is not None and cells[index].is_long_text:
                    mapping["event"], mapping[key] = index, None
                    notes.append(f"The Event / contact was read from {name(index)}, the only "
                                 "column of free text. Check that this is right.")
                    break
    elif event < len(cells) and cells[event].is_short_values and long_free:
        chosen = long_free[0]
        notes.append(f"{name(event)} holds a few short values repeated (a type of contact, say), "
                     f"so the Event / contact was read from {name(chosen.index)}, the column of "
                     f"free text; {name(event)} is kept with each entry under its heading. Check "
                     "that this is right.")
        mapping["event"] = chosen.index
        long_free = long_free[1:]
    elif (event < len(cells) and cells[event].mean_length < SHORT_TEXT
          and not cells[event].is_long_text and long_free):
        # Short cells, each different: a reference number, a name, a code ('Incident No').
        chosen = long_free[0]
        notes.append(f"{name(event)} holds short values (a reference or a name, say), so the "
                     f"Event / contact was read from {name(chosen.index)}, the column of free "
                     f"text; {name(event)} is kept with each entry under its heading. Check that "
                     "this is right.")
        mapping["event"] = chosen.index
        long_free = long_free[1:]
    if mapping.get("event") is not None and long_free:
        others = ", ".join(name(c.index) for c in long_free)
        notes.append(f"{others} also {'hold' if len(long_free) > 1 else 'holds'} free text: "
                     "it is kept with each entry under its heading. If it is what happened, "
                     "choose it as the Event / contact.")
    return mapping, notes


def unmapped_columns(table: SourceTable, mapping: dict[str, int | None]) -> list[int]:
    """The file's columns none of ours takes: their text is kept with each entry's event."""
    taken = {i for i in mapping.values() if i is not None}
    width = max([len(table.headers)] + [len(r.cells) for r in table.rows])
    return [i for i in range(width) if i not in taken]
