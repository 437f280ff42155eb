"""The `sitrep` command: parse arguments, call the library, print. Nothing else lives here.

Machine output goes to stdout, progress and one-line errors to stderr. Exit codes: 0 ok,
1 failure, 2 bad invocation. One module per group of commands; importing them registers the
commands on the shared `app`, in the order `sitrep --help` lists them.
"""

from . import annotate  # noqa: F401, I001
from . import store  # noqa: F401
from . import dedup  # noqa: F401
from . import share  # noqa: F401
from .common import app, main

__all__ = ["app", "main"]
