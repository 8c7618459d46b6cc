"""The HTML report and its SVG timeline."""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from markupsafe import escape

from sprintback.casefile import load_case
from sprintback.domain.engine import replay
from sprintback.protocol_files import load_default_protocol
from sprintback.reports.case_report import render_case_report
from sprintback.reports.timeline_svg import timeline_svg

DEMO = Path(__file__).parents[3] / "src/sprintback/demo/sam-2b-sprint.yaml"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def demo():  # type: ignore[no-untyped-def]
    case = load_case(DEMO)
    protocol = load_default_protocol()
    return case, protocol, replay(case, protocol, date(2026, 11, 12))


def test_timeline_is_well_formed_svg_with_one_tick_per_day(demo) -> None:  # type: ignore[no-untyped-def]
    case, protocol, days = demo
    root = ET.fromstring(timeline_svg(case, protocol, days))
    ticks = [
        r
        for r in root.iter(f"{SVG}rect")
        if (r.find(f"{SVG}title") is not None and " day " in r.find(f"{SVG}title").text)
    ]  # type: ignore[union-attr]
    assert len(ticks) == len(days) == 39
    phases = [
        t.find(f"{SVG}title").text.split(":")[0] for t in root.iter(f"{SVG}text") if t.find(f"{SVG}title") is not None
    ]  # type: ignore[union-attr]
    assert phases == [p.name for p in protocol.phases[:5]]


def test_timeline_plots_nothing_after_the_report_date(demo) -> None:  # type: ignore[no-untyped-def]
    case, protocol, days = demo
    svg = timeline_svg(case, protocol, days, width=960)
    root = ET.fromstring(svg)
    right_edge = 70 + (960 - 90)
    xs = [float(c.get("cx", 0)) for c in root.iter(f"{SVG}circle")]
    assert xs and max(xs) <= right_edge


def test_names_are_escaped_in_svg_and_html(demo) -> None:  # type: ignore[no-untyped-def]
    case, protocol, days = demo
    evil = replace(case, athlete=replace(case.athlete, name="<script>alert(1)</script>"))
    html = render_case_report(evil, protocol, days)
    assert "<script>" not in html and "&lt;script&gt;" in html
    ET.fromstring(timeline_svg(evil, protocol, days))  # still well-formed


def test_report_shows_the_decision_every_criterion_and_the_cited_sources(demo) -> None:  # type: ignore[no-untyped-def]
    case, protocol, days = demo
    html = render_case_report(case, protocol, days)
    assert ">clear<" in html and "Sport simulation" in html
    for c in protocol.phases[4].exit_criteria:
        assert str(escape(c.label)) in html
    assert "zambaldi2017</strong>" in html and str(escape(protocol.sources["zambaldi2017"])) in html
    namespaces = ("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink")  # XML names, never fetched
    assert "http://" not in functools.reduce(lambda h, ns: h.replace(ns, ""), namespaces, html)  # no external assets
