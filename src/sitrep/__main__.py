"""`python -m sitrep` is the `sitrep` command."""

from .cli import main

main()
