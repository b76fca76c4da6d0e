"""The layout's promises, read from the source: imports run one way (`targets` builds on
`districts`, never the reverse), and models stand below the services that write them."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, text: str | None = None) -> set[str]:
    """Every module a file imports, wherever the import stands (inside functions too)."""
    package = module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else None
    names = set()
    text = path.read_text(encoding="utf-8") if text is None else text
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolved against the file's package
                anchor = (package or module_name(path)).split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def sources(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def is_targets(name: str) -> bool:
    return name == "targets" or name.startswith("targets.")


def is_service(name: str) -> bool:
    return any(part in {"services", "service"} for part in name.split("."))


def model_modules() -> list[Path]:
    found = []
    for app in ("districts", "targets"):
        found += [p for p in sources(app) if "models" in p.relative_to(ROOT).with_suffix("").parts]
    return found


def test_it_reads_imports_of_every_kind():
    # The walk itself: plain, from, relative and function-level imports are all seen.
    text = "import targets.models\nfrom . import services\n\ndef f():\n    from x import y\n"
    names = imported(ROOT / "targets" / "sample.py", text)
    assert {"targets.models", "targets.services", "x.y"} <= names
    assert is_targets("targets.models") and not is_targets("targetsmith")
    assert is_service("targets.services") and is_service("targets.workbook.service")


def test_districts_imports_nothing_from_targets():
    offenders = {
        str(path.relative_to(ROOT)): sorted(name for name in imported(path) if is_targets(name))
        for path in sources("districts")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_no_model_module_imports_a_service():
    modules = model_modules()
    assert ROOT / "districts" / "models.py" in modules
    offenders = {
        str(path.relative_to(ROOT)): sorted(name for name in imported(path) if is_service(name))
        for path in modules
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def function_lengths(path: Path) -> dict[str, int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name: node.end_lineno - node.lineno + 1
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }


def test_the_pages_views_are_short():
    # A view binds its form, calls a service or a read, and renders: a screen at most.
    for module in ("targets/cycle_views.py", "targets/views.py"):
        lengths = function_lengths(ROOT / module)
        assert "entry" in lengths or "dashboard" in lengths
        assert {name: n for name, n in lengths.items() if n > 40} == {}, module
