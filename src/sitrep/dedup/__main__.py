"""`python -m sitrep.dedup --evaluate DIR`: pairwise precision and recall of event clustering.

Annotates the evaluation set once with the configured pipeline, then clusters it in file order
and in reverse order (incremental clustering depends on arrival order) and prints one line each.
Exit status 0, or 2 for a bad invocation or evaluation set.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import SitrepError


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation described in the module docstring; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m sitrep.dedup",
        description="Evaluate cross-article dedup on a hand-grouped set of reports.",
        epilog="Example: python -m sitrep.dedup --evaluate tests/fixtures/dedup",
    )
    parser.add_argument("--evaluate", type=Path, required=True, metavar="DIR")
    parser.add_argument("--config", type=Path, default=None, help="TOML settings file.")
    parser.add_argument("--threshold", type=float, default=None, help="Override [dedup] threshold.")
    parser.add_argument("--verbose", "-v", action="store_true", help="List the wrong pairs.")
    args = parser.parse_args(argv)

    from ..config import Settings
    from ..pipeline import Pipeline
    from . import dedup_settings
    from .evaluate import cluster_reports, load_reports, score

    try:
        settings = Settings.load(args.config)
        if args.threshold is not None:
            settings = settings.with_overrides({"dedup": {"threshold": args.threshold}})
        dedup = dedup_settings(settings)
        reports = load_reports(args.evaluate)
        pipeline = Pipeline.from_settings(settings)
    except SitrepError as e:
        print(f"sitrep: {e.message}", file=sys.stderr)
        return 2
    annotated = list(pipeline.annotate_many([r.article for r in reports]))
    gold_events = len({r.gold for r in reports})
    print(f"{len(reports)} reports of {gold_events} events; threshold {dedup.threshold}")
    for label, order in (("file order", reports), ("reverse order", reports[::-1])):
        result = score(reports, cluster_reports(order, annotated, dedup))
        print(f"{label:>13}: {result.summary()}")
        if args.verbose:
            for a, b in result.false_merges:
                print(f"    merged but different: {a} + {b}")
            for a, b in result.missed:
                print(f"    same event, not merged: {a} + {b}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
