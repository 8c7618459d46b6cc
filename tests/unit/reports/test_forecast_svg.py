"""The fan chart says its answer in words (<title>, <desc>) and escapes what it prints."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

from casebuilder import CaseBuilder, day

from sprintback.domain.forecast.model import forecast
from sprintback.forecast_files import load_default_forecast_config
from sprintback.protocol_files import load_default_protocol
from sprintback.reports.forecast_svg import forecast_fan_svg

PROTOCOL = load_default_protocol()
CONFIG = load_default_forecast_config()
NS = "{http://www.w3.org/2000/svg}"


def test_the_fan_chart_is_valid_svg_with_the_median_and_80_percent_interval_in_its_description() -> None:
    f = forecast(CaseBuilder(grade="2c").calm_days(0, 6).build(), PROTOCOL, CONFIG, day(6), samples=500)
    svg = ET.fromstring(forecast_fan_svg(f))
    desc = svg.find(f"{NS}desc")
    assert svg.find(f"{NS}title") is not None and desc is not None and desc.text
    d10, d50, d90 = f.rts.dates(f.injury_date)
    assert d50.isoformat() in desc.text and d10.isoformat() in desc.text and d90.isoformat() in desc.text
    assert svg.find(f"{NS}polygon") is not None  # the fan
    labels = [t.text for t in svg.iter(f"{NS}text")]
    assert all(g.next_phase_name in labels for g in f.gates)


def test_names_are_escaped_and_a_cleared_athlete_gets_a_sentence() -> None:
    f = forecast(CaseBuilder(grade="2b").calm_days(0, 6).build(), PROTOCOL, CONFIG, day(6), samples=300)
    odd = replace(f, athlete_id="<script>x</script>")
    assert "<script>" not in forecast_fan_svg(odd)
    cleared = forecast(CaseBuilder(grade="2b").calm_days(0, 30).build(), PROTOCOL, CONFIG, day(30), cleared_on=day(24))
    text = forecast_fan_svg(cleared)
    ET.fromstring(text)
    assert "Cleared on" in text and day(24).isoformat() in text
