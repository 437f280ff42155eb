"""Who did it and to whom: an event trigger's source and target from the dependency parse.

Hand-written because no installed library maps spaCy's dependency labels to event roles:
the subject (or the `by`-agent of a passive) is the source, the direct object (or the passive
subject, or the object of against/on/to/with/at) the target. Relative pronouns point to the noun
their clause modifies; `xcomp` and participle clauses borrow the subject of the clause they hang
from. Each argument token becomes the actor the actors stage resolves there (`actor_for_token`,
which also follows pronouns), or else a bare
mention of its noun phrase (text and offsets only: unknown name and country stay null).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import ActorMention
from .actors import actor_for_token

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..pipeline import DocState

SUBJECTS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECTS = frozenset({"nsubjpass", "csubjpass"})
OBJECTS = frozenset({"dobj", "dative", "obj"})
TARGET_PREPS = ("against", "on", "upon", "to", "with", "at", "into", "toward", "towards", "for")
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})
NOUNISH = frozenset({"NOUN", "PROPN", "PRON"})
# Children that are part of a noun phrase's name, where an actor mention may sit when the head
# noun itself is not one ("the Iranian shelling", "Iraq's forces", "forces of the IKR").
ACTOR_MODIFIERS = frozenset({"compound", "amod", "poss", "nmod", "appos"})
# "warned on Wednesday", "met on 10 May": a time in a target-like slot is never an actor.
TEMPORAL_ENTITIES = frozenset({"DATE", "TIME"})


def is_temporal(token: Token) -> bool:
    """Whether the token is part of a date or time expression (spaCy's DATE/TIME entities)."""
    return token.ent_type_ in TEMPORAL_ENTITIES


def actor_at(
    state: DocState, token: Token, *, bare: bool = True
) -> tuple[ActorMention | None, bool]:
    """The actor `token` refers to, and whether it was recognised (True) or is a bare phrase.

    Tries the token, then its name-like modifiers, then `of` complements ("forces of Iraq").
    With `bare`, an unrecognised noun or pronoun yields a mention of its noun phrase with null
    name and country; otherwise (None, False).
    """
    for candidate in _actor_candidates(token):
        found = actor_for_token(state, candidate)
        if found is not None:
            return found, True
    if (
        not bare
        or token.pos_ not in NOUNISH
        or token.lower_ in RELATIVE_PRONOUNS
        or is_temporal(token)
    ):
        return None, False
    left = min((t.i for t in token.lefts if t.dep_ in ACTOR_MODIFIERS | {"det", "nummod"}),
               default=token.i)  # fmt: skip
    span = token.doc[left : token.i + 1]
    return ActorMention(text=span.text, start=span.start_char, end=span.end_char), False


def _actor_candidates(token: Token) -> list[Token]:
    out = [token]
    out.extend(t for t in token.children if t.dep_ in ACTOR_MODIFIERS)
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            out.extend(t for t in prep.children if t.dep_ == "pobj")
    return out


def antecedent(token: Token) -> Token:
    """For a relative pronoun subject/object, the noun its clause modifies; else the token."""
    if token.lower_ in RELATIVE_PRONOUNS:
        clause = token.head
        if clause.dep_ == "relcl":
            return clause.head
    return token


def child(token: Token, deps: frozenset[str] | set[str]) -> Token | None:
    """The first child of `token` with one of the dependency labels `deps`."""
    return next((t for t in token.children if t.dep_ in deps), None)


def is_passive(verb: Token) -> bool:
    if any(t.dep_ in PASSIVE_SUBJECTS or t.dep_ == "auxpass" for t in verb.children):
        return True
    # "weapons seized by the police": a past participle modifying a noun
    return verb.dep_ == "acl" and verb.tag_ == "VBN"


def by_agent(token: Token) -> Token | None:
    """The object of the `by` phrase of a passive verb or an event noun ("shelling by Iran")."""
    for prep in token.children:
        if prep.dep_ in ("agent", "prep") and prep.lower_ == "by":
            pobj = child(prep, {"pobj"})
            if pobj is not None and not is_temporal(pobj):
                return pobj
    return None


def verb_subject(verb: Token, depth: int = 0) -> Token | None:
    """The token that does what `verb` says: its subject, or one borrowed from the clause above."""
    subject = child(verb, SUBJECTS)
    if subject is not None:
        return antecedent(subject)
    if depth > 3:
        return None
    head = verb.head
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        return _active_subject(head, depth)
    if verb.dep_ == "xcomp":
        # object control: "urged Iran to release" -> Iran releases
        obj = child(head, OBJECTS)
        return obj if obj is not None else _active_subject(head, depth)
    if verb.dep_ in ("advcl", "acl") and head.pos_ in ("VERB", "AUX"):
        return _active_subject(head, depth)
    if verb.dep_ == "relcl":
        return head
    if verb.dep_ in ("acomp", "attr") and head.pos_ in ("VERB", "AUX"):
        return verb_subject(head, depth + 1)  # "Chile is ready to ..."
    if verb.dep_ == "pcomp" and head.head.pos_ in ("VERB", "AUX"):
        return _active_subject(head.head, depth)
    return None


def _active_subject(verb: Token, depth: int) -> Token | None:
    if is_passive(verb):
        return by_agent(verb)
    return verb_subject(verb, depth + 1)


def prep_target(token: Token, preps: tuple[str, ...] = TARGET_PREPS) -> Token | None:
    """The object of the first target-like preposition attached to `token`."""
    for prep in token.children:
        if prep.dep_ in ("prep", "dative") and prep.lower_ in preps:
            pobj = child(prep, {"pobj"})
            if pobj is not None:
                return pobj
    return None


def targeting_clause(token: Token) -> Token | None:
    """The object of a "targeting X" participle hanging from the trigger or its object."""
    for clause in token.children:
        if clause.dep_ in ("acl", "advcl", "xcomp") and clause.lemma_ == "target":
            obj = child(clause, OBJECTS)
            if obj is not None:
                return obj
    return None


def first_conjunct(token: Token) -> Token | None:
    """The first coordinated noun of `token` ("Iraq and the IKR" -> IKR), if any."""
    return child(token, {"conj"})
