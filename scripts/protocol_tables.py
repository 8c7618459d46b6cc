"""Print or refresh the evidence tables of docs/protocol.md from the default protocol and catalogue.

    .venv/bin/python scripts/protocol_tables.py           # print the tables
    .venv/bin/python scripts/protocol_tables.py --write   # rewrite them in docs/protocol.md

`tests/unit/domain/test_protocol_docs.py` fails when the docs and the data disagree.
"""

# ruff: noqa: E501  (the source descriptions below are prose data, one entry a line)
from __future__ import annotations

import sys
from pathlib import Path

from sprintback.catalogue_files import load_default_library
from sprintback.domain.evidence import Evidence
from sprintback.domain.prescription.doses import format_reps
from sprintback.protocol_files import load_default_protocol

DOCS = Path(__file__).resolve().parent.parent / "docs" / "protocol.md"
BEGIN, END = "<!-- tables:begin (scripts/protocol_tables.py) -->", "<!-- tables:end -->"

# What each source actually measured (shared/evidence), shown next to the number it backs.
MEASURED = {
    "hickey2020-talk": "RCT, 43 men with acute HSI: exercise pain allowed 4/10 vs 0/10; same median RTP (17 vs 15 d), more strength recovery (talk summary)",
    "hickey2020-running": "the same RCT's running stages by % of perceived max speed (talk summary)",
    "heiderscheit2010": "clinical commentary (Table 4) built on the PATS trial: phase I exercises and phase I→II criteria",
    "heiderscheit2010-late": "the same commentary's phase II→III and RTS criteria (not found in the stored copy)",
    "prosports-clinic": "a clinic's derivative of the Heiderscheit protocol (strength deficit < 20%)",
    "askling2013": "RCT, 75 elite footballers: days to full training, L 28±15 vs C 51±21; sprint- vs stretch-type 23 vs 43 (L)",
    "askling2013-criterion": "the trial's return criterion 'H-test without insecurity' (recalled, not read)",
    "askling2010": "H-test in legs passed by the usual examination: 8% less active range, insecurity 52/100",
    "mendiguchia2017": "RCT, 48 footballers, both arms started on day 5; criteria-based algorithm RTS 25.5±7.8 d, reinjury 1 vs 6",
    "pollock2022": "cohort, 70 HSIs in elite track and field: time to full training 18.6 d; 2c 34±7; 3c 48±17",
    "pollock2016": "cohort: 'c' and higher grades delay return (per-grade numbers not retrieved)",
    "pollock2014": "BAMIC classification: grade 4 = complete tear",
    "silbernagel2007": "Achilles tendinopathy pain-monitoring model: ≤5/10 during activity, settled by next morning, else reduce load",
    "bourne2015": "preseason screening, 178 rugby players: eccentric imbalance ≥15% RR 2.4 for a future HSI",
    "timmins2016": "preseason screening, 152 footballers: eccentric force < 337 N RR 4.4 (CI 1.1–17.5)",
    "green2020": "risk-factor meta-analysis: previous HSI RR 2.7, recent RR 4.8",
    "zambaldi2017": "Delphi, 20 English clubs: RTP criteria rated 1–5",
    "vanderhorst2017": "Delphi, 58 experts: medical RTP criteria (no pain on palpation, in tests; readiness)",
    "paton2023": "London Delphi: outer-range isometric 83.3%, H-test 57.6% (no consensus)",
    "aspetar2015": "Aspetar criteria-based programme: stage exits (painless COD) and light → in-between → heavy football sessions (V2)",
    "practice-lsi90": "ACL return-to-sport batteries: LSI > 90% (not hamstring)",
    "practice-vmax95": "— (no source; Zambaldi rates max speed without a %)",
    "practice-rom10": "— (no source; London 45%, no consensus)",
    "practice-none": "— (no source)",
    "sprintback-safety": "— (safety net)",
}

DOSE_MEASURED = {
    "heiderscheit2010": "PATS phase I exercises (Table 4, notes' reading)",
    "practice-sprintback": "— (no source)",
    "petersen2011": "prevention RCT, 942 healthy players: 27 Nordic sessions in 10 weeks; HSIs 3.8 vs 13.1/100 player-seasons",
    "askling2013": "RCT: L-protocol vs C-protocol, 28 vs 51 days",
    "hickey2020-running": "RCT's running stages by % max speed (talk summary)",
    "hickey2020-talk": "RCT pain rule 4/10 vs 0/10 (talk summary)",
    "malone2017": "37 healthy Gaelic footballers: > 95% Vmax in training, OR 0.12 for lower-limb injury",
    "zambaldi2017": "Delphi: ≥ 2 full team sessions (4.17)",
    "gabbett2016": "review; the 10% rule was not found in it",
    "silbernagel2007": "Achilles pain-monitoring model",
    "opar2015": "AFL preseason screening: < 256 N RR 2.7",
    "askling2010": "H-test deficits in legs passed by the usual exam",
    "practice-lsi90": "ACL batteries LSI > 90%",
    "practice-vmax95": "— (no source)",
    "heiderscheit2010-late": "RTS tests at 90° and 15° (not verified)",
    "aspetar2015": "light → in-between → heavy sessions (V2)",
}


def _type(ev: Evidence) -> str:
    return ev.evidence_type.value if ev.evidence_type else "—"


def _why(ev: Evidence, fallback: str = "") -> str:
    return ((ev.derived + ". ") if ev.derived else "") + ev.note or fallback


def protocol_table() -> list[str]:
    p = load_default_protocol()
    out = [
        "| where | id | value | source | grade | type | what the source measured | why used here (derivation) |",
        "|---|---|---|---|---|---|---|---|",
    ]

    def row(where: str, name: str, value: str, ev: Evidence) -> None:
        out.append(
            f"| {where} | {name} | {value} | {ev.source} | {ev.grade.value} | {_type(ev)} | "
            f"{MEASURED.get(ev.source, '')} | {_why(ev)} |"
        )

    for ph in p.phases:
        for k, r in ph.min_days.by_grade.items():
            row(ph.id, f"min_days grade {k}", f"{r.days} d", r.evidence)
        for m, r in ph.min_days.by_mechanism.items():
            row(ph.id, f"min_days {m.value}-type", f"{r.days} d", r.evidence)
        for c in ph.exit_criteria:
            row(ph.id, f"`{c.id}`", c.describe_threshold() + (" (advisory)" if c.advisory else ""), c.evidence)
    for h in p.history_rules:
        row("history", f"previous HSI >= {h.min_previous_hsi}", f"adds {len(h.add_criteria)} criterion", h.evidence)
        for c in h.add_criteria:
            row("history", f"`{c.id}`", c.describe_threshold(), c.evidence)
    pr, rf = p.pain, p.red_flags
    limits = ", ".join(f"{m.value} {v:g}/10" for m, v in pr.limits.items())
    row("pain_rules", "exercise pain limit", limits, pr.limit_evidence)
    row("pain_rules", "regress_above", f"> {pr.regress_above:g}/10", pr.regress_evidence)
    row("pain_rules", "24-h settle", "next morning <= day-before rest pain", pr.morning_settle_evidence)
    row("pain_rules", "soreness_deload_above", f"> {pr.soreness_deload_above:g}/10", pr.soreness_evidence)
    row("red_flags", "rising pain", f"{rf.rising_pain_days} days", rf.rising_pain_evidence)
    row("red_flags", "night pain", "any", rf.night_pain_evidence)
    row("red_flags", "refer grades", ", ".join(rf.refer_grades), rf.refer_grades_evidence)
    row("red_flags", "'c' not progressing", f"{rf.c_not_improving_days} d", rf.c_not_improving_evidence)
    return out


def dose_table() -> list[str]:
    lib = load_default_library()
    b = lib.doses
    out = [
        "| doses.yaml / education.yaml | value | source | grade | type | what the source measured | why used here |",
        "|---|---|---|---|---|---|---|",
    ]

    def row(name: str, val: str, ev: Evidence) -> None:
        default = "Practice default: a configurable clinic choice." if ev.grade.value == "practice-default" else ""
        out.append(
            f"| {name} | {val} | {ev.source} | {ev.grade.value} | {_type(ev)} | "
            f"{DOSE_MEASURED.get(ev.source, '')} | {_why(ev, default or 'Used as the source gives it.')} |"
        )

    for r in b.rules.values():
        for k, d in [*r.by_phase.items(), *([("default", r.default)] if r.default else [])]:
            if r.staged:
                val = "running stage (below)"
            elif r.table:
                val = "Nordic table (below)"
            else:
                val = f"{d.sets}×{d.reps_text}" + (f" × {d.work_s:g} s" if d.work_s else "")
                val += (f" × {d.distance_m:g} m" if d.distance_m else "") + (f", {d.frequency}" if d.frequency else "")
            row(f"rules.{r.id}.{k}", val, d.evidence)
    weeks = "; ".join(f"wk{w.week} {w.sessions}×/wk {format_reps(w.reps)}" for w in b.nordic.weeks[:5])
    row("nordic table", f"{weeks}; wk6-10 as wk5; maintenance 1×/wk 12/10/8", b.nordic.evidence)
    row("running bands", "/".join(f"{x:g}" for x in b.running.bands) + " % max speed", b.running.evidence)
    row("running stage volumes", "stages 1–9 (docs/prescription.md)", b.running.volume_evidence)
    row("high_speed.above_pct", f"> {b.high_speed_above_pct:g} %", b.high_speed_evidence)
    row("volume_cap", f"+{b.volume_cap_pct:g} %/week", b.volume_cap_evidence)
    for k, a in b.adjustments.items():
        val = f"volume ×{a.volume_factor:g}" if a.volume_factor != 1 else (a.mode or ", ".join(a.keep) or "—")
        row(f"adjustments.{k}", val, a.evidence)
    row(
        "sprint_exposure",
        f"≥ {b.sprint_exposure_per_week}/week at > {b.sprint_exposure_pct:g} %",
        b.sprint_exposure_evidence,
    )
    row("team_sessions", f"≥ {b.team_sessions_before_match} before match", b.team_sessions_evidence)
    row("maintenance.nordic", "1×/week", b.nordic_maintenance_evidence)
    row(
        "reassessment",
        f"every {b.reassessment_interval_months} months for {b.reassessment_horizon_months}",
        b.reassessment_evidence,
    )
    for x in b.reassessment_tests:
        row(f"reassessment.{x.id}", x.label, x.evidence)
    for lesson in lib.lessons:
        row(f"education.{lesson.id}", lesson.title, lesson.evidence)
    return out


def tables() -> str:
    return "\n".join(
        [
            BEGIN,
            "## Every threshold of the default protocol",
            "",
            "Generated from the protocol file; each row's last column is the file's `derived` and `note`.",
            "",
            *protocol_table(),
            "",
            "## Every dose of the catalogue",
            "",
            "Generated from `catalogue/doses.yaml` and `education.yaml`; the running stages' volumes are in",
            "`docs/prescription.md`. The microcycle (`sessions.yaml` `evidence`) is practice-sprintback,",
            "practice-default, type none; phase 1's daily exercises follow heiderscheit2010.",
            "",
            *dose_table(),
            END,
        ]
    )


def refreshed(text: str) -> str:
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return head + tables() + tail


if __name__ == "__main__":
    if "--write" in sys.argv:
        DOCS.write_text(refreshed(DOCS.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        print(tables())
