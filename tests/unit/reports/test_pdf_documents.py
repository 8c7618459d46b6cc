"""The PDFs open with poppler (pdftotext/pdftoppm), carry their words as text, and embed the charts."""

from __future__ import annotations

import itertools
import shutil
import subprocess
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from sprintback.casefile import load_case
from sprintback.catalogue_files import load_default_library
from sprintback.domain.engine import replay
from sprintback.domain.models import Case
from sprintback.protocol_files import load_default_protocol
from sprintback.reports.pdf import case_report_pdf, clearance_certificate_pdf, home_programme_pdf
from sprintback.reports.turning_points import turning_points
from sprintback.services.planning import plan_for_case

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
PROTOCOL = load_default_protocol()
AS_OF = date(2026, 10, 30)


def _case() -> Case:
    with resources.as_file(resources.files("sprintback.demo").joinpath("sam-2b-sprint.yaml")) as p:
        return load_case(p)


def _text(pdf: bytes, tmp_path: Path) -> str:
    f = tmp_path / "doc.pdf"
    f.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(f), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def _images(pdf: bytes, tmp_path: Path) -> int:
    f = tmp_path / "img.pdf"
    f.write_bytes(pdf)
    out = subprocess.run(["pdfimages", "-list", str(f)], capture_output=True, text=True, check=True)
    return len(out.stdout.strip().splitlines()) - 2  # two header lines


def test_case_report_names_the_athlete_the_decision_and_every_criterion_as_text_with_charts(tmp_path: Path) -> None:
    case = _case()
    days = replay(case, PROTOCOL, AS_OF)
    clearance = {"date": AS_OF, "engine_decision": "hold", "override_reason": "Full training for two weeks",
                 "note": "", "recorded_by": "maria"}  # fmt: skip
    pdf = case_report_pdf(case, PROTOCOL, days, [clearance])
    text = _text(pdf, tmp_path)
    today = days[-1]
    assert "Sam Rivera" in text and today.kind.value.upper() in text and today.phase_name in text
    for r in today.reasons:
        if not (r.kind == "red_flag" and r.met):
            assert " ".join(r.label.split()) in text, r.label
    assert "Full training for two weeks" in text and "maria" in text
    assert _images(pdf, tmp_path) >= 1
    page = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(tmp_path / "doc.pdf"), str(page)],
                   check=True)  # fmt: skip
    assert (tmp_path / "page-1.png").stat().st_size > 1000


def test_turning_points_merge_a_run_of_identical_days_into_one_row() -> None:
    days = replay(_case(), PROTOCOL, AS_OF)
    rows = turning_points(days)
    assert sum(n for _, _, n, _ in rows) == sum(1 for d in days if d.kind.value != "hold")
    for first, last, n, _ in rows:
        assert n == (last - first).days + 1
    for (_, last, _, a), (first, _, _, b) in itertools.pairwise(rows):
        same = (a.kind, a.phase, a.key_reason() and a.key_reason().label) == (
            b.kind, b.phase, b.key_reason() and b.key_reason().label)  # fmt: skip
        assert not (same and (first - last).days == 1), "two adjacent identical rows were not merged"


def test_clearance_certificate_shows_who_when_and_the_criteria_snapshot(tmp_path: Path) -> None:
    case = _case()
    days = replay(case, PROTOCOL, AS_OF)
    ack = {"by": "sam", "role": "athlete", "at": "2026-10-31"}
    cl = {"date": AS_OF, "engine_decision": days[-1].kind.value, "override_reason": "", "note": "Shared decision",
          "recorded_by": "maria", "acknowledgements": [ack]}  # fmt: skip
    text = _text(clearance_certificate_pdf(case, PROTOCOL, days, cl), tmp_path)
    assert "Return-to-sport clearance" in text and "maria" in text and AS_OF.isoformat() in text
    assert "Acknowledged by sam (athlete)" in text
    assert days[-1].reasons[0].label.split()[0] in text


def test_home_programme_has_a_page_per_session_with_each_exercise(tmp_path: Path) -> None:
    case = _case()
    cp = plan_for_case(case, PROTOCOL, load_default_library(), as_of=date(2026, 10, 20),
                       days=("mon", "wed", "fri"), equipment=frozenset({"band"}))  # fmt: skip
    plan = cp.plan.to_dict()
    pdf = home_programme_pdf(case.athlete.name, plan)
    text = _text(pdf, tmp_path)
    sessions = [s for d in plan["days"] for s in d["sessions"]]
    assert sessions
    for s in sessions:
        for item in s["items"]:
            assert " ".join(item["name"].split()) in text
    f = tmp_path / "doc.pdf"
    info = subprocess.run(["pdfinfo", str(f)], capture_output=True, text=True, check=True).stdout
    pages = int(next(x for x in info.splitlines() if x.startswith("Pages:")).split()[1])
    tops = []
    for n in range(1, pages + 1):
        one = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(f), "-"], capture_output=True, text=True)
        tops.append(" ".join(one.stdout.split()))
    starts = [d["date"] + " · " + s["title"] for d in plan["days"] for s in d["sessions"]]
    # every session opens a page of its own (the first page opens with the title block, then the first session)
    assert all(any(t.startswith(x) or (i == 0 and x in t) for i, t in enumerate(tops)) for x in starts)
