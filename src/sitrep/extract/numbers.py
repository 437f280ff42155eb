"""Exact numbers in news English: "2,000", "six", "twenty-five", "1.5 million", "two dozen".

Hand-written because no installed library parses English number words into integers (spaCy only
flags them with `like_num`). Ranges ("10 to 15", "between 10 and 15", "10-15") give their lower
bound, the figure the report vouches for; hedges ("at least", "about", "more than") are dropped.
Vague quantities ("dozens", "several hundred", "hundreds", "a few") give None: a count is never
invented.
"""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "a": 1, "an": 1,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
DOZEN = 12
# Words that make the quantity vague whatever else is said ("several hundred", "dozens").
VAGUE = frozenset(
    {"several", "many", "dozens", "hundreds", "thousands", "millions", "scores", "few",
     "numerous", "some", "multiple", "countless", "tens", "handful", "couple"}
)  # fmt: skip
# Hedges around an exact figure: dropped, the figure stays.
HEDGES = frozenset(
    {"at", "least", "most", "about", "around", "approximately", "nearly", "almost", "over",
     "more", "than", "less", "fewer", "up", "roughly", "some", "estimated", "an", "only",
     "just", "as", "many", "+"}
)  # fmt: skip
RANGE_WORDS = frozenset({"to", "or", "-", "–"})
_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+(\.\d+)?$")


def parse_number(text: str) -> int | None:
    """The exact quantity `text` states, the lower bound of a range, or None if vague/not one."""
    text = re.sub(r"(\d)\s*[-–]\s*(\d)", r"\1 to \2", text.lower().strip())
    words = [w for w in re.split(r"\s+|(?<=\w)-(?=\w)", text) if w]
    # "between 10 and 15" and "10 and 15" are ranges; after a scale word "and" joins number
    # words ("one hundred and twenty")
    words = [
        "to" if w == "and" and (i == 0 or words[i - 1] not in SCALES) else w
        for i, w in enumerate(words)
        if w != "between"
    ]
    if not words or any(w in VAGUE and w != "some" for w in words):
        return None
    if words[:2] == ["a", "few"]:
        return None
    # "about 300", "at least nine": keep the figure; "some 300" is a hedge, "some" alone is vague
    while words and words[0] in HEDGES and not _is_number_word(words[0], words[1:]):
        words = words[1:]
    if not words:
        return None
    groups: list[list[str]] = [[]]
    for w in words:
        if w in RANGE_WORDS and groups[-1]:
            groups.append([])
        elif w not in RANGE_WORDS:
            groups[-1].append(w)
    values = [v for v in (_parse_group(g) for g in groups if g) if v is not None]
    if not values or len(values) != len([g for g in groups if g]):
        return None
    return min(values)


def _is_number_word(word: str, rest: list[str]) -> bool:
    # "a dozen", "a hundred": the article is the number one here, not a hedge
    return word in ("a", "an") and bool(rest) and (rest[0] in SCALES or rest[0] == "dozen")


def _parse_group(words: list[str]) -> int | None:
    total = 0
    current: float = 0
    seen = False
    for w in words:
        if _DIGITS.match(w):
            current += float(w.replace(",", ""))
        elif w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w == "dozen":
            current = (current or 1) * DOZEN
        elif w in SCALES:
            current = (current or 1) * SCALES[w]
            if SCALES[w] > 100:
                total += int(current)
                current = 0
        elif w == "and":
            continue
        else:
            return None
        seen = True
    if not seen:
        return None
    return int(total + current)
