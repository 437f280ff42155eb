# One entry point for the dev loop; CI calls the same test command (see .ci/run).
PY ?= .venv/bin/python

.PHONY: setup test lint format bench score

setup:
	python3.11 -m venv .venv && .venv/bin/pip install -c constraints.txt -e ".[dev]"

test:
	$(PY) -m pytest -q

lint:
	$(PY) -m ruff check src tests benchmarks scripts docs
	$(PY) -m ruff format --check src tests benchmarks scripts docs
	$(PY) -m mypy --strict src/sitrep

format:
	$(PY) -m ruff format src tests benchmarks scripts
	$(PY) -m ruff check --fix src tests benchmarks scripts

bench:
	$(PY) -m benchmarks

# Scores on the shared evaluation sets (needs ../shared beside the repo).
score:
	$(PY) ../shared/tools/score/seed.py --gold ../shared/eval/seed/iraq-border-security.gold.json | tail -n 1
	$(PY) ../shared/tools/score/plv.py --gold ../shared/eval/plv_train/PLV_train.tsv --limit 300 | tail -n 1
	$(PY) ../shared/tools/score/quad.py --gold ../shared/eval/cameo_quad_train/train.tsv --limit 300 | tail -n 1
	$(PY) ../shared/tools/score/geo.py --gold ../shared/eval/geo_lgl/lgl.xml --limit 100 | tail -n 1
	$(PY) ../shared/tools/score/geo.py --gold ../shared/eval/geo_geovirus/GeoVirus.xml --limit 100 | tail -n 1
	$(PY) ../shared/tools/score/evloc.py --gold ../shared/eval/event_location_dev/gold_dev.jsonl | tail -n 1
	$(PY) ../shared/tools/score/timex.py --gold ../shared/eval/temporal_tbaq/TimeBank | tail -n 1
