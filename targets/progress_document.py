"""The progress document (DESIGN.md's JSON of the API and the `progress` command) written out:
exact JSON, CSV and a plain-text table."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from targets import progress as engine
from targets.labels import STATUS_LABELS, summary_sentence
from targets.numbers import decimal_text, grouped

CSV_COLUMNS = [
    "code",
    "name",
    "group",
    "programme",
    "unit",
    "aggregation",
    "direction",
    "year_value",
    "annual_plan",
    "annual_pct",
    "annual_status",
    "term_value",
    "term_target",
    "term_pct",
    "term_status",
    "to_date_plan",
    "to_date_pct",
    "estimate",
    "frequency",
    "numerator",
    "denominator",
    "revised",
    "original_term_target",
    "revision_basis",
]


def dumps_exact(document, indent: int | None = None) -> str:
    """JSON in which Decimals are numbers written exactly (json.dumps would need floats)."""
    return _encode(document, indent, 0)


def _encode(value, indent: int | None, level: int) -> str:
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, dict):
        items = [
            f"{json.dumps(str(key), ensure_ascii=False)}: {_encode(item, indent, level + 1)}"
            for key, item in value.items()
        ]
        return _join(items, "{", "}", indent, level)
    if isinstance(value, (list, tuple)):
        return _join([_encode(item, indent, level + 1) for item in value], "[", "]", indent, level)
    return json.dumps(value, ensure_ascii=False)


def _join(items: list[str], opening: str, closing: str, indent: int | None, level: int) -> str:
    if not items:
        return opening + closing
    if indent is None:
        return opening + ", ".join(items) + closing
    inner = "\n" + " " * indent * (level + 1)
    outer = "\n" + " " * indent * level
    return opening + inner + ("," + inner).join(items) + outer + closing


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def progress_csv(document: dict) -> str:
    """One row per target with the columns of the JSON's target objects."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for target in document["targets"]:
        writer.writerow([_cell(target[column]) for column in CSV_COLUMNS])
    return buffer.getvalue()


TABLE_COLUMNS = [
    ("code", gettext_lazy("Code")),
    ("name", gettext_lazy("Target")),
    ("year_value", gettext_lazy("Year")),
    ("annual_plan", gettext_lazy("Plan")),
    ("annual_pct", gettext_lazy("Percent of plan")),
    ("annual_status", gettext_lazy("Year status")),
    ("term_value", gettext_lazy("Term")),
    ("term_target", gettext_lazy("Term target")),
    ("term_pct", gettext_lazy("Percent of term")),
    ("to_date_pct", gettext_lazy("Percent to date")),
    ("term_status", gettext_lazy("Term status")),
]
NAME_WIDTH = 40


def progress_table(document: dict) -> str:
    """A readable fixed-width table, with the summary line of the reports on top."""
    summary = document["summary"]
    lines = [
        f"{document['committee']} {document['term']}, {document['year']} Q{document['quarter']}",
        _summary_line(_("Year"), summary["annual"], summary["targets"]),
        _summary_line(_("Term"), summary["term"], summary["targets"]),
        "",
    ]
    rows = [[str(header) for _key, header in TABLE_COLUMNS]]
    for target in document["targets"]:
        row = []
        for key, _header in TABLE_COLUMNS:
            text = _local_cell(target[key])
            if key == "name" and len(text) > NAME_WIDTH:
                text = text[: NAME_WIDTH - 1] + "…"
            row.append(text)
        rows.append(row)
    widths = [max(len(row[index]) for row in rows) for index in range(len(TABLE_COLUMNS))]
    for row in rows:
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _local_cell(value) -> str:
    """A cell as a person reads it in the active language: 12.993,5 and "vượt" in Vietnamese."""
    if isinstance(value, Decimal):
        return grouped(value)
    if value in STATUS_LABELS:
        return str(STATUS_LABELS[value])
    return _cell(value)


def _summary_line(label: str, counts: dict, total: int) -> str:
    return summary_sentence(label, engine.StatusCounts(**counts), total, in_full=True)
