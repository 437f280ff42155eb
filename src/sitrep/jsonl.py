"""JSON Lines that survive every line splitter.

`json.dumps(..., ensure_ascii=False)` escapes control characters but leaves U+0085 (NEL), U+2028
and U+2029 raw. They are valid inside JSON strings, yet Python's `str.splitlines()` and many
other readers treat them as line breaks, so one record would come out as two broken lines.
News text carries them (NEL from mis-decoded Windows-1252, U+2028 from web editors).
"""

from __future__ import annotations

import json
from typing import Any

_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_TABLE = str.maketrans(_LINE_BREAKS)


def dumps_line(obj: Any) -> str:
    """One JSON object as a single line (no trailing newline), non-ASCII kept readable."""
    return json.dumps(obj, ensure_ascii=False).translate(_TABLE)


def split_lines(text: str) -> list[str]:
    """Split on "\\n" only, keeping the ends, unlike `str.splitlines` (see the module note)."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines
