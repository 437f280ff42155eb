"""The event location stage: where each event happened, and whether it crossed a border.

For each event, a walk over the dependency parse from its trigger finds the place it happened in
("seized ... in the city of X", "operations in Iraqi airspace targeting ... in the Kurdistan
Region", "killed when gunmen attacked a checkpoint in X", "forces in X captured ..."): a place
reached through a locative preposition, or the trigger's object, ranked by how directly it is
attached and how specific it is. Places that do not say where (an actor's nationality, a person's
origin, the source of a report) are passed over (see place_phrases). Failing that: a place in a
locative phrase elsewhere in the sentence that no other event holds; the town whose body acted
("the Athens police arrested"); the dateline; the document's focus country; or none.
`cross_border` compares the source actor's country with the location's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from ..geo.borders import border_distance_km
from ..model import Event, PlaceMention
from ..pipeline import DocState, Stage, register_stage
from .document_places import dateline_place, focus_country
from .place_phrases import (
    DIRECTIONS,
    FROM_RANK,
    NOT_LOCATIVE,
    PREP_RANK,
    UNKNOWN_PREP_RANK,
    Countries,
    in_locative_phrase,
    is_attribute,
    is_hyphenated_name,
    is_modifier,
    is_origin,
    is_site,
    specificity,
    territory,
)

# "shelling by Iran", "clashes with forces in X": the partner's phrase, like the subject's.
PARTICIPANT_PREPS = frozenset({"by", "with"})
# A noun event these link to a verb shares the verb's setting: "shattered by an explosion".
CIRCUMSTANCE_PREPS = frozenset({"by", "in", "during", "amid", "at"})
# "30 km north of Baghdad": a reference point, weaker than any preposition but "from".
REFERENCE_RANK = 2
# Verbs whose object is a place without being the scene: "a town bordering Rwanda", "the
# Taliban that ruled Afghanistan".
RELATIONAL_VERBS = frozenset(
    "border rule govern control occupy overlook surround represent lead include".split()
)
# Objects: the place itself when it is one ("captured Badme", "shelled Kobani").
OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "pobj"})
# The trigger's object phrase: these dependents name the site itself ("Brest-Litovsk", "the
# Jumla villages", "Kirkuk's outskirts").
NAME_DEPS = frozenset({"compound", "flat", "poss", "nmod", "appos", "conj"})
# The acting party: never the location itself, though where it is may be ("forces in X").
SUBJECT_DEPS = frozenset({"nsubj", "agent", "csubj"})
# Dependents that start another clause, with its own event and its own location.
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "conj", "parataxis", "csubj", "xcomp"})
# ... of which these are entered, at a cost: "killed when gunmen attacked a checkpoint in X",
# "shot and killed two men in X", "forces who were hiding in X". Reported speech (ccomp) and
# asides (parataxis) are other events.
ENTERED_CLAUSE_DEPS = frozenset({"advcl", "relcl", "conj", "xcomp"})
# A trigger hanging from another word by these shares its setting: "shot and killed ... in X"
# (conj), "a soldier shot in the stomach was evacuated near X" (acl).
UPWARD_DEPS = frozenset({"conj", "acl", "dep", "advcl", "xcomp", "relcl"})
# Actor codes that are not countries (shared/CONTRACT.md): no border can be crossed by them.
NON_STATE = frozenset({"IGO", "NGO", "ISM", "IMG", "MNC", "UNO", "EUR"})

# Verbal cooperation and conflict: their object is a party; a visit's is where it happened.
VERBAL_QUAD_CLASSES = frozenset({1, 3})
PLACE_TAKING_MODES = frozenset({"visit"})
# A body named after a town ("the Athens police") is at home there; one named after a country
# ("U.S. forces", "Mexico's army") acts anywhere.
LOCAL_PRECISIONS = frozenset({"point", "city", "admin2", None})
# ... when it is a body, not a person ("a Tampa woman shot ..." may have been anywhere).
LOCAL_BODIES = frozenset(
    "police department council court authority official government administration commission "
    "board committee library school university hospital mayor sheriff prosecutor firefighter "
    "agency office".split()
)
# A country's or region's centre point says nothing about how near a border the event was.
BORDER_PRECISIONS = frozenset({"point", "city", "admin2"})

DEFAULT_CONFIG: dict[str, Any] = {
    "use_focus_country": True,
    "border_distance": True,
    "max_border_km": 1000.0,
}


def _trigger_token(doc: Doc, event: Event) -> Token | None:
    trigger = event.evidence.trigger
    span = doc.char_span(trigger.start, trigger.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _token_places(doc: Doc, places: list[PlaceMention]) -> dict[int, PlaceMention]:
    out: dict[int, PlaceMention] = {}
    for place in places:
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is not None:
            for token in span:
                out[token.i] = place
    return out


@dataclass(frozen=True)
class _Step:
    """A token reached from the trigger: how deep, through which preposition, across how many
    clause boundaries, and whether inside the acting party's phrase (subject or agent)."""

    token: Token
    depth: int
    rank: int | None  # rank of the first preposition on the path; None before one
    crossings: int
    in_subject: bool = False
    # Inside a clause below the trigger's ("when gunmen attacked a checkpoint in X"): only a place
    # where that clause happened counts, not where someone came from or went.
    other_clause: bool = False
    # Inside an apposition to the actor ("Cavendish, a sprinter on Team X, won"): who the actor
    # is, never where the event happened.
    describes_actor: bool = False
    # The trigger's own object ("captured Badme", "shelled the town of X"): a place there is the
    # location, and so are the names of the site it denotes, but not its other modifiers.
    is_object: bool = False
    # Reached as an object or as the name of one, not through a preposition.
    by_object: bool = False


def clause_place(
    trigger: Token,
    by_token: Mapping[int, PlaceMention],
    countries: Countries,
    *,
    event_words: frozenset[int] = frozenset(),
    verbal: bool = False,
) -> PlaceMention | None:
    """The place attached to the trigger in the dependency parse, or None. `event_words` are the
    token indices of the document's triggers ("the siege of X"); `verbal` as for `_walk`.

    Walks out from the trigger (and, for a noun trigger, its governing verb; for a trigger that
    is a conjunct, participle or subordinate clause, the word it hangs from). A place counts when
    a preposition leads to it or it is the trigger's object. Ranked by: a place that only
    modifies a noun loses; a reference point ("north of X", "from X") loses; then fewer clause
    boundaries crossed, the preposition's rank, the more specific place, the shallower, the nearer.
    """
    return _walk(trigger, by_token, countries, event_words, verbal=verbal).place


@dataclass
class _Found:
    """What the walk from one trigger found."""

    place: PlaceMention | None = None
    # Places reached but turned down (an actor's origin, a modifier of the object): no fallback
    # should offer those either ...
    rejected: list[PlaceMention] = dataclasses.field(default_factory=list)
    # ... except a town naming the acting body ("the Athens police department arrested"): the
    # body's home is a fair guess when nothing in the sentence says where.
    home: PlaceMention | None = None
    # For a statement or a threat, the places in what it says ("said the war in X must end"):
    # not where it was made, so not the document's place either when that is one of them.
    content: list[PlaceMention] = dataclasses.field(default_factory=list)


def _walk(
    trigger: Token,
    by_token: Mapping[int, PlaceMention],
    countries: Countries,
    event_words: frozenset[int],
    *,
    verbal: bool = False,
) -> _Found:
    """`clause_place`'s answer, and what else the walk learnt for the fallbacks. For a `verbal`
    event (a statement, a demand, an accusation) only a place in a locative phrase counts: its
    object or addressee is a party ("blamed Israel", "appealed to Iraq"), not a scene."""
    stack: list[_Step] = []
    circumstance = _circumstance_verb(trigger)
    if _is_light_object(trigger):
        stack.append(_Step(trigger.head, 1, None, 0))
    elif circumstance is not None:
        # "the building in X was shattered by an explosion", "wounded in clashes": the verb's
        # setting is the noun event's, though less directly than the noun's own.
        stack.append(_Step(circumstance, 2, None, 1))
    elif trigger.dep_ in UPWARD_DEPS and trigger.head.i != trigger.i:
        head = trigger.head
        if trigger.dep_ == "acl" and head.dep_ in SUBJECT_DEPS | OBJECT_DEPS:
            stack.append(_Step(head.head, 2, None, 1))  # "a soldier shot ... was evacuated near X"
        # "X, where 20 people were killed": the place the clause hangs from is its scene.
        rank = 0 if trigger.dep_ == "relcl" and _says_where(trigger) else None
        stack.append(_Step(head, 1, rank, 1))
    # Depth first from the trigger itself, so that its own subtree is walked before the words
    # above it reach it again.
    stack.append(_Step(trigger, 0, None, 0))
    best: tuple[tuple[int, ...], PlaceMention] | None = None
    found = _Found()
    setting = _setting_words(trigger.head if _is_light_object(trigger) else trigger)
    seen: set[int] = set()
    while stack:
        step = stack.pop()
        token = step.token
        if token.i in seen:
            continue
        seen.add(token.i)
        place = by_token.get(token.i) or territory(token, countries)
        if place is not None and _counts(step, token, by_token, verbal=verbal, setting=setting):
            weak = step.rank is not None and step.rank >= REFERENCE_RANK
            key = (
                int(is_modifier(token, by_token)),
                int(weak),
                step.crossings,
                step.rank or 0,
                specificity(place),
                step.depth,
                abs(token.i - trigger.i),
            )
            if best is None or key < best[0]:
                best = (key, place)
        elif place is not None and found.home is None and _names_home(step, token, place):
            found.home = place
        elif place is not None:
            found.rejected.append(place)
        stack.extend(_next_steps(step, by_token, event_words))
    found.place = best[1] if best else None
    if verbal:
        # What a statement, demand or threat is about ("said the war in X must end", "threatened
        # to strike X", "called to discuss peace in X") is not where it was made: no fallback
        # should offer a place the walk did not take from the trigger's own clause. The
        # speaker's own phrase ("refugees from across X demonstrated") is not what is said.
        clause = trigger.head if _is_light_object(trigger) else trigger
        speaker = {t.i for c in clause.children if c.dep_ in SUBJECT_DEPS for t in c.subtree}
        found.content = [
            by_token[t.i]
            for t in clause.subtree
            if t.i in by_token and t.i not in speaker and by_token[t.i] is not found.place
        ]
    return found


def _setting_words(verb: Token) -> frozenset[int]:
    """The words of a participle clause before the verb that sets its scene: "Speaking in X,
    the minister said ...", "Addressing a rally in X, he called for ..."."""
    return frozenset(
        t.i
        for c in verb.children
        if c.dep_ == "advcl" and c.tag_ == "VBG" and c.i < verb.i
        if not any(m.dep_ == "mark" for m in c.children)
        for t in c.subtree
    )


def _says_where(verb: Token) -> bool:
    """A relative clause about a place: "where ...", "in which ..."."""
    for child in verb.children:
        if child.dep_ == "advmod" and child.lower_ == "where":
            return True
        locative = child.dep_ == "prep" and PREP_RANK.get(child.lower_) == 0
        if locative and any(c.lower_ == "which" for c in child.children):
            return True
    return False


def _is_light_object(trigger: Token) -> bool:
    """A noun trigger governed by a verb ("staged protests", "the talks were held")."""
    return trigger.pos_ in ("NOUN", "PROPN") and trigger.head.pos_ in ("VERB", "AUX")


def _circumstance_verb(trigger: Token) -> Token | None:
    """The verb a noun trigger is the cause or setting of ("shattered by an explosion", "killed
    in an attack", "fled during the fighting"), or None."""
    prep = trigger.head
    if trigger.pos_ not in ("NOUN", "PROPN") or trigger.dep_ != "pobj":
        return None
    if prep.dep_ not in ("prep", "agent") or prep.lower_ not in CIRCUMSTANCE_PREPS:
        return None
    return prep.head if prep.head.pos_ == "VERB" and prep.head.i != prep.i else None


def _names_home(step: _Step, token: Token, place: PlaceMention) -> bool:
    """ "The Athens Police Department arrested ...": a town modifying the actor's own noun."""
    if not step.in_subject or step.other_clause or step.describes_actor or step.rank is not None:
        return False
    head = token.head
    if place.precision not in LOCAL_PRECISIONS or token.dep_ not in ("compound", "poss"):
        return False
    words = [head] + [c for c in head.children if c.dep_ == "compound"]
    return head.dep_ in SUBJECT_DEPS and any(w.lemma_.lower() in LOCAL_BODIES for w in words)


def _counts(
    step: _Step,
    token: Token,
    by_token: Mapping[int, PlaceMention],
    *,
    verbal: bool,
    setting: frozenset[int] = frozenset(),
) -> bool:
    """Whether a place reached by `step` may be where the event happened. `setting`: the words
    of a participle clause that sets the scene ("Speaking in X, the minister said ...")."""
    if step.rank is None or step.describes_actor:
        return False
    other_clause = step.other_clause and token.i not in setting
    if verbal and (step.by_object or step.rank != 0 or other_clause):
        return False  # "threatened to ban voting in X": the threat's content, not its place
    # "Serbs from Croatia bombed", "before the rest withdrew from X": an origin, a movement; but
    # "... as they sat down to a meal in their X home": the place's own phrase says.
    if (step.rank != 0 and (step.in_subject or step.other_clause)) and (
        step.rank == FROM_RANK or not in_locative_phrase(token, by_token)
    ):
        return False
    return not is_origin(token, by_token) and not is_attribute(token, by_token)


def _next_steps(
    step: _Step, by_token: Mapping[int, PlaceMention], event_words: frozenset[int]
) -> list[_Step]:
    token, depth = step.token, step.depth + 1
    out: list[_Step] = []
    for child in token.children:
        dep = child.dep_
        if dep in CLAUSE_DEPS and child.pos_ in ("VERB", "AUX"):
            if dep in ENTERED_CLAUSE_DEPS and not _is_purpose(child):
                out.append(
                    _Step(
                        child, depth, None, step.crossings + 1, step.in_subject, other_clause=True
                    )
                )
            continue
        if dep == "dative" and child.pos_ == "ADP":
            dep = "prep"  # "send a delegation to Washington"
        if dep == "prep" and _between_parties(child, by_token):
            continue
        if dep == "prep" and child.lower_ == "with" and token.lemma_.lower() == "border":
            continue  # "a post on the border with X": X is over the border
        # "talks with officials in X": a partner of the trigger or of its object ...
        participant = dep == "prep" and child.lower_ in PARTICIPANT_PREPS
        if dep in SUBJECT_DEPS or (participant and (step.rank is None or step.is_object)):
            # The acting party and its partners: where they are says where it happened ("forces
            # in Afghanistan captured", "clashes with Kurdish forces in X"), nothing else; and
            # only for the trigger's own clause.
            if not step.other_clause or step.in_subject:
                out.append(
                    _Step(
                        child,
                        depth,
                        None if step.is_object else step.rank,
                        step.crossings + 1,
                        in_subject=True,
                        other_clause=step.other_clause,
                    )
                )
            continue
        if (step.in_subject and dep == "appos") or step.describes_actor:
            out.append(_Step(child, depth, None, step.crossings, describes_actor=True))
            continue
        rank = None if step.is_object else step.rank
        by_object = step.by_object and dep != "prep"
        if dep == "prep" and rank is None:
            if child.lower_ in NOT_LOCATIVE:
                continue
            rank = _first_prep_rank(step, token, child, event_words)
            if rank == 0 and child.lower_ == "of":
                by_object = step.is_object  # "captured the town of X": X is the object
        elif dep == "prep" and child.lower_ == "of" and token.lower_ in DIRECTIONS:
            rank = REFERENCE_RANK
        elif step.is_object and dep in NAME_DEPS and _names_object(token, child, by_token):
            rank = 0  # "shelled the Radhwaniyah area", "hit the Jumla and Diwan villages"
        elif step.is_object and dep == "poss":
            rank = 0  # "patrolled Venezuela's oil installations": a modifier, the last choice
        elif (
            step.rank is None
            and not step.in_subject
            and dep in OBJECT_DEPS
            and token.pos_ != "ADP"
            and token.lemma_.lower() not in RELATIONAL_VERBS
        ):
            out.append(
                _Step(
                    child,
                    depth,
                    0,
                    step.crossings,
                    other_clause=step.other_clause,
                    is_object=True,
                    by_object=True,
                )
            )
            continue
        # "a call to deploy peacekeepers in X": a participle or infinitive on a noun is another
        # clause too, though it stays in the noun's place.
        other = step.other_clause or (dep == "acl" and child.pos_ == "VERB")
        out.append(
            _Step(child, depth, rank, step.crossings, step.in_subject, other, by_object=by_object)
        )
    return out


def _between_parties(prep: Token, by_token: Mapping[int, PlaceMention]) -> bool:
    """ "mediation between Syria and Jordan", "a truce between X and Y": countries after
    "between" are the parties, not the scene (unlike "fighting between the two villages")."""
    if prep.lower_ != "between":
        return False
    places = [by_token.get(c.i) for c in prep.children if c.dep_ == "pobj"]
    return any(p is not None and p.precision == "country" for p in places)


def _names_object(head: Token, child: Token, by_token: Mapping[int, PlaceMention]) -> bool:
    """The object's dependent names the site: "the X area", "X's outskirts", "Brest-Litovsk"."""
    return head.i in by_token or is_site(head) or is_hyphenated_name(child)


def _first_prep_rank(
    step: _Step, head: Token, prep: Token, event_words: frozenset[int]
) -> int | None:
    """The rank that the first preposition on the path gives the places below it, or None to
    leave it to the next one."""
    word = prep.lower_
    if word == "of":
        if step.in_subject:
            return None  # "the group of the Dutch mission in X": the next preposition says
        if head.lower_ in DIRECTIONS:
            return REFERENCE_RANK  # "30 km north of X"
        if (step.is_object and is_site(head)) or head.i in event_words:
            return 0  # "captured the town of X", "broke the siege of X"
    return PREP_RANK.get(word, UNKNOWN_PREP_RANK)


def _is_verbal(event: Event) -> bool:
    """A statement, appeal, accusation, threat (PLOVER quad classes 1 and 3), but not a visit."""
    return event.quad_class in VERBAL_QUAD_CLASSES and event.mode not in PLACE_TAKING_MODES


def _is_purpose(verb: Token) -> bool:
    """ "patrolled ... to help the women reach X": an infinitive of purpose, another event."""
    children = list(verb.children)
    has_to = any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
    return verb.dep_ == "advcl" and has_to and not any(c.dep_ == "mark" for c in children)


def _is_actor(token: Token, event: Event) -> bool:
    """The place is the event's source, or the subject or agent of its trigger."""
    source = event.source
    if source is not None and source.start <= token.idx < source.end:
        return True
    return token.dep_ in SUBJECT_DEPS or (token.dep_ == "pobj" and token.head.lower_ == "by")


def sentence_place(
    event: Event,
    places: list[PlaceMention],
    doc: Doc | None = None,
    *,
    taken: Sequence[PlaceMention] = (),
) -> PlaceMention | None:
    """The place in the event's sentence nearest its trigger that the sentence puts events in,
    or None. With the parsed `doc`, only a place in a locative phrase counts ("... in X", "near
    the town of X"): not the acting party ("attacks by Iran"), not a modifier ("US soldiers"),
    not an origin ("a driver from X") nor a source ("according to a statement from X"). Places
    in `taken` (other events' locations, places the walk turned down) are passed over."""
    ev, trig = event.evidence, event.evidence.trigger
    skip = {(p.start, p.end) for p in taken}
    inside = [p for p in places if ev.start <= p.start and p.end <= ev.end]
    inside = [p for p in inside if (p.start, p.end) not in skip]
    # Without a parse path to the place, one in the acting party's own country is the weakest
    # guess: "attacks by Iran" in a sentence that also names Iran as a target happened elsewhere.
    own = event.source.country if event.source is not None else None
    ranked: list[tuple[int, int, PlaceMention]] = []
    for p in inside:
        distance = min(abs(p.start - trig.end), abs(trig.start - p.end))
        same = int(own is not None and p.country == own)
        span = doc.char_span(p.start, p.end, alignment_mode="expand") if doc is not None else None
        if span is not None and len(span):
            by_token = {t.i: p for t in span}
            if _is_actor(span.root, event) or not in_locative_phrase(span.root, by_token):
                continue
        ranked.append((same, distance, p))
    return min(ranked, key=lambda r: r[:2])[2] if ranked else None


def _in_own_country(event: Event, place: PlaceMention | None) -> bool:
    own = event.source.country if event.source is not None else None
    return place is not None and own is not None and place.country == own


def is_cross_border(event: Event, location: PlaceMention | None) -> bool | None:
    """True when the source's country differs from the location's; None if either is unknown."""
    source = event.source.country if event.source else None
    if not source or source in NON_STATE or len(source) != 3:
        return None
    if location is None or not location.country:
        return None
    return source != location.country


@register_stage(
    "event_places.parse.v2",
    requires=["events", "places"],
    assigns=["events.location", "events.cross_border", "events.border_km"],
    default_config=DEFAULT_CONFIG,
)
def make_stage(nlp: Any, config: Mapping[str, Any]) -> Stage:
    """Build the event location stage."""
    use_focus = bool(config.get("use_focus_country", True))
    countries = Countries.load()
    with_border = bool(config.get("border_distance", True))
    max_border_km = float(config.get("max_border_km", 1000.0))

    def run(state: DocState) -> None:
        by_token = _token_places(state.doc, state.places)
        # Where the document as a whole is: its dateline, else its focus country.
        document = dateline_place(state.article.text, state.places)
        if document is None and use_focus:
            document = focus_country(state.places, state.doc)
        triggers = [_trigger_token(state.doc, event) for event in state.events]
        event_words = frozenset(t.i for t in triggers if t is not None)
        walks = [
            _walk(t, by_token, countries, event_words, verbal=_is_verbal(e))
            if e.location is None and t is not None
            else _Found(place=e.location)
            for e, t in zip(state.events, triggers, strict=True)
        ]
        held = [w.place for w in walks if w.place is not None]
        events = []
        for event, walk in zip(state.events, walks, strict=True):
            location = walk.place
            if location is None:
                # A place another event of the sentence is attached to is that event's: "raids on
                # Iran ... after attacks by Iran" does not put the attacks in Iran. Nor is one the
                # walk turned down ("Serbs from Croatia bombed").
                taken = held + walk.rejected + walk.content
                location = sentence_place(event, state.places, state.doc, taken=taken)
                if (
                    document is not None
                    and _in_own_country(event, location)
                    and not _in_own_country(event, document)
                ):
                    # "attacks by Iran" with only "on Iran" near: the weakest guess of all, as
                    # in sentence_place; a document about another country is a better one.
                    location = document
                # Nor is the document's place when it is a mention in what the event says
                # ("agreed that refugees in X should return", in a one-sentence report).
                content = {(p.start, p.end) for p in walk.content}
                fallback = document
                if document is not None and (document.start, document.end) in content:
                    fallback = None
                location = location or walk.home or fallback
            event = dataclasses.replace(
                event, location=location, cross_border=is_cross_border(event, location)
            )
            if with_border:
                event = with_border_distance(event, max_border_km)
            events.append(event)
        state.events = events

    return run


def with_border_distance(event: Event, max_km: float) -> Event:
    """The event with `border_km`/`border_pair` set when its location is precise enough."""
    loc = event.location
    if loc is None or loc.lat is None or loc.lon is None or loc.precision not in BORDER_PRECISIONS:
        return event
    found = border_distance_km(loc.lat, loc.lon, max_km=max_km)
    if found is None:
        return event
    km, pair = found
    return dataclasses.replace(event, border_km=km, border_pair=pair)
