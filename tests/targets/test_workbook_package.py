"""The spreadsheet feature's shape and its bulk writes: one package of short modules and
functions; every row an import creates or changes has its history record, whichever way the
database writes it (COPY on PostgreSQL, simple_history's bulk helpers elsewhere)."""

import ast
import io
from pathlib import Path

import pytest

from targets.models import AnnualPlan, Figure, Target
from targets.workbook.reading import read_workbook
from targets.workbook.service import IMPORT_REASON, workbook_import
from tests.factories import make_user
from tests.workbooks import SEED_SHEETS, xlsx

PACKAGE = Path(__file__).resolve().parents[2] / "targets" / "workbook"


def test_no_module_of_the_package_is_over_500_lines_nor_any_function_over_60():
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text()
        assert len(text.splitlines()) <= 500, path
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef):
                assert node.end_lineno - node.lineno < 60, (path, node.name)


@pytest.mark.django_db
def test_every_created_and_changed_row_has_its_history_record():
    user = make_user("importer", is_superuser=True)
    assert workbook_import(sheets=read_workbook(io.BytesIO(xlsx(SEED_SHEETS))), user=user).ok
    for model, count in ((Target, 5), (AnnualPlan, 4), (Figure, 8)):
        # (Two targets also get a "~" record: their parent, new too, is set once it has an id.)
        records = model.history.filter(history_type="+")
        assert records.count() == count == model.objects.count()
        assert {(r.history_type, r.history_user_id, r.history_change_reason) for r in records} == {
            ("+", user.pk, str(IMPORT_REASON))
        }
        assert set(records.values_list("id", flat=True)) == set(
            model.objects.values_list("pk", flat=True)
        )
    figure = Figure.objects.get(target__code="CT01", year=2022)
    assert (figure.updated_by, figure.is_estimate, figure.note) == (user, True, "ước cả năm")
    assert figure.history.get().value == figure.value
    changed = [list(row) for row in SEED_SHEETS["Kết quả quý"]]
    changed[0][5] = "12,2"
    result = workbook_import(sheets=read_workbook(io.BytesIO(xlsx({"Kết quả quý": changed}))),
                             user=user)  # fmt: skip
    assert (result.counts["Kết quả quý"].updated, result.counts["Kết quả quý"].unchanged) == (1, 7)
    latest = Figure.history.filter(history_type="~").get()
    assert str(latest.value) == "12.2000" and latest.history_user == user
