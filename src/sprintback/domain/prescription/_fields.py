"""A small reader over plain mappings (as read from YAML) that names the exact field of any error."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sprintback.domain.errors import SprintbackError
from sprintback.domain.evidence import (
    Evidence,
    EvidenceGrade,
    EvidenceType,
    SourceInfo,
    evidence_problem,
    parse_source_entry,
)


class FieldReader:
    """Walks a plain value, raising `error(message, path)` with the dotted/indexed path."""

    def __init__(self, data: Any, path: str, error: type[SprintbackError]) -> None:
        self.data = data
        self.path = path
        self.error = error

    def join(self, key: str | int) -> str:
        if isinstance(key, int):
            return f"{self.path}[{key}]"
        return f"{self.path}.{key}" if self.path else key

    def fail(self, message: str, key: str | int | None = None) -> SprintbackError:
        return self.error(message, self.join(key) if key is not None else (self.path or None))

    def mapping(self) -> Mapping[str, Any]:
        if not isinstance(self.data, Mapping):
            raise self.fail(f"expected a mapping, got {type(self.data).__name__}")
        return self.data

    def has(self, key: str) -> bool:
        return self.mapping().get(key) is not None

    def opt(self, key: str) -> FieldReader | None:
        m = self.mapping()
        if m.get(key) is None:
            return None
        return FieldReader(m[key], self.join(key), self.error)

    def req(self, key: str) -> FieldReader:
        r = self.opt(key)
        if r is None:
            raise self.fail("is required", key)
        return r

    def items(self) -> list[FieldReader]:
        if not isinstance(self.data, list):
            raise self.fail(f"expected a list, got {type(self.data).__name__}")
        return [FieldReader(v, self.join(i), self.error) for i, v in enumerate(self.data)]

    def entries(self) -> list[tuple[str, FieldReader]]:
        return [(str(k), FieldReader(v, self.join(str(k)), self.error)) for k, v in self.mapping().items()]

    def text(self) -> str:
        if not isinstance(self.data, str) or not self.data.strip():
            raise self.fail("expected a non-empty text")
        return self.data.strip()

    def texts(self) -> tuple[str, ...]:
        return tuple(i.text() for i in self.items())

    def boolean(self) -> bool:
        if not isinstance(self.data, bool):
            raise self.fail("expected true or false")
        return self.data

    def number(self, lo: float | None = None, hi: float | None = None) -> float:
        if isinstance(self.data, bool) or not isinstance(self.data, int | float):
            raise self.fail(f"expected a number, got {self.data!r}")
        v = float(self.data)
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            raise self.fail(f"{v:g} is outside {lo if lo is not None else '-∞'}–{hi if hi is not None else '∞'}")
        return v

    def integer(self, lo: int = 0, hi: int = 100_000) -> int:
        v = self.number(lo, hi)
        if v != int(v):
            raise self.fail(f"expected a whole number, got {v:g}")
        return int(v)

    def only(self, allowed: set[str]) -> None:
        extra = sorted(set(self.mapping()) - allowed)
        if extra:
            raise self.fail(f"unknown field (allowed: {', '.join(sorted(allowed))})", extra[0])


def read_sources(r: FieldReader) -> dict[str, SourceInfo]:
    """`sources`: key → citation text, or {citation, evidence_type, max_grade}."""
    out: dict[str, SourceInfo] = {}
    for key, child in r.entries():
        info, error = parse_source_entry(child.data)
        if info is None:
            raise child.fail(error)
        out[key] = info
    return out


def read_evidence(r: FieldReader, sources: Mapping[str, SourceInfo], prefix: str = "") -> Evidence:
    """`{prefix}source`, `{prefix}grade` and `{prefix}evidence_type` (+ `note`, `derived` without a prefix),
    refused when graded above what the source or the evidence type supports."""
    src = r.req(f"{prefix}source")
    key = src.text()
    if key not in sources:
        raise src.fail(f"unknown evidence key {key!r}: add it to `sources` with its citation")
    grade_r = r.req(f"{prefix}grade")
    try:
        grade = EvidenceGrade(grade_r.data)
    except ValueError:
        raise grade_r.fail("expected primary, secondary or practice-default") from None
    type_r = r.opt(f"{prefix}evidence_type")
    try:
        etype = EvidenceType(type_r.data) if type_r else None
    except ValueError:
        assert type_r is not None
        raise type_r.fail(f"expected one of: {', '.join(t.value for t in EvidenceType)}") from None
    note = r.opt("note") if not prefix else None
    derived = r.opt("derived") if not prefix else None
    ev = Evidence(key, grade, note.text() if note else "", etype, derived.text() if derived else "")
    problem = evidence_problem(ev, sources[key])
    if problem is not None:
        raise r.fail(problem[1], f"{prefix}{problem[0]}")
    return ev
