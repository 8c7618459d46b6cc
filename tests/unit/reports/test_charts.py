"""One test per chart kind with known data: the points drawn, the threshold band, labels never cut."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sprintback.domain.decision import Decision
from sprintback.domain.engine import replay
from sprintback.domain.models import (
    Athlete,
    BamicGrade,
    Case,
    CheckIn,
    Injury,
    Measurement,
    SessionKind,
    SessionLog,
    Side,
)
from sprintback.domain.protocol import DecisionKind
from sprintback.protocol_files import load_default_protocol
from sprintback.reports.chart_data import gct_chart, load_chart, lsi_charts, pain_chart, phase_bands, speed_chart
from sprintback.reports.charts import OKABE_ITO, chart_png, chart_svg, phase_key_lines

PROTOCOL = load_default_protocol()
DAY0 = date(2026, 10, 1)


def _case(**parts: object) -> Case:
    athlete = Athlete("ana", "Ana Ruiz", "football", baselines={"max_speed_m_s": 9.0})
    return Case(athlete, Injury(DAY0, Side.LEFT, BamicGrade.parse("2b")), **parts).validate()  # type: ignore[arg-type]


def _days(case: Case, n: int) -> list[Decision]:
    return replay(case, PROTOCOL, DAY0 + timedelta(days=n))


def _text(svg: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", svg).split())


def test_lsi_chart_plots_injured_over_uninjured_for_each_day_with_both_legs_and_the_protocol_thresholds() -> None:
    ms = [
        Measurement(DAY0 + timedelta(days=2), "iso_90_90_n", 150, Side.LEFT),
        Measurement(DAY0 + timedelta(days=2), "iso_90_90_n", 300, Side.RIGHT),
        Measurement(DAY0 + timedelta(days=9), "iso_90_90_n", 270, Side.LEFT),
        Measurement(DAY0 + timedelta(days=9), "iso_90_90_n", 300, Side.RIGHT),
        Measurement(DAY0 + timedelta(days=12), "iso_90_90_n", 280, Side.LEFT),  # one leg only: no LSI
    ]
    case = _case(measurements=tuple(ms))
    (chart,) = [c for c in lsi_charts(case, PROTOCOL, _days(case, 12)) if c.key == "lsi_iso_90_90_n"]
    assert chart.series[0].points == ((DAY0 + timedelta(days=2), 50.0), (DAY0 + timedelta(days=9), 90.0))
    thresholds = {c.threshold for p in PROTOCOL.phases for c in p.exit_criteria
                  if c.measure == "iso_90_90_n" and c.statistic.value == "lsi"}  # fmt: skip
    assert {x.value for x in chart.lines} == thresholds and thresholds
    svg = chart_svg(chart)
    assert '<title id="chart-lsi_iso_90_90_n-title">' in svg and "<desc" in svg and 'role="img"' in svg
    for line in chart.lines:
        assert line.label in _text(svg)


def test_pain_chart_has_all_four_pains_and_the_pain_mode_limit() -> None:
    cis = [CheckIn(DAY0 + timedelta(days=d), pain_rest=1, pain_walking=2, pain_exercise=3, pain_next_morning=d % 3)
           for d in range(5)]  # fmt: skip
    case = _case(checkins=tuple(cis))
    chart = pain_chart(case, PROTOCOL, _days(case, 4))
    assert [len(s.points) for s in chart.series] == [5, 5, 5, 5]
    limit = PROTOCOL.pain.limits[PROTOCOL.pain.default_mode]
    assert chart.lines[0].value == limit and f"up to {limit:g}/10" in chart_svg(chart)


def test_load_chart_shows_no_acwr_before_the_28_day_warm_up() -> None:
    sessions = tuple(SessionLog(DAY0 + timedelta(days=d), SessionKind.REHAB, 40, rpe=4) for d in range(1, 40, 2))
    case = _case(sessions=sessions)
    chart = load_chart(case, _days(case, 40))
    loads, acwr = chart.series
    assert len(loads.points) == 20 and all(v == 160 for _, v in loads.points)
    assert acwr.points and min(d for d, _ in acwr.points) >= DAY0 + timedelta(days=28)


def test_gct_balance_is_the_injured_legs_share() -> None:
    case = _case(measurements=(Measurement(DAY0 + timedelta(days=3), "gct_balance_left_pct", 48.0),))
    right = Case(case.athlete, Injury(DAY0, Side.RIGHT, BamicGrade.parse("2b")), case.measurements)
    assert gct_chart(case, _days(case, 3)).series[0].points[0][1] == 48.0
    assert gct_chart(right, _days(right, 3)).series[0].points[0][1] == 52.0


def test_speed_chart_shows_each_exposure_and_the_phase_cap() -> None:
    runs = (SessionLog(DAY0 + timedelta(days=5), SessionKind.RUN, 20, top_speed_pct=45, pain_during=0),)
    case = _case(sessions=runs)
    chart = speed_chart(case, PROTOCOL, _days(case, 6))
    assert chart.series[0].points == ((DAY0 + timedelta(days=5), 45.0),)
    assert len(chart.series[1].points) == 7  # the cap on every replayed day


def test_phase_labels_are_never_cut_and_each_band_is_numbered() -> None:
    names = [p.name for p in PROTOCOL.phases]
    days = [
        Decision(DAY0 + timedelta(days=i), DecisionKind.HOLD, p.id, p.name, None, i, "", ())
        for i, p in enumerate(PROTOCOL.phases)
    ]
    bands = phase_bands(days)
    assert [b.label for b in bands] == names
    case = _case(checkins=(CheckIn(DAY0, pain_rest=1),))
    chart = pain_chart(case, PROTOCOL, days)
    key = " ".join(phase_key_lines(chart))
    for i, name in enumerate(names):
        assert f"{i + 1} {name}" in key
    text = _text(chart_svg(chart))
    for name in names:
        assert name in text, f"phase label {name!r} is cut or missing"


def test_palette_is_okabe_ito_and_a_png_renders() -> None:
    assert len(set(OKABE_ITO)) == len(OKABE_ITO)
    case = _case(checkins=(CheckIn(DAY0, pain_rest=1),))
    png = chart_png(pain_chart(case, PROTOCOL, _days(case, 1)))
    assert png.startswith(b"\x89PNG")
