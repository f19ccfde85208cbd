"""The chronology's columns (the partnership's standard) and a row on its way in.

Shared by the file readers (this package), the checks (``reviewdesk.chronology.checks``) and the
app. Needs no Django.
"""

import dataclasses


@dataclasses.dataclass(frozen=True)
class Column:
    key: str
    heading: str  # as in our templates
    help: str
    required: bool = False


COLUMNS = [
    Column("date", "Date", "The date of the event, day first: 22/05/2016. If you are not sure of "
           "it, put ? in front (?22/05/2016); if you know only the month or year, write that "
           "(May 2016, 2016).", required=True),
    Column("time", "Time", "The time, if known (14:30)."),
    Column("sequence", "Sequence", "For several events on one day: 1, 2, 3… in the order they "
           "happened."),
    Column("source", "Source of information", "Where this comes from: the record, system or "
               "document (for example: case note, GP record, police log).", required=True),
    Column("role", "Practitioner role", "The role of the practitioner involved, not their name "
           "(health visitor, social worker)."),
    Column("event", "Event / contact", "What happened: the contact, meeting or event, factually.",
           required=True),
    Column("action", "Action / outcome", "What was done as a result, and the outcome."),
    Column("analysis", "Analysis / comment", "Your agency's comment on the practice at the time."),
]
COLUMN_KEYS = [c.key for c in COLUMNS]
BY_KEY = {c.key: c for c in COLUMNS}


@dataclasses.dataclass(frozen=True)
class MappedRow:
    """One data row of a file, its cells given to our columns by the mapping.

    ``ref`` is compact, for command output (``7`` for Excel row 7 or CSV record 7 with the
    header as record 1; ``2.4`` for a Word document's table 2, row 4); ``label`` is how the
    author finds it on a page ("Row 7", "Record 7", "Table 2, row 4"). ``values`` maps column
    keys to the raw cell value (str, int, float, datetime.date/datetime or None).
    """

    ref: str
    label: str
    values: dict
    position: int = 0  # order in the file, from 0
