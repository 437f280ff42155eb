"""Rebuild the event classifier shipped in src/sitrep/data/models/ from the shared eval sets.

The sentences are read from ../shared/eval at training time and never copied; the artifact holds
only weights and the feature vocabulary. Takes about a minute on one core (the parse is cached).

Example:
    python scripts/train_event_classifier.py --eval ../shared/eval --cache /tmp/evclf
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sitrep.errors import SitrepError
from sitrep.learn.combine import Policy
from sitrep.learn.run import RunOptions, train
from sitrep.learn.training import Hyper

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    p.add_argument("--out", type=Path, default=ROOT / "src" / "sitrep" / "data" / "models")
    p.add_argument("--cache", type=Path, default=None, help="folder to cache parsed sentences")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--test-share", type=float, default=0.2)
    p.add_argument("--epochs", type=int, default=Hyper.epochs)
    p.add_argument("--min-count", type=int, default=Hyper.min_count)
    p.add_argument("--no-stacking", action="store_true", help="leave the rules' type out")
    p.add_argument("--no-calibrate", action="store_true", help="keep the default policy")
    args = p.parse_args(argv)
    options = RunOptions(
        eval_dir=args.eval,
        out_dir=args.out,
        cache_dir=args.cache,
        test_share=args.test_share,
        seed=args.seed,
        hyper=Hyper(epochs=args.epochs, min_count=args.min_count, stacking=not args.no_stacking),
        policy=Policy(),
        calibrate=not args.no_calibrate,
    )
    try:
        report = train(options)
    except SitrepError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    summary = {
        k: {"plv": v["plv"]["macro_f1"], "quad": v["quad"]["macro_f1"]}
        for k, v in report["heldout"].items()
        if k != "heads"
    }
    summary["policy"] = report["policy"]
    print(json.dumps(summary, indent=2), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
