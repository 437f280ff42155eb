#!/usr/bin/env bash
# Rewrites constraints.txt from the current virtualenv (run after changing dependencies).
set -euo pipefail
cd "$(dirname "$0")/.."
{
  echo "# Versions CI tests, for: pip install -c constraints.txt -e '.[dev]'. Regenerate with scripts/freeze_constraints.sh"
  .venv/bin/pip freeze --exclude-editable | grep -v -i '^sitrep'
} > constraints.txt
