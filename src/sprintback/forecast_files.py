"""Read the forecast data file (priors, model settings, risk factors, monitoring); the domain validates it."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from sprintback.domain.errors import InvalidProtocol
from sprintback.domain.forecast.config import ForecastConfig, parse_forecast_config
from sprintback.protocol_files import read_yaml

DEFAULT_FORECAST = "forecast-default.yaml"


def load_forecast_config(path: str | Path) -> ForecastConfig:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidProtocol(f"cannot read {p}: {exc.strerror}", str(p)) from None
    return parse_forecast_config(read_yaml(text, str(p)))


@cache
def load_default_forecast_config() -> ForecastConfig:
    text = resources.files("sprintback.protocols").joinpath(DEFAULT_FORECAST).read_text(encoding="utf-8")
    return parse_forecast_config(read_yaml(text, DEFAULT_FORECAST))
