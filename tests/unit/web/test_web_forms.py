"""Form text → domain values: only shape is judged here; the services judge ranges and rules."""

from __future__ import annotations

from datetime import date

from sprintback.domain.errors import InvalidCase
from sprintback.domain.models import Side
from sprintback.web import forms

TODAY = date(2026, 11, 25)


def test_a_decimal_comma_is_read_as_a_decimal_point() -> None:
    errors = forms.FormErrors()
    assert forms.number(errors, "sleep_hours", " 7,5 ") == 7.5
    assert not errors


def test_words_nan_and_infinity_are_not_numbers() -> None:
    for text in ("lots", "nan", "inf", "-Infinity"):
        errors = forms.FormErrors()
        assert forms.number(errors, "value", text) is None
        assert "value" in errors.fields, text


def test_out_of_range_values_pass_the_form_for_the_service_to_judge() -> None:
    ms, errors = forms.measurements({"kind": "iso_90_90_n", "value": "99999", "side": "left"}, TODAY)
    assert not errors and ms[0].value == 99999  # the range belongs to the measure registry, via the service


def test_the_other_leg_becomes_a_second_measurement_on_the_opposite_side() -> None:
    ms, errors = forms.measurements(
        {"kind": "nordic_force_n", "value": "250", "side": "right", "pain": "2", "other_value": "320"}, TODAY
    )
    assert not errors
    assert [(m.side, m.value, m.pain) for m in ms] == [(Side.RIGHT, 250, 2), (Side.LEFT, 320, None)]
    assert {m.date for m in ms} == {TODAY}


def test_the_other_leg_needs_the_first_side() -> None:
    ms, errors = forms.measurements({"kind": "nordic_force_n", "value": "250", "other_value": "320"}, TODAY)
    assert ms == [] and "side" in errors.fields


def test_a_service_error_on_the_second_row_lands_on_the_other_leg_field() -> None:
    errors = forms.FormErrors()
    exc = InvalidCase("5000 is outside 0–1500 N for iso_90_90_n", "measurements[1].value")
    forms.from_service(errors, exc, "measurements[0]", forms.MEASUREMENT_FIELDS, forms.OTHER_LEG)
    assert errors.fields == {"other_value": exc.message}


def test_a_service_error_without_a_form_field_is_shown_above_the_form() -> None:
    errors = forms.FormErrors()
    forms.from_service(errors, InvalidCase("record the injury first", "athlete_id"), "", forms.CHECKIN_FIELDS)
    assert errors.general == "record the injury first" and not errors.fields


def test_an_empty_check_in_is_not_a_check_in_but_a_night_pain_answer_alone_is() -> None:
    c, errors = forms.checkin({}, TODAY)
    assert c is None and errors.general
    c, errors = forms.checkin({"night_pain": "yes"}, TODAY)
    assert c is not None and c.night_pain and c.date == TODAY and c.pain_walking is None
