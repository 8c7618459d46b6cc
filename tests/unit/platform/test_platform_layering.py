"""Layering: which part of Sprintback may import which, for every pair of packages, and no import cycles.

The import graph is read from the source with `ast` (every import, including those inside functions and
`TYPE_CHECKING` blocks: a lazy import is still a dependency). Each module belongs to a *part*: a top-level
package (`services`, `store`, …) or a top-level module (`bootstrap`, `settings`, …). `ALLOWED` says, for
every part, which other parts it may import; anything else fails with the offending module and import.
docs/architecture.md draws the same table.
"""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[3] / "src" / "sprintback"

# part -> the other parts it may import. Inward only: the domain imports nothing of ours; the services see
# storage only through their ports (services/ports.py); the store implements those ports without importing
# the services; the faces get everything from the composition root (bootstrap) and never import each other.
DATA_FILES = {"protocol_files", "catalogue_files", "casefile", "measurement_csv", "forecast_files"}
ALLOWED: dict[str, set[str]] = {
    "domain": set(),
    "errors": {"domain"},
    "settings": set(),
    "core": {"domain"},
    "protocol_files": {"domain"},
    "catalogue_files": {"domain"},
    "casefile": {"domain", "protocol_files"},
    "measurement_csv": {"domain"},
    "forecast_files": {"domain", "protocol_files"},
    "telemetry": {"domain"},
    "reports": {"domain", "casefile"},
    "services": {"domain", "core", "errors", "settings", "reports", "telemetry", "casefile", "measurement_csv"}
    | {"forecast_files"},
    "store": {"domain", "core"},
    "bootstrap": {"domain", "core", "settings", "services", "store", "protocol_files", "catalogue_files"},
    "request_context": {"bootstrap"},
    "api": {"root", "bootstrap", "request_context", "services", "core", "domain", "errors", "settings", "reports"}
    | {"casefile", "measurement_csv"},
    "web": {"bootstrap", "request_context", "services", "core", "domain", "errors", "reports", "measurement_csv"},
    "server": {"api", "web", "bootstrap", "settings"},
    "cli": {"root", "bootstrap", "services", "core", "domain", "errors", "settings", "reports", "telemetry"}
    | DATA_FILES,
    "root": set(),  # sprintback/__init__.py: the version
    "__main__": {"cli"},
    # data packages: YAML files only
    "protocols": set(),
    "catalogue": set(),
    "demo": set(),
}


def _modules() -> dict[str, Path]:
    out = {}
    for p in PKG.rglob("*.py"):
        rel = p.relative_to(PKG).with_suffix("")
        parts = [x for x in rel.parts if x != "__init__"]
        out[".".join(["sprintback", *parts])] = p
    return out


MODULES = _modules()


def _part(module: str) -> str:
    rest = module.split(".")[1:]
    return rest[0] if rest else "root"


def _imports(path: Path, runtime_only: bool = False) -> set[str]:
    """The sprintback modules `path` imports (`from sprintback import web` is the module sprintback.web);
    `runtime_only` leaves out imports under `if TYPE_CHECKING:`, which never run."""
    names: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    blocks = [n for n in ast.walk(tree) if runtime_only and _type_checking_only(n)]
    skipped = {id(inner) for block in blocks for inner in ast.walk(block)}
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for a in node.names:
                sub = f"{node.module}.{a.name}"
                names.add(sub if sub in MODULES else node.module)
    return {n for n in names if n == "sprintback" or n.startswith("sprintback.")}


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


GRAPH = {m: {n for n in _imports(p) if n in MODULES and n != m} for m, p in MODULES.items()}
RUNTIME_GRAPH = {m: {n for n in _imports(p, True) if n in MODULES and n != m} for m, p in MODULES.items()}


def test_every_part_of_the_package_is_in_the_table() -> None:
    assert {_part(m) for m in MODULES} <= set(ALLOWED), "a new package or top-level module needs its row in ALLOWED"
    assert len(MODULES) > 100


def test_every_import_between_parts_is_allowed() -> None:
    offenders = [
        f"{m} imports {n}"
        for m, targets in sorted(GRAPH.items())
        for n in sorted(targets)
        if _part(n) != _part(m) and _part(n) not in ALLOWED[_part(m)]
    ]
    assert offenders == []


def test_the_allowed_table_itself_has_no_cycle() -> None:
    assert _cycles({part: allowed - {part} for part, allowed in ALLOWED.items()}) == []


def test_no_import_cycle_between_modules() -> None:
    """Not even inside one package (lazy imports inside functions count): a cycle hides an order of
    initialisation and makes modules inseparable. Imports for type checking only never run and are left out."""
    assert _cycles(RUNTIME_GRAPH) == []


def test_the_store_imports_nothing_from_the_services_and_the_services_nothing_from_the_store() -> None:
    assert [f"{m} -> {n}" for m in GRAPH if _part(m) == "store" for n in GRAPH[m] if _part(n) == "services"] == []
    assert [f"{m} -> {n}" for m in GRAPH if _part(m) == "services" for n in GRAPH[m] if _part(n) == "store"] == []


def test_the_web_and_the_api_do_not_import_each_other() -> None:
    pairs = {("web", "api"), ("api", "web")}
    assert [f"{m} -> {n}" for m in GRAPH for n in GRAPH[m] if (_part(m), _part(n)) in pairs] == []


def test_only_the_composition_root_and_the_faces_read_the_environment() -> None:
    readers = {"settings", "bootstrap", "cli", "server"}
    offenders = []
    for m, p in MODULES.items():
        text = p.read_text(encoding="utf-8")
        if _part(m) not in readers and ("os.environ" in text or "getenv(" in text or "from_env(" in text):
            offenders.append(m)
    assert offenders == []


def test_no_module_outside_the_store_imports_sqlalchemy_or_alembic() -> None:
    offenders = [
        m
        for m, p in MODULES.items()
        if _part(m) != "store" and any(n.split(".")[0] in ("sqlalchemy", "alembic") for n in _all_imports(p))
    ]
    assert offenders == []


def test_api_routers_do_not_touch_the_store() -> None:
    offenders = []
    for p in (PKG / "api" / "routers").glob("*.py"):
        text = p.read_text(encoding="utf-8")
        if any(n.startswith("sprintback.store") for n in _all_imports(p)) or "uow." in text or ".store.run(" in text:
            offenders.append(p.name)
    assert offenders == []


def test_the_checker_sees_a_forbidden_import_and_a_cycle() -> None:
    """The rules above can fail: a store module importing a service, and a two-module cycle, are both found."""
    graph = {"sprintback.store.x": {"sprintback.services.y"}, "sprintback.services.y": {"sprintback.store.x"}}
    assert _part("sprintback.store.x") == "store" and "services" not in ALLOWED["store"]
    assert _cycles(graph) == [["sprintback.services.y", "sprintback.store.x"]]


def _all_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)
