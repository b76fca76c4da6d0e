"""The spreadsheet feature: the workbook contract of ../shared/IMPORT_FORMAT.md and everything
that speaks it.

- `contract`: sheets, columns, choice words, how a cell's text becomes a value
- `reading`: .xlsx (python-calamine, after a streamed check of the file's extent) and .csv,
  within the import's limits
- `writing`: .xlsx cells written safely (text that looks like a formula stays text)
- `rows`: what an import reports (errors by sheet, row and column; counts) and one row's checks
- `lookups`: the stored rows an import refers to, loaded in bulk, found by natural keys
- `validators/`: one validator per sheet, in the contract's order
- `writer`: the bulk write of everything validated, history included
- `service`: `workbook_import`, the one service every import calls
- `uploads`: the whole-workbook import through an upload stored in the database, checked and
  imported within the request or by a background task (`targets.tasks`), with its progress
- `exports`, `resources`, `views`, `admin`: the workbooks it writes, django-import-export's
  resources, the admin's whole-workbook screens and each sheet's import and export

The contract's names are also importable from the package itself.
"""

from targets.workbook.contract import (
    AGGREGATION_WORDS,
    COMMITTEES,
    DIRECTION_WORDS,
    FIGURES,
    GROUP_WORDS,
    LEVEL_WORDS,
    PLANS,
    PROGRAMMES,
    SHEETS,
    TARGETS,
    TERMS,
    CellError,
    Column,
    SheetRows,
    cell_text,
    is_empty,
    missing_columns,
    parse_choice,
    parse_congress,
    parse_estimate,
    parse_int,
    parse_number,
    parse_quarter,
    parse_term,
    parse_year,
    records,
)
from targets.workbook.reading import read_csv, read_workbook

__all__ = [
    "AGGREGATION_WORDS",
    "COMMITTEES",
    "DIRECTION_WORDS",
    "FIGURES",
    "GROUP_WORDS",
    "LEVEL_WORDS",
    "PLANS",
    "PROGRAMMES",
    "SHEETS",
    "TARGETS",
    "TERMS",
    "CellError",
    "Column",
    "SheetRows",
    "cell_text",
    "is_empty",
    "missing_columns",
    "parse_choice",
    "parse_congress",
    "parse_estimate",
    "parse_int",
    "parse_number",
    "parse_quarter",
    "parse_term",
    "parse_year",
    "read_csv",
    "read_workbook",
    "records",
]
