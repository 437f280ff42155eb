"""Which actor a parse token refers to: the covering mention, or a pronoun's antecedent.

`ActorIndex.for_state(state)` indexes `state.actors` by token once per document (cached while
the mention list is unchanged); `actor_for_token` (re-exported by `extract.actors`) is what the
events stage calls for a subject or object token.

Pronoun resolution is a hand-written recency heuristic (spaCy's small English model has no
coreference component): the most recent preceding mention, within a few sentences, whose kind
fits the pronoun (a person for he/she, a group or plural for they, a non-person for it).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import ActorMention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..pipeline import DocState

PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
THING_PRONOUNS = frozenset({"it", "its", "itself"})
# "his country", "its government": the possessor's country, with this sector.
POSSESSED_NOUNS: dict[str, str | None] = {
    "country": None, "nation": None, "government": "GOV", "army": "MIL", "military": "MIL",
    "forces": "MIL", "troops": "MIL", "police": "COP",
}  # fmt: skip
MAX_SENTENCES_BACK = 3
_COUNTRY_ID = re.compile(r"^[a-z]{3}$")


@dataclass(frozen=True, slots=True)
class IndexedMention:
    """A mention with what pronoun matching needs: its kind, plurality and sentence."""

    mention: ActorMention
    kind: str  # person | country | group
    plural: bool
    sentence: int  # index of the sentence its head is in


class ActorIndex:
    """The actor mentions of one document, indexed by token position."""

    _cache: dict[int, ActorIndex] = {}  # noqa: RUF012 - a deliberate per-process cache

    def __init__(self, doc: Doc, mentions: list[ActorMention]) -> None:
        self.doc = doc
        self.size = len(mentions)
        self._sent_of = {s.start: n for n, s in enumerate(doc.sents)}
        self.by_token: dict[int, IndexedMention] = {}
        self.ordered: list[IndexedMention] = []
        for mention in sorted(mentions, key=lambda m: (m.start, m.end)):
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            item = IndexedMention(
                mention=mention,
                kind=_kind(mention, span.root),
                plural=span.root.tag_ in {"NNS", "NNPS"},
                sentence=self._sentence(span.root),
            )
            self.ordered.append(item)
            for token in span:
                # The first (outermost-starting) mention keeps a token shared by two mentions.
                self.by_token.setdefault(token.i, item)

    @classmethod
    def for_state(cls, state: DocState) -> ActorIndex:
        """The index for `state`, built once and reused while `state.actors` is unchanged."""
        key = id(state.doc)
        found = cls._cache.get(key)
        if found is None or found.doc is not state.doc or found.size != len(state.actors):
            found = cls(state.doc, state.actors)
            if len(cls._cache) > 8:
                cls._cache.clear()
            cls._cache[key] = found
        return found

    def _sentence(self, token: Token) -> int:
        return self._sent_of.get(token.sent.start, 0)

    def covering(self, token: Token) -> ActorMention | None:
        item = self.by_token.get(token.i)
        return item.mention if item else None

    def antecedent(self, token: Token) -> ActorMention | None:
        """The mention a personal pronoun most likely refers to, or None."""
        word = token.lower_
        if word in PERSON_PRONOUNS:
            wanted = {"person"}
        elif word in PLURAL_PRONOUNS or word in THING_PRONOUNS:
            wanted = {"group", "country"}
        else:
            return None
        here = self._sentence(token)
        for item in reversed(self.ordered):
            if item.mention.end > token.idx or item.kind not in wanted:
                continue
            if here - item.sentence > MAX_SENTENCES_BACK:
                break
            if word in THING_PRONOUNS and item.plural:
                continue
            # "they" for a named group ("Hamas ... they") is common; for an unnamed singular
            # noun ("the ministry ... they") it is not.
            singular_unnamed = not item.plural and item.mention.id is None
            if word in PLURAL_PRONOUNS and item.kind == "group" and singular_unnamed:
                continue
            return item.mention
        return None


def _kind(mention: ActorMention, root: Token) -> str:
    if (mention.id or "").startswith("person.") or root.ent_type_ == "PERSON":
        return "person"
    if mention.id and _COUNTRY_ID.match(mention.id):
        return "country"
    return "group"


def actor_for_token(state: DocState, token: Token) -> ActorMention | None:
    """The actor `token` refers to, or None.

    The mention covering the token; else, for a personal pronoun, a mention at the pronoun's
    span carrying the antecedent's name, codes and id; else, for "his country" / "its
    government", a mention of the possessor's country (with the noun's sector).
    """
    index = ActorIndex.for_state(state)
    found = index.covering(token)
    if found is not None:
        return found
    antecedent = index.antecedent(token)
    if antecedent is not None:
        return dataclasses.replace(
            antecedent, text=token.text, start=token.idx, end=token.idx + len(token.text)
        )
    if token.lower_ in POSSESSED_NOUNS:
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        source = index.antecedent(owner) if owner is not None else None
        if source is not None and source.country is not None:
            sector = POSSESSED_NOUNS[token.lower_]
            start, end = owner.idx, token.idx + len(token.text)  # type: ignore[union-attr]
            country = source.country.lower()
            return ActorMention(
                text=token.doc.text[start:end],
                start=start,
                end=end,
                name=None,
                country=source.country,
                sector=sector,
                id=f"{country}.{sector.lower()}" if sector else country,
            )
    return None
