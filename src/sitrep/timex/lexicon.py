"""The words of temporal expressions (data/times/lexicon.tsv) and the tagger that uses them.

`tag(text)` turns a temporal expression into a list of `Tok`: each word or phrase found in the
lexicon gets its kind and value (`month`/3, `unit`/W, `shift`/-1 ...), and digit forms are
recognised here (years, day numbers, ISO and slash dates, clock times, decades). The rules in
`normalise.py` then match the sequence of kinds. The lexicon is read once, on first use, and
validated line by line.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import ConfigError, Messages

LEXICON_FILE = "lexicon.tsv"
STANDALONE_FILE = "standalone.tsv"

KINDS = frozenset(
    {
        "month",
        "weekday",
        "season",
        "number",
        "vague",
        "ordinal",
        "unit",
        "shift",
        "deictic",
        "partofday",
        "ref",
        "set",
        "every",
        "ago",
        "anaphor",
        "filler",
    }
)
# Kinds whose value must be an integer (the others are codes kept as text).
INT_KINDS = frozenset({"month", "weekday", "number", "ordinal", "deictic", "ago", "anaphor"})


@dataclass(frozen=True, slots=True)
class Tok:
    """One tagged word or phrase: its kind, its value and the words it covers."""

    kind: str
    value: str
    text: str

    @property
    def num(self) -> int:
        return int(self.value)


@dataclass(frozen=True)
class Lexicon:
    """Phrases by their words (lower case), with their kind and value."""

    entries: dict[tuple[str, ...], tuple[str, str]]
    longest: int


def _parse_lexicon(text: str, path: str) -> Lexicon:
    entries: dict[tuple[str, ...], tuple[str, str]] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        problem = None
        if len(cols) != 3:
            problem = f"expected 3 tab-separated columns (word, kind, value), found {len(cols)}"
        elif cols[1] not in KINDS:
            problem = f"unknown kind '{cols[1]}' (known: {', '.join(sorted(KINDS))})"
        elif cols[1] in INT_KINDS and not re.fullmatch(r"-?\d+", cols[2]):
            problem = f"kind '{cols[1]}' needs an integer value, found '{cols[2]}'"
        elif cols[0] != cols[0].lower().strip() or not cols[0]:
            problem = f"word '{cols[0]}' must be lower case without surrounding spaces"
        if problem is None:
            key = tuple(cols[0].split())
            if key in entries:
                problem = f"'{cols[0]}' is listed twice"
            else:
                entries[key] = (cols[1], cols[2])
        if problem is not None:
            raise ConfigError(Messages.E006, path=path, line=number, problem=problem)
    longest = max((len(k) for k in entries), default=1)
    return Lexicon(entries=entries, longest=longest)


@functools.lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The packaged lexicon, read and validated on first use."""
    res = resources.files("sitrep.data").joinpath("times").joinpath(LEXICON_FILE)
    return _parse_lexicon(res.read_text("utf-8"), str(res))


def load_lexicon(path: str | Path) -> Lexicon:
    """A lexicon from a user's file in the same format; errors name the file and line."""
    p = Path(path)
    return _parse_lexicon(p.read_text("utf-8"), str(p))


@functools.lru_cache(maxsize=1)
def standalone_phrases() -> tuple[tuple[tuple[str, ...], str], ...]:
    """The phrases found without a model entity (data/times/standalone.tsv), each with the part
    of speech its last word must have ("*" for any). Every phrase must tag with the lexicon."""
    res = resources.files("sitrep.data").joinpath("times").joinpath(STANDALONE_FILE)
    path = str(res)
    out = []
    for number, line in enumerate(res.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        problem = None
        if len(cols) != 2:
            problem = (
                f"expected 2 tab-separated columns (phrase, part of speech), found {len(cols)}"
            )
        elif not tag(cols[0]):
            problem = f"'{cols[0]}' is not a temporal expression the lexicon can read"
        if problem is not None:
            raise ConfigError(Messages.E006, path=path, line=number, problem=problem)
        out.append((tuple(cols[0].split()), cols[1]))
    return tuple(out)


# One regex pass splits the expression into words; digit forms are recognised whole.
_WORD = re.compile(
    r"\d{4}-\d{2}-\d{2}"  # ISO date
    r"|\d{1,2}/\d{1,2}/\d{2,4}"  # slash date
    r"|\d{1,2}(?::\d{2})?\s*[ap]\.?\s?m\b\.?"  # clock time with a.m./p.m.
    r"|\d{1,2}:\d{2}"  # clock time
    r"|'?\d+'?s\b"  # decade: 1990s, '80s
    r"|'\d{2}\b"  # year: '98
    r"|\d+(?:st|nd|rd|th)\b"  # ordinal
    r"|\d+"
    r"|[a-z]+\.?"
    r"|'s\b"
)
_CLOCK = re.compile(r"(\d{1,2})(?::(\d{2}))?\s*([ap])?")


def _digit_tok(word: str) -> Tok | None:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", word):
        return Tok("iso", word, word)
    if "/" in word:
        return Tok("slash", word, word)
    if re.search(r"[ap]\.?\s?m", word) or ":" in word:
        m = _CLOCK.match(word)
        if m is None:  # pragma: no cover - _WORD only yields words _CLOCK matches
            return None
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if m.group(3) == "p" and hour < 12:
            hour += 12
        elif m.group(3) == "a" and hour == 12:
            hour = 0
        if hour > 23 or minute > 59:
            return None
        return Tok("clock", f"{hour:02d}:{minute:02d}", word)
    if word.endswith("s"):
        digits = word.strip("'s")
        if len(digits) == 4 and digits.endswith("0"):
            return Tok("decade", digits[:3], word)
        if len(digits) == 2 and digits.endswith("0"):
            return Tok("decade", "19" + digits[0], word)
        return None
    if word.startswith("'"):
        return Tok("year2", word[1:], word)
    m = re.fullmatch(r"(\d+)(st|nd|rd|th)", word)
    if m:
        return Tok("ordinal", m.group(1), word)
    n = int(word)
    if len(word) == 4 and 1000 <= n <= 2199:
        return Tok("year", word, word)
    return Tok("number", str(n), word)


def tag(text: str, lexicon: Lexicon | None = None) -> list[Tok] | None:
    """Tag every word of `text`; None when some word is neither in the lexicon nor a digit form.

    Phrases are matched longest first; fillers ("the", "early", "since"...) are dropped.
    Abbreviations may carry a full stop ("Oct.", "Tues.").
    """
    lex = lexicon or default_lexicon()
    # Hyphens join words of one expression ("third-quarter", "mid-1990s", "two-day"); between
    # digits they belong to an ISO date or a range ("2021-03-03", "3-5 March").
    clean = re.sub(r"(?<!\d)-|-(?!\d)", " ", text.lower()).replace("\u2019", "'")
    words = _WORD.findall(clean)
    leftover = _WORD.sub(" ", clean)
    if re.search(r"[^\s,.;:()\"'\u2013\u2014/-]", leftover):
        return None
    out: list[Tok] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word[0].isdigit() or word[0] == "'":
            tok = _digit_tok(word) if word != "'s" else Tok("filler", ".", word)
            if tok is None:
                return None
            if tok.kind != "filler":
                out.append(tok)
            i += 1
            continue
        for size in range(min(lex.longest, len(words) - i), 0, -1):
            key = tuple(w.rstrip(".") for w in words[i : i + size])
            hit = lex.entries.get(key)
            if hit is not None:
                if hit[0] != "filler":
                    out.append(Tok(hit[0], hit[1], " ".join(words[i : i + size])))
                i += size
                break
        else:
            return None
    return out


def join_spelled_years(toks: list[Tok]) -> list[Tok]:
    """Read number words that spell a year as one year: "nineteen ninety-six" (1996), "twenty
    twenty-three" (2023), "two thousand" (2000), "two thousand and one" is not read. A run
    followed by a unit is a quantity ("two thousand years") and is left alone."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        j = i
        while j < len(toks) and toks[j].kind == "number" and toks[j].text.isalpha():
            j += 1
        year = _spelled_year([t.num for t in toks[i:j]]) if j - i >= 2 else None
        followed_by_unit = j < len(toks) and toks[j].kind == "unit"
        if year is not None and not followed_by_unit:
            out.append(Tok("year", str(year), " ".join(t.text for t in toks[i:j])))
            i = j
        else:
            out.append(toks[i])
            i += 1
    return out


def _spelled_year(nums: list[int]) -> int | None:
    if nums[:2] == [2, 1000] and len(nums) <= 3:
        units = nums[2] if len(nums) == 3 else 0
        return 2000 + units if units < 100 else None
    if not 10 <= nums[0] <= 20:
        return None
    tail = nums[1:]
    if len(tail) == 1 and 10 <= tail[0] <= 99:
        return nums[0] * 100 + tail[0]
    if len(tail) == 2 and tail[0] % 10 == 0 and 20 <= tail[0] <= 90 and 1 <= tail[1] <= 9:
        return nums[0] * 100 + tail[0] + tail[1]
    return None


MULTIPLIERS = frozenset({12, 100, 1000})  # dozen, hundred, thousand


def compound_number(values: list[int]) -> int | None:
    """The number that a run of number words spells ("twenty five" [20, 5] is 25, "two hundred
    fifty" is 250, "two dozen" 24), or None if the run is not one number ("two three", "7 1 2")."""
    total = current = 0
    for i, v in enumerate(values):
        if v in MULTIPLIERS and i > 0:
            current = (current or 1) * v
            if v == 1000:
                total, current = total + current, 0
        elif v < 10:
            if current % 10 or (i > 0 and current == 0 and total == 0):
                return None
            current += v
        elif v < 20 or (v < 100 and v % 10 == 0):  # "fifteen", "twenty" (then "five")
            if current % 100:
                return None
            current += v
        elif i == 0:
            current = v  # a number written in digits: "52", "1,000"
        else:
            return None
    return total + current
