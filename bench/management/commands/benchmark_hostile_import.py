"""Send hostile workbooks through the admin's workbook import and print what each costs.

Each workbook is built byte by byte (its XML written directly, as an attacker would) and is
about 1 MB: 200,000 rows of one cell each, 200,000 empty rows, and two cells at A1 and
XFD1048576. Each is posted to the check step of /admin/workbook/import/ as a superuser; the
command prints the time, the process's peak memory above what it held before, the peak of
Python's own allocations (tracemalloc) and the size of the answer. Nothing is written.
"""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from xml.sax.saxutils import escape

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandParser
from django.test import Client

from bench import memory
from targets.workbook import contract as book

_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def row_xml(number: int, cells: list) -> str:
    """One <row>: cells as (column number, value); numbers as numbers, text inline."""
    parts = []
    for column, value in cells:
        reference = f"{column_letters(column)}{number}"
        if isinstance(value, int | float):
            parts.append(f'<c r="{reference}"><v>{value}</v></c>')
        else:
            parts.append(f'<c r="{reference}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
    return f'<row r="{number}">{"".join(parts)}</row>'


def raw_workbook(sheet: str, rows, dimension: str | None = None) -> bytes:
    """An .xlsx of one sheet whose rows are the given XML strings, with the declared
    dimension given (or none)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK.format(name=escape(sheet)))
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            if dimension:
                part.write(f'<dimension ref="{dimension}"/>'.encode())
            part.write(b"<sheetData>")
            for row in rows:
                part.write(row.encode())
            part.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def figure_headers() -> str:
    return row_xml(1, list(enumerate((c.header for c in book.SHEETS[book.FIGURES]), start=1)))


def one_cell_rows(count: int) -> bytes:
    """The issue's workbook: a figure sheet whose rows hold one cell each."""
    rows = (row_xml(number, [(1, "TAYHO")]) for number in range(2, count + 2))
    return raw_workbook(book.FIGURES, [figure_headers(), *rows], f"A1:H{count + 1}")


def empty_rows(count: int) -> bytes:
    """A figure sheet of rows that hold only a styled, empty cell."""
    rows = (f'<row r="{number}"><c r="A{number}" s="0"/></row>' for number in range(2, count + 2))
    return raw_workbook(book.FIGURES, [figure_headers(), *rows])


def far_corner() -> bytes:
    """Headers, and one cell at the sheet's far corner: a reader that lays the sheet out as a
    rectangle would ask for 17 billion cells."""
    return raw_workbook(book.FIGURES, [figure_headers(), row_xml(1048576, [(16384, "x")])])


class Command(BaseCommand):
    help = "Post hostile workbooks to the workbook import and print time, memory and answer."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, default=200_000)

    def handle(self, *args, **options) -> None:
        user, _created = get_user_model().objects.get_or_create(
            username="hostile-benchmark", defaults={"is_superuser": True, "is_staff": True}
        )
        client = Client(SERVER_NAME="127.0.0.1")
        client.force_login(user)
        client.get("/admin/workbook/import/")  # warm: templates, translations, imports
        cases = [
            ("one-cell rows", one_cell_rows(options["rows"])),
            ("empty rows", empty_rows(options["rows"])),
            ("two cells at A1 and XFD1048576", far_corner()),
        ]
        try:
            for label, data in cases:
                self.stdout.write(self.measure(client, label, data, options["rows"]))
        finally:
            user.delete()

    def measure(self, client: Client, label: str, data: bytes, rows: int) -> str:
        baseline = memory.resident_now()
        started = time.perf_counter()
        response = client.post(
            "/admin/workbook/import/", {"workbook": SimpleUploadedFile("hostile.xlsx", data)}
        )
        elapsed = time.perf_counter() - started
        peak = memory.peak()
        # A second run under tracemalloc (which slows Python down) for its own allocations.
        tracemalloc.start()
        client.post("/admin/workbook/import/", {"workbook": SimpleUploadedFile("h.xlsx", data)})
        python_peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
        return (
            f"{label} ({rows:,} rows, file {len(data) / 1024 / 1024:.2f} MB): "
            f"HTTP {response.status_code} in {elapsed:.2f} s; resident peak {peak:.0f} MiB, "
            f"{peak - baseline:.0f} MiB above the {baseline:.0f} MiB before; Python allocations "
            f"peak {python_peak:.1f} MiB; answer {len(response.content) / 1024:.0f} KiB"
        )
