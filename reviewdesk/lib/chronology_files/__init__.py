"""Read an agency's chronology file (.xlsx, .csv or .docx) into a table and recognise its columns.

``read_table(data, filename)`` checks the file is safe to open, finds the header row (the first
15 rows may hold titles) and returns every data row with the reference its author sees: the Excel
row number, the CSV record number (the first record is 1, so a header on the first line is record
1; records, not lines, because a quoted cell can span lines) or, for Word, "table.row" counting
rows within that table from 1. Anything wrong with the file raises ``FileRefused``, whose message
says what is wrong and how to fix it; nothing else is raised for a bad file.

Merged cells. A cell merged down several rows counts for each of those rows, because that is what
a reader of the file sees beside each row (a date merged over three events dates all three): the
rows below take the merged cell's value. A row whose only content is such a merged cell has no
content of its own and is dropped as empty. A cell merged across columns belongs to its first
column; the columns it covers are empty in data rows, and in the header row are labelled
"Heading (2)", "Heading (3)" so each column still has a distinct name.

Readers are kept close to the plain libraries' speed: openpyxl in read-only mode for the workbook
(sheets, shared strings, styles) with the sheet's rows read by lxml's iterparse, value for value as
openpyxl's values-only mode gives them (``_sheet_values``; the merge list, which read-only mode does
not expose, is found in the sheet's XML tail), csv.reader over the decoded text, and Word tables
read straight from the XML with lxml.

The modules: ``reading`` (``read_table``, the entry point), ``table`` (the table, ``FileRefused``),
``package`` (the .xlsx and .docx zip package, over ``reviewdesk.lib.ooxml``), one reader per format
(``xlsx``, ``delimited`` for .csv, ``docx``), ``headings`` (``guess_mapping``, ``describe_mapping``,
``parse_columns_option``: the file's headings as our columns, ``columns.COLUMNS``), ``templates``
(the blank templates agencies fill in) and ``dates`` (the dates authors type). No Django here: the
command, the views and the benchmark all call these.
"""
