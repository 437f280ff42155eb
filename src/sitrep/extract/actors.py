"""The actors stage (`actors.dict.v1`): who is named in the text, resolved to country and sector.

Recognition works on units, then groups them by the parse:
- dictionary units: a case-sensitive spaCy PhraseMatcher over every name, alias, demonym and
  capital in the actor dictionaries (it catches what the model misses or mislabels);
- sector units: a case-insensitive PhraseMatcher over sector words and titles ("security
  forces" COP, "prime minister" GOV), kept when their last word is a noun;
- unknown units: spaCy PERSON / ORG (and noun NORP) entities no dictionary knows, kept with
  their text and null codes, never guessed.
A unit whose head modifies another unit's token (compound, amod, nmod, poss) joins that unit's
group, so "Iraqi security forces" is one mention (IRQ COP) and "former US national security
advisor John Bolton" another (USA GOV). A country in "Iran-backed militias" is the backer, not
the actor: the mention keeps sector REB and a null country.

Choices: a bare country name ("Iran has ...") is a mention with the country and a null sector.
A capital or region name ("Washington", "the Kurdistan Region") is a mention only as subject,
possessor or agent, or as a modifier of an actor word; elsewhere it is a place. Police and
"security forces" are COP, the army and troops MIL (see data/actors/sectors.yaml).

Coreference within the document: a surname repeats the person named in full earlier ("Sudani"
after "Mohammed Shia al-Sudani"); a bare title ("the prime minister") takes the latest person
of that role, or the dictionary's office holder for a country-qualified title ("the Iraqi prime
minister") at the publication date. Pronouns are resolved on demand by `actor_for_token`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from spacy.matcher import PhraseMatcher

from ..model import ActorMention
from ..pipeline import DocState, Stage, register_stage
from .actor_dictionary import (
    METONYM_FORMS,
    SECTOR_LABELS,
    ActorDictionary,
    ActorEntry,
    SectorWord,
    dictionary_paths,
    load_dictionary,
)
from .actor_index import ActorIndex, actor_for_token

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

__all__ = ["ActorIndex", "actor_for_token", "find_actors", "make_stage"]

MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "npadvmod"})
# Positions where a capital or region name stands for its government.
ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "agent", "appos"})
BACKER_WORDS = frozenset({"backed", "supported", "sponsored", "funded", "aligned", "allied",
                          "linked", "affiliated", "armed", "trained", "led"})  # fmt: skip
UNKNOWN_LABELS = frozenset({"PERSON", "ORG", "NORP"})
PP_COUNTRY_PREPS = frozenset({"of", "in", "from"})


@dataclass(eq=False)
class _Unit:
    """A stretch of tokens that names (part of) an actor, before grouping."""

    start: int  # token index
    end: int  # token index, exclusive
    entry: ActorEntry | None = None
    form: str = "alias"  # name | demonym | capital | region | alias | sector | unknown
    word: SectorWord | None = None
    label: str | None = None  # spaCy label of an unknown unit
    parent: _Unit | None = None
    backer: bool = False
    members: list[_Unit] = field(default_factory=list)

    @property
    def is_person(self) -> bool:
        return (self.entry is not None and self.entry.kind == "person") or self.label == "PERSON"


class ActorFinder:
    """Matchers built once per pipeline; `__call__` finds the mentions of one document."""

    def __init__(self, nlp: Language, dictionary: ActorDictionary) -> None:
        self.dictionary = dictionary
        self.names = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.sectors = PhraseMatcher(nlp.vocab, attr="LOWER")
        variants: dict[str, list[Doc]] = {}
        for form in dictionary.surface:
            for variant in {form, form[:1].upper() + form[1:]}:
                variants.setdefault(form, []).append(nlp.make_doc(variant))
        for form, docs in variants.items():
            self.names.add(form, docs)
        for phrase in dictionary.sector_words:
            self.sectors.add(phrase, [nlp.make_doc(phrase)])

    def __call__(self, doc: Doc, published: dt.date | None) -> list[ActorMention]:
        units = self._units(doc)
        by_token = {i: u for u in units for i in range(u.start, u.end)}
        _link(doc, units, by_token)
        mentions: list[ActorMention] = []
        persons: list[tuple[ActorMention, _Unit]] = []
        for unit in units:
            if unit.parent is not None:
                continue
            mention = self._resolve(doc, unit, published, persons, by_token, mentions)
            if mention is not None:
                mentions.append(mention)
                if unit.is_person:
                    persons.append((mention, unit))
        mentions.extend(_surnames(doc, mentions, persons))
        return sorted(mentions, key=lambda m: (m.start, m.end))

    # recognition -------------------------------------------------------------------------

    def _units(self, doc: Doc) -> list[_Unit]:
        strings = doc.vocab.strings
        candidates: list[tuple[int, int, int, _Unit]] = []
        for key, start, end in self.names(doc):
            hit = self.dictionary.lookup(strings[key])
            if hit is not None:
                entry, form = hit
                candidates.append((start, end, 0, _Unit(start, end, entry=entry, form=form)))
        for key, start, end in self.sectors(doc):
            if doc[end - 1].pos_ in {"NOUN", "PROPN"}:
                word = self.dictionary.sector_words[strings[key]]
                candidates.append((start, end, 1, _Unit(start, end, form="sector", word=word)))
        # Longest first; on equal length a dictionary name beats a sector word.
        candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
        taken: set[int] = set()
        units: list[_Unit] = []
        for start, end, _, unit in candidates:
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                units.append(unit)
        for ent in doc.ents:
            if ent.label_ not in UNKNOWN_LABELS:
                continue
            free = [t.i for t in ent if t.i not in taken and t.pos_ != "DET"]
            # Keep the part of the entity no dictionary unit covers, if it is one stretch
            # ("President [Joe Smith]" where "President" is a title unit).
            if not free or free[-1] - free[0] + 1 != len(free):
                continue
            if ent.label_ == "NORP" and doc[free[-1]].pos_ not in {"NOUN", "PROPN"}:
                continue
            taken.update(free)
            units.append(_Unit(free[0], free[-1] + 1, form="unknown", label=ent.label_))
        units.sort(key=lambda u: u.start)
        return units

    # resolution --------------------------------------------------------------------------

    def _resolve(
        self,
        doc: Doc,
        root: _Unit,
        published: dt.date | None,
        persons: list[tuple[ActorMention, _Unit]],
        by_token: Mapping[int, _Unit],
        mentions_so_far: list[ActorMention],
    ) -> ActorMention | None:
        group = _descendants(root)
        # A backer ("Iran-backed") stays inside the mention's span but gives it no codes.
        start = min([root.start, *(m.start for m in group if m.start < root.start)])
        mods = [m for m in group if not m.backer]
        end = root.end
        country_mod = next((m for m in mods if m.entry and m.entry.country), None)
        named_mod = next(
            (m for m in mods if m.entry and m.entry.kind not in {"country", "region"}), None
        )
        title = next((m for m in mods if m.word is not None), None)
        entry: ActorEntry | None = None
        country = country_mod.entry.country if country_mod and country_mod.entry else None
        sector: str | None = None
        head = doc[root.start : root.end].root

        metonym = root.entry is not None and root.form in METONYM_FORMS and not mods
        if metonym and not _in_actor_position(head):
            return None
        if root.entry is not None:
            entry = root.entry
            country = entry.country or country
            sector = entry.sector or (title.word.sector if title and title.word else None)
        elif root.word is not None:
            sector = root.word.sector
            if named_mod is not None and named_mod.entry is not None:
                named = named_mod.entry
                country = named.country
                if named.kind == "person":
                    pass  # "the Biden administration": the person's government, not the person
                elif named.sector is not None:
                    entry, sector = named, named.sector
                elif sector is not None:  # "NATO troops": the organisation's armed wing
                    return _mention(doc[start:end], named.name, country, sector,
                                    f"{named.id}.{sector.lower()}")  # fmt: skip
            if country is None and sector != "MIL":
                pp = _pp_country(head, by_token)
                if pp is not None and pp.entry is not None:
                    country = pp.entry.country
                    while pp.parent is not None:
                        pp = pp.parent
                    end = max([end, pp.end, *(m.end for m in _descendants(pp))])
                    pp.parent = root  # absorbed into this mention: not one of its own
            if country is None:
                country = _possessor_country(head, persons, mentions_so_far)
            if entry is None and root.word.role is not None:
                entry = self._office_holder(root.word.role, country, published, persons)
                if entry is not None:
                    country, sector = entry.country, entry.sector
        else:  # unknown entity: codes only from its title and country modifiers, no id
            sector = title.word.sector if title and title.word else None
            return _mention(doc[start:end], None, country, sector, None)

        span = doc[start:end]
        if entry is not None and (entry.kind not in {"country", "region"} or sector is None):
            return _mention(span, entry.name, country, sector, entry.id)
        if country is not None and sector is not None:
            return _mention(span, _group_name(self.dictionary, country, sector), country, sector,
                            f"{country.lower()}.{sector.lower()}")  # fmt: skip
        return _mention(span, None, country, sector, None)

    def _office_holder(
        self,
        role: str,
        country: str | None,
        published: dt.date | None,
        persons: list[tuple[ActorMention, _Unit]],
    ) -> ActorEntry | None:
        if country is not None:
            return self.dictionary.holder(country, role, published)
        # "the prime minister" with no country: the latest person of that role named so far.
        for _, unit in reversed(persons):
            if unit.entry is not None and unit.entry.role == role:
                return unit.entry
        return None


def _mention(
    span: Span, name: str | None, country: str | None, sector: str | None, actor_id: str | None
) -> ActorMention:
    return ActorMention(text=span.text, start=span.start_char, end=span.end_char, name=name,
                        country=country, sector=sector, id=actor_id)  # fmt: skip


def _group_name(dictionary: ActorDictionary, country: str, sector: str) -> str | None:
    owner = dictionary.country(country)
    label = SECTOR_LABELS.get(sector)
    if owner is None or label is None:
        return None
    return f"{label} of {owner.name}"


def _link(doc: Doc, units: list[_Unit], by_token: Mapping[int, _Unit]) -> None:
    """Attach each unit to the unit its head modifies, and mark backers ("Iran-backed")."""
    for unit in units:
        head = doc[unit.start : unit.end].root
        after = doc[unit.end : unit.end + 2]
        backer_word = None
        if len(after) == 2 and after[0].text == "-" and after[1].lower_ in BACKER_WORDS:
            backer_word = after[1]
        elif head.head.lower_ in BACKER_WORDS and head.dep_ in {"npadvmod", "compound"}:
            backer_word = head.head
        if backer_word is not None:
            unit.backer = True
            head = backer_word
        if unit.word is not None and head.dep_ == "appos":
            # "John Smith, a senior official": the title gives the person its codes.
            parent = by_token.get(head.head.i)
            if parent is not None and parent.is_person and not _creates_cycle(unit, parent):
                unit.parent = parent
                parent.members.append(unit)
            continue
        for _ in range(3):  # walk up through at most two words that are no unit
            if head.dep_ not in MODIFIER_DEPS and not (unit.backer and head.dep_ == "amod"):
                break
            parent = by_token.get(head.head.i)
            if parent is not None and parent is not unit:
                if not _creates_cycle(unit, parent):
                    unit.parent = parent
                    parent.members.append(unit)
                break
            head = head.head


def _creates_cycle(unit: _Unit, parent: _Unit) -> bool:
    node: _Unit | None = parent
    while node is not None:
        if node is unit:
            return True
        node = node.parent
    return False


def _descendants(unit: _Unit) -> list[_Unit]:
    out: list[_Unit] = []
    stack = list(unit.members)
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(node.members)
    return sorted(out, key=lambda u: u.start)


def _possessor_country(
    head: Token, persons: list[tuple[ActorMention, _Unit]], mentions: list[ActorMention]
) -> str | None:
    """The country of "his government" / "its army": the latest fitting earlier mention's."""
    owner = next((c for c in head.children if c.dep_ == "poss" and c.tag_ == "PRP$"), None)
    if owner is None:
        return None
    if owner.lower_ in {"his", "her"}:
        candidates = [m for m, _ in persons]
    else:
        candidates = [m for m in mentions if not (m.id or "").startswith("person.")]
    before = [m for m in candidates if m.end <= owner.idx and m.country is not None]
    return before[-1].country if before else None


def _in_actor_position(token: Token) -> bool:
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    if token.dep_ in ACTOR_DEPS:
        return True
    return token.dep_ == "pobj" and token.head.lower_ == "by"


def _pp_country(head: Token, by_token: Mapping[int, _Unit]) -> _Unit | None:
    """A country-bearing unit in "officials of Iraq" / "officials in the Kurdistan Region"."""
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in PP_COUNTRY_PREPS:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            for token in obj.subtree:
                hit = by_token.get(token.i)
                if hit is not None and hit.entry is not None and hit.entry.country:
                    return hit
    return None


def _surnames(
    doc: Doc, mentions: list[ActorMention], persons: list[tuple[ActorMention, _Unit]]
) -> list[ActorMention]:
    """Later single-word mentions of a person's last name ("Sudani", "al-Sudani")."""
    surname_of: dict[str, ActorMention] = {}
    first_at: dict[str, int] = {}
    for mention, unit in persons:
        if unit.end - unit.start < 2:
            continue
        last = doc[unit.end - 1].text
        if last[:1].isupper() and last not in surname_of:
            surname_of[last] = mention
            first_at[last] = unit.end
    if not surname_of:
        return []
    covered = {
        t.i
        for m in mentions
        for t in doc.char_span(m.start, m.end, alignment_mode="expand") or []
        if m.country is not None or m.name is not None
    }
    out = []
    for token in doc:
        source = surname_of.get(token.text)
        if source is None or token.i < first_at[token.text] or token.i in covered:
            continue
        start = token.i
        if start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ == "al":
            start -= 2
        span = doc[start : token.i + 1]
        out.append(_mention(span, source.name, source.country, source.sector, source.id))
    # An unknown one-word mention of the same surname is replaced by the resolved one.
    replaced = {(m.start, m.end) for m in out}
    mentions[:] = [m for m in mentions if (m.start, m.end) not in replaced and not any(
        o.start <= m.start and m.end <= o.end and m.name is None for o in out)]  # fmt: skip
    return out


def find_actors(
    finder: ActorFinder, doc: Doc, published: dt.date | None = None
) -> list[ActorMention]:
    """Every actor mention in `doc`, resolved where the dictionaries allow."""
    return finder(doc, published)


@register_stage(
    "actors.dict.v1",
    requires=["doc"],
    assigns=["actors"],
    default_config={"dictionaries": []},
)
def make_stage(nlp: Language, config: Mapping[str, Any]) -> Stage:
    """Build the actor finder once (dictionaries and matchers) and return the stage."""
    dictionary = load_dictionary(dictionary_paths(config.get("dictionaries")))
    finder = ActorFinder(nlp, dictionary)

    def run(state: DocState) -> None:
        state.actors.extend(finder(state.doc, state.published))

    return run
