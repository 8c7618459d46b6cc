"""docs/protocol.md says what the data says: the evidence tables are the data's, and every audit item is answered."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from sprintback.protocol_files import load_default_protocol

ROOT = Path(__file__).resolve().parents[3]
DOCS = (ROOT / "docs" / "protocol.md").read_text(encoding="utf-8")


def _tables_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("protocol_tables", ROOT / "scripts" / "protocol_tables.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_evidence_tables_in_the_docs_match_the_protocol_and_catalogue() -> None:
    # Refresh with: .venv/bin/python scripts/protocol_tables.py --write
    assert _tables_module().tables() in DOCS


def test_every_threshold_appears_in_the_docs_with_its_grade_and_type() -> None:
    p = load_default_protocol()
    for c in [c for ph in p.phases for c in ph.exit_criteria] + [c for h in p.history_rules for c in h.add_criteria]:
        line = next((ln for ln in DOCS.splitlines() if f"| `{c.id}` |" in ln), None)
        assert line is not None, c.id
        assert f"| {c.evidence.grade.value} |" in line and c.evidence.evidence_type is not None
        assert f"| {c.evidence.evidence_type.value} |" in line, c.id


def test_every_item_of_audit_sections_1_4_1_5_and_2_1_is_answered_fixed_or_kept() -> None:
    audit = DOCS[DOCS.index("## Audit items: fixed or kept") :]
    rows = [ln for ln in audit.splitlines() if ln.startswith("| §")]
    for item in [f"§1.4-{n}" for n in range(1, 10)] + [f"§2.1-{n}" for n in range(1, 10)]:
        row = next((r for r in rows if r.startswith(f"| {item} ")), None)
        assert row is not None, item
        assert re.search(r"\| (fixed|kept|\*engine\*)", row), item
    for topic in ("bourne2015", "timmins2016", "petersen2011", "malone2017", "silbernagel2007", "zambaldi2017"):
        assert any(r.startswith("| §1.5") and topic in r for r in rows), topic
