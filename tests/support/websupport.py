"""Helpers shared by the web page tests: the demo squad's fixed day and reading a page's form token."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
_CSRF = re.compile(r'name="csrf" value="([^"]*)"')


def csrf_of(html: str) -> str:
    m = _CSRF.search(html)
    assert m, "the page has no form token"
    return m.group(1)
