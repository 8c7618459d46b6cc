"""Layering: SQL lives only in store/; routers reach data only through services."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[3] / "src" / "sprintback"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_outside_the_store_imports_sqlalchemy_or_alembic() -> None:
    offenders = [
        str(p.relative_to(PKG))
        for p in PKG.rglob("*.py")
        if "store" not in p.relative_to(PKG).parts
        and any(n.split(".")[0] in ("sqlalchemy", "alembic") for n in _imports(p))
    ]
    assert offenders == []


def test_api_routers_do_not_touch_the_store() -> None:
    offenders = []
    for p in (PKG / "api" / "routers").glob("*.py"):
        text = p.read_text(encoding="utf-8")
        if any(n.startswith("sprintback.store") for n in _imports(p)) or "uow." in text or ".store.run(" in text:
            offenders.append(p.name)
    assert offenders == []
