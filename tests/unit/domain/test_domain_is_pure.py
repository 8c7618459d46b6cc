"""The domain imports nothing outside the standard library and itself, and never reads the clock."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import sprintback.domain

DOMAIN = Path(sprintback.domain.__file__).parent
FORBIDDEN_STDLIB = {"os", "io", "pathlib", "socket", "sqlite3", "subprocess", "urllib", "http", "shutil", "time"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_domain_modules_import_only_stdlib_and_the_domain() -> None:
    files = sorted(DOMAIN.rglob("*.py"))
    assert len(files) >= 8
    for f in files:
        for name in imported_modules(f):
            top = name.split(".")[0]
            if name.startswith("sprintback."):
                assert name.startswith("sprintback.domain"), f"{f.name} imports {name}"
            else:
                assert top in sys.stdlib_module_names or top == "__future__", f"{f.name} imports {name}"
                assert top not in FORBIDDEN_STDLIB, f"{f.name} imports {name}: I/O or clock in the domain"


def test_domain_never_reads_the_clock() -> None:
    for f in DOMAIN.rglob("*.py"):
        text = f.read_text()
        for call in ("date.today(", "datetime.now(", "datetime.utcnow(", "time.time("):
            assert call not in text, f"{f.name} calls {call}: pass `as_of` in instead"
