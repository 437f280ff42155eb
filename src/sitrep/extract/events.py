"""The events stage: PLOVER events from trigger words in the dependency parse.

A trigger is a verb (`verbs`), a verb with a particle or object that changes its meaning
(`phrases`: "open fire", "send a delegation"), a light verb whose object noun decides
("carried out operations", "imposed sanctions"), or an event noun ("the shelling by Iran").
One event per trigger, several per sentence. A trigger is folded into another instead of
becoming an event of its own when it is:

- the content of a verbal act above it ("threatened to attack", "accused Iran of shelling");
- a purpose clause of another trigger ("left troops in Iraq to train its forces");
- the same type as a trigger it hangs from ("shelling and drone attacks", "an operation
  targeting ISIS"); its arguments then fill in what the surviving trigger lacks.

Reported speech ("said", "announced") is never an event by itself; what is reported is coded
with its own subject. Location, date, counts and factuality are set by later stages.

Not every trigger reports an incident, and not every subject acts:

- a source is an actor: an unrecognised event noun ("the strikes targeted") or thing or text
  (`non_actor_nouns`: "the trucks delivered", "signs that demanded") leaves it null, and an
  infinitive on such a noun borrows the subject of the verb governing it ("it had taken
  measures to expel" -> it);
- background and habit ("has fought the state since 1984", "frequently target") are dropped,
  recent tallies kept with less confidence (see `background`);
- an agentless consequence ("were injured", in `consequence_verbs`) of an event noun of the same
  type in its sentence ("died in the fighting") is that incident, not another event;
- an event with neither source nor target inside a direct quotation is colour, not a report.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..model import ActorMention, Event, Evidence, Span
from ..ontology import Ontology, load_ontology
from ..pipeline import DocState, Stage, register_stage
from . import arguments as args
from .actor_dictionary import ActorDictionary, load_dictionary
from .background import HISTORY, SPAN, background
from .recoding import recoded
from .triggers import Coding, Lexicon, load_lexicon

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

# How much a trigger of each kind is trusted before its arguments are known: a verb or a fixed
# phrase is rarely not an event; a noun often names one only in passing.
BASE_CONFIDENCE = {"phrase": 0.7, "verb": 0.65, "light": 0.65, "noun": 0.55, "weak": 0.45}
VERB_POS = frozenset({"VERB"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
# Dependency labels a folded trigger may hang from its keeper by (one hop each).
CONTENT_DEPS = frozenset({"xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "acl", "advcl"})
SAME_TYPE_DEPS = frozenset(
    {"pobj", "prep", "nsubj", "nsubjpass", "dobj", "acl", "advcl", "xcomp", "conj", "compound"}
)
MAX_HOPS = 4
# How much less a trigger that sums up a recent stretch of time is trusted ("in recent months").
SPAN_PENALTY = 0.25
# Named-entity labels of a noun that may act even when its head word names a thing.
ACTOR_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# Quotation marks that open or close a direct quotation.
QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d", "``", "''"})


@dataclass
class Candidate:
    """A trigger found in the parse, before folding."""

    token: Token  # the word that carries the trigger (verb, light verb or noun)
    coding: Coding
    kind: str  # phrase | verb | light | noun | weak
    noun: Token | None = None  # the event noun of a light verb, or the noun trigger itself
    folded: list[Candidate] = field(default_factory=list)
    refused_by: Token | None = None  # "not" / "failed" when recoded as a rejection


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _modifier_lemmas(token: Token) -> list[str]:
    out: list[str] = []
    for t in token.lefts:
        if t.dep_ in ("compound", "amod", "nmod", "npadvmod", "prep", "punct"):
            out.extend(_lemma(x) for x in t.subtree)
    return out


def noun_coding(token: Token, lex: Lexicon, *, licensed: bool) -> tuple[Coding, str] | None:
    """How the noun `token` codes, and whether it is a strong or weak trigger, if it does.

    `licensed` says a light verb governs it; weak nouns need that, a licensing modifier
    ("military operation") or an actor of their own ("Iran's offer").
    """
    lemma = _lemma(token)
    governed = lex.governed_nouns.get(lemma)
    if governed is not None:
        near = {_lemma(token.head), _lemma(token.head.head)}
        near.update(_lemma(t) for t in token.children if t.dep_ in ("poss", "compound", "amod"))
        if near & governed[0]:
            return governed[1], "noun"
    for mod in token.children:
        if mod.dep_ in ("compound", "amod"):
            coding = lex.compound_nouns.get(f"{_lemma(mod)} {lemma}")
            if coding is not None:
                return coding, "noun"
    if lemma in lex.nouns:
        return lex.nouns[lemma], "noun"
    coding = lex.weak_nouns.get(lemma)
    if coding is None:
        return None
    if licensed:
        return coding, "weak"
    mods = _modifier_lemmas(token)
    licensers = lex.noun_licensers.get(lemma, frozenset())
    if any(m in licensers or m.split("-")[0] in licensers for m in mods):
        return coding, "weak"
    has_agent = args.by_agent(token) is not None or args.child(token, {"poss"}) is not None
    return (coding, "weak") if has_agent and lemma not in lex.noun_licensers else None


def _light_object(verb: Token, lex: Lexicon) -> Token | None:
    obj = args.child(verb, args.OBJECTS | {"nsubjpass"})
    hops = 0
    while obj is not None and _lemma(obj) in lex.transparent_nouns and hops < 3:
        # "launched the eighth phase of its operation": see through the measure noun
        of = next((p for p in obj.children if p.dep_ == "prep" and p.lower_ == "of"), None)
        inner = args.child(of, {"pobj"}) if of is not None else None
        if inner is None or noun_coding(inner, lex, licensed=True) is None:
            break
        obj, hops = inner, hops + 1
    return obj


def _phrase_coding(verb: Token, lex: Lexicon) -> tuple[Coding, Token | None] | None:
    lemma = _lemma(verb)
    # a preposition counts as a particle only right after the verb: "called on Iran" is an
    # appeal, "called the king on Saturday" a phone call
    particles = {
        _lemma(t)
        for t in verb.children
        if t.dep_ == "prt" or (t.dep_ in ("prep", "advmod") and t.i == verb.i + 1)
    }
    objects: dict[str, Token] = {}
    for t in verb.children:
        if t.dep_ in args.OBJECTS | {"nsubjpass", "oprd", "attr"}:
            objects[_lemma(t)] = t
        elif t.dep_ == "prep":
            for pobj in t.children:
                if pobj.dep_ == "pobj":
                    objects.setdefault(_lemma(pobj), pobj)
    for phrase in lex.phrases:
        if lemma not in phrase.verbs:
            continue
        if phrase.particles and phrase.particles & particles:
            return phrase.coding, None
        hit = next((objects[o] for o in phrase.objects if o in objects), None)
        if hit is not None:
            return phrase.coding, hit
    return None


def find_candidates(sent: SpacySpan, lex: Lexicon) -> list[Candidate]:
    """Every trigger in the sentence, verbs first, nouns a light verb or phrase took excluded."""
    found: list[Candidate] = []
    taken: set[int] = set()
    for tok in sent:
        if tok.pos_ not in VERB_POS or tok.dep_ in ("amod", "compound"):
            continue
        reversal = _reversal(tok, lex)
        if reversal is not None:
            found.append(Candidate(tok, reversal[0], "light", noun=reversal[1]))
            taken.add(reversal[1].i)
            continue
        phrase = _phrase_coding(tok, lex)
        if phrase is not None:
            found.append(Candidate(tok, phrase[0], "phrase", noun=phrase[1]))
            if phrase[1] is not None:
                taken.add(phrase[1].i)
            continue
        lemma = _lemma(tok)
        if lemma in lex.light_verbs:
            obj = _light_object(tok, lex)
            coded = noun_coding(obj, lex, licensed=True) if obj is not None else None
            if obj is not None and coded is not None:
                found.append(Candidate(tok, coded[0], "light", noun=obj))
                taken.add(obj.i)
                continue
        if lemma in lex.verbs:
            found.append(Candidate(tok, lex.verbs[lemma], "verb"))
        elif lemma in lex.transitive_verbs and args.child(tok, args.OBJECTS | {"nsubjpass"}):
            found.append(Candidate(tok, lex.transitive_verbs[lemma], "verb"))
    for tok in sent:
        # "is ready to contribute troops": willingness, with the complement folded in
        if tok.pos_ == "ADJ" and _lemma(tok) in lex.adjectives and args.child(tok, {"xcomp"}):
            found.append(Candidate(tok, lex.adjectives[_lemma(tok)], "verb"))
    for tok in sent:
        if tok.pos_ not in NOUN_POS or tok.i in taken or tok.dep_ == "compound":
            continue
        coded = noun_coding(tok, lex, licensed=False)
        if coded is None or _non_event_noun(tok, lex):
            continue
        found.append(Candidate(tok, coded[0], coded[1], noun=tok))
    return sorted(found, key=lambda c: c.token.i)


def _reversal(verb: Token, lex: Lexicon) -> tuple[Coding, Token] | None:
    """ "Called off the strike", "cancelled the visit", "ceased its operations": a verb that ends
    or calls off the event its object names codes as what ending that event means."""
    if not lex.reversals:
        return None
    lemma = _lemma(verb)
    particle = next((_lemma(t) for t in verb.children if t.dep_ == "prt"), None)
    obj = args.child(verb, args.OBJECTS | {"nsubjpass"})
    if obj is None:
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ in ("from", "on", "of", "out"):
                obj = args.child(prep, {"pobj"}) or obj
    obj = _light_object_from(obj, lex) if obj is not None else None
    coded = noun_coding(obj, lex, licensed=True) if obj is not None else None
    if obj is None or coded is None:
        return None
    key = coded[0].type
    after = lex.reversals.get((f"{lemma} {particle}", key)) or lex.reversals.get((lemma, key))
    return (after, obj) if after is not None else None


def _light_object_from(obj: Token, lex: Lexicon) -> Token:
    # "withdrew from the second round of talks": see through the measure noun
    of = next((p for p in obj.children if p.dep_ == "prep" and p.lower_ == "of"), None)
    inner = args.child(of, {"pobj"}) if of is not None else None
    if _lemma(obj) in lex.transparent_nouns and inner is not None:
        return inner
    return obj


def _non_event_noun(noun: Token, lex: Lexicon) -> bool:
    # "such attacks", "to prevent attacks": talk about events that did not take place
    if any(
        _lemma(t) in lex.non_event_determiners for t in noun.children if t.dep_ in ("det", "amod")
    ):
        return True
    head = noun.head
    if head.dep_ == "prep":
        head = head.head
    return head.pos_ == "VERB" and _lemma(head) in lex.non_event_governors


def _is_purpose(tok: Token) -> bool:
    return tok.dep_ in ("advcl", "xcomp", "acl") and any(
        t.dep_ == "aux" and t.lower_ == "to" for t in tok.children
    )


def fold(candidates: list[Candidate], lex: Lexicon) -> list[Candidate]:
    """Fold triggers into the trigger they belong to; return the survivors in text order."""
    by_token: dict[int, Candidate] = {}
    for cand in candidates:
        by_token[cand.token.i] = cand
        if cand.noun is not None:
            by_token.setdefault(cand.noun.i, cand)
    keepers: list[Candidate] = []
    for cand in candidates:
        keeper = _keeper(cand, by_token, lex)
        if keeper is None:
            keepers.append(cand)
        else:
            keeper.folded.append(cand)
    return keepers


def _keeper(cand: Candidate, by_token: Mapping[int, Candidate], lex: Lexicon) -> Candidate | None:
    tok = cand.token
    purpose = _is_purpose(tok)
    for _ in range(MAX_HOPS):
        if tok.dep_ == "ROOT" or tok.head is tok:
            return None
        dep, tok = tok.dep_, tok.head
        above = by_token.get(tok.i)
        if above is None or above is cand:
            if dep not in CONTENT_DEPS | SAME_TYPE_DEPS:
                return None
            continue
        if above.coding.type == cand.coding.type and dep in SAME_TYPE_DEPS:
            return above
        if above.coding.type in lex.absorbing_types and dep in CONTENT_DEPS:
            return above
        return above if purpose else None
    return None


def _doer_of_object(noun: Token, lex: Lexicon) -> Token | None:
    """ "Nigeria welcomed the deployment": the subject of the ordinary verb an event noun is the
    object of acts, unless the verb says the subject undergoes it ("faced criticism")."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.pos_ != "VERB" or _lemma(verb) in lex.undergoing_verbs:
        return None
    return args.verb_subject(verb)


def _source_target(
    state: DocState, cand: Candidate, lex: Lexicon
) -> tuple[tuple[ActorMention | None, bool], tuple[ActorMention | None, bool]]:
    tok, noun = cand.token, cand.noun
    source_tok: Token | None
    if cand.kind in ("noun", "weak"):
        source_tok = args.by_agent(tok) or args.child(tok, {"poss"})
        if source_tok is None:
            # "Iranian shelling", "US strikes": an actor among the modifiers (never a bare phrase)
            for mod in tok.children:
                if mod.dep_ in ("amod", "compound", "nmod"):
                    found = args.actor_at(state, mod, bare=False)
                    if found[0] is not None:
                        return found, _target_of_noun(state, tok)
            source_tok = args.prep_target(tok, ("from",)) or _doer_of_object(tok, lex)
        return _resolve_source(state, source_tok, lex), _target_of_noun(state, tok)
    targets: list[Token | None] = []
    if args.is_passive(tok):
        source_tok = args.by_agent(tok)
        passive_subject = args.child(tok, args.PASSIVE_SUBJECTS)
        targets.append(args.antecedent(passive_subject) if passive_subject is not None else None)
        if tok.dep_ == "acl":
            targets.append(tok.head)
    else:
        source_tok = args.verb_subject(tok)
        if (
            source_tok is not None
            and _infinitive_of(tok, source_tok)
            and non_actor(source_tok, lex)
        ):
            # "took necessary measures to expel the ships": whoever took the measures expels
            source_tok = args.verb_subject(source_tok.head)
        targets.append(args.child(tok, args.OBJECTS) if noun is None else None)
    if noun is not None:
        targets.append(args.prep_target(noun, ("against", "on", "upon", "at", "with", "to")))
        targets.append(args.targeting_clause(noun))
    targets += [args.prep_target(tok), args.targeting_clause(tok)]
    if source_tok is not None:
        # "Iraq and the IKR discussed": the first conjunct acts, the second is the counterpart
        targets.append(args.first_conjunct(source_tok))
    return _resolve_source(state, source_tok, lex), _best_target(state, targets)


def _infinitive_of(verb: Token, noun: Token) -> bool:
    """ "measures to expel": `verb` is an infinitive modifying `noun`, the object of a verb."""
    return (
        verb.head.i == noun.i
        and verb.dep_ in ("relcl", "acl")
        and any(t.dep_ == "aux" and t.lower_ == "to" for t in verb.children)
        and noun.dep_ in args.OBJECTS
        and noun.head.pos_ in ("VERB", "AUX")
    )


def non_actor(tok: Token, lex: Lexicon) -> bool:
    """Whether the common noun `tok` can never act: an event noun ("the strikes", "the
    sanctions") or a thing or text in `non_actor_nouns` ("the trucks", "signs")."""
    if tok.pos_ != "NOUN" or tok.ent_type_ in ACTOR_ENTITIES:
        return False
    lemma = _lemma(tok)
    return lemma in lex.nouns or lemma in lex.non_actor_nouns


def _resolve_source(
    state: DocState, tok: Token | None, lex: Lexicon
) -> tuple[ActorMention | None, bool]:
    """The source at `tok`, or none when it is an unrecognised noun that cannot act."""
    found = _resolve(state, tok)
    if tok is not None and found[0] is not None and not found[1] and non_actor(tok, lex):
        return None, False
    return found


def _best_target(state: DocState, tokens: list[Token | None]) -> tuple[ActorMention | None, bool]:
    """The first candidate that is a recognised actor, else the first proper noun or pronoun
    (likelier an actor than "a control mechanism"), else the first candidate at all."""
    resolved = [(tok, _resolve(state, tok)) for tok in tokens if tok is not None]
    for _, found in resolved:
        if found[1]:
            return found
    for tok, found in resolved:
        if found[0] is not None and tok.pos_ in ("PROPN", "PRON"):
            return found
    return next((found for _, found in resolved if found[0] is not None), (None, False))


def _target_of_noun(state: DocState, noun: Token) -> tuple[ActorMention | None, bool]:
    target = args.prep_target(noun, ("against", "on", "upon", "at", "of", "to", "with"))
    return _resolve(state, target or args.targeting_clause(noun))


def _resolve(state: DocState, tok: Token | None) -> tuple[ActorMention | None, bool]:
    return args.actor_at(state, tok) if tok is not None else (None, False)


def _mode(cand: Candidate, lex: Lexicon) -> str | None:
    if cand.coding.mode is not None:
        return cand.coding.mode
    table = lex.modifier_modes.get(cand.coding.type, {})
    heads = [c.noun or c.token for c in (cand, *cand.folded)]
    for head in heads:
        for t in head.subtree:
            if t.i < head.i or (t.head.lower_ == "with" and t.dep_ == "pobj"):
                mode = table.get(_lemma(t))
                if mode is not None:
                    return mode
    return next((c.coding.mode for c in cand.folded if c.coding.type == cand.coding.type
                 and c.coding.mode), None)  # fmt: skip


def _capital_as_country(
    target: ActorMention, known: bool, dictionary: ActorDictionary
) -> tuple[ActorMention, bool]:
    """ "Sent a delegation to Washington": a capital that is where a consultation goes stands
    for the government of its country (the actors stage keeps it a place there)."""
    hit = dictionary.lookup(target.text.removeprefix("the ").strip())
    if hit is None or hit[1] != "capital" or hit[0].country is None:
        return target, known
    country = hit[0].country
    group = f"{country.lower()}.gov"
    entry = dictionary.entries.get(group)
    name = entry.name if entry is not None else hit[0].name
    resolved = dataclasses.replace(target, name=name, country=country, sector="GOV", id=group)
    return resolved, True


def _clause_lemmas(cand: Candidate) -> set[str]:
    """Lemmas of the clause the trigger heads (or, for an event noun, the clause it sits in):
    context words elsewhere in the sentence describe other events."""
    heads = [cand.token, *(c.token for c in cand.folded)]
    if cand.kind in ("noun", "weak") and cand.token.head.pos_ in ("VERB", "AUX"):
        heads.append(cand.token.head)
    out: set[str] = set()
    for head in heads:
        out.update(_lemma(t) for t in head.subtree)
    return out


def apply_recoding(cand: Candidate, lex: Lexicon) -> None:
    """Recode `cand` by its construction (refusal, intent, clause words); see `recoding`."""
    heads = [cand.token] if cand.noun is None else [cand.token, cand.noun]
    cand.coding, cand.refused_by = recoded(cand.coding, cand.token, heads, lex)


def build_event(
    state: DocState,
    cand: Candidate,
    index: int,
    *,
    onto: Ontology,
    lex: Lexicon,
    dictionary: ActorDictionary,
) -> Event:
    """The Event for a surviving trigger; folded same-type triggers fill in missing arguments."""
    (source, src_known), (target, tgt_known) = _source_target(state, cand, lex)
    for other in cand.folded:
        if source and target:
            break
        (o_src, o_src_known), (o_tgt, o_tgt_known) = _source_target(state, other, lex)
        # a folded trigger of the same type is the same event; one of another type is the
        # content of this act ("threatened to attack the base"): it may only name the target
        same = other.coding.type == cand.coding.type
        if not same and cand.coding.type not in lex.absorbing_types:
            continue  # a purpose clause ("troops to fight ISIS") names no target of its own
        if same and (source is None or (not src_known and o_src_known)):
            source, src_known = o_src, o_src_known
        if target is None and o_tgt is not None:
            target, tgt_known = o_tgt, o_tgt_known
    coding = cand.coding
    sent = cand.token.sent
    trig = cand.token
    if coding.type == "CONSULT" and target is not None and not tgt_known:
        target, tgt_known = _capital_as_country(target, tgt_known, dictionary)
    confidence = BASE_CONFIDENCE[cand.kind]
    confidence += 0.2 if src_known else (0.05 if source is not None else -0.1)
    confidence += 0.05 if tgt_known else 0.0
    contexts = sorted({lex.contexts[w] for w in _clause_lemmas(cand) if w in lex.contexts})
    first, last = trig, trig
    if cand.refused_by is not None:
        first, last = sorted((trig, cand.refused_by), key=lambda t: t.i)
    doc = trig.doc
    trigger_span = Span(
        text=doc.text[first.idx : last.idx + len(last.text)],
        start=first.idx,
        end=last.idx + len(last.text),
    )
    return Event(
        id=f"{state.article.id}-ev{index}",
        type=coding.type,
        mode=_mode(cand, lex),
        contexts=tuple(contexts),
        cameo_root=coding.cameo_root or onto.get(coding.type).default_root,
        quad_class=onto.quad_class(coding.type, coding.cameo_root),
        intensity=onto.intensity(coding.type, coding.cameo_root),
        source=source,
        target=target if target != source else None,
        evidence=Evidence(
            text=sent.text,
            start=sent.start_char,
            end=sent.end_char,
            trigger=trigger_span,
        ),
        confidence=max(0.05, min(0.95, confidence)),
    )


def extract_events(
    state: DocState,
    *,
    lex: Lexicon,
    onto: Ontology,
    dictionary: ActorDictionary | None = None,
) -> list[Event]:
    """All events of a parsed document, in text order, ids numbered from 0.

    `dictionary` resolves capitals that a consultation goes to; the shipped actor dictionaries
    when None.
    """
    actors = dictionary if dictionary is not None else load_dictionary()
    events: list[Event] = []
    for sent in state.doc.sents:
        found = find_candidates(sent, lex)
        kinds = {c.token.i: background(c.token, lex) for c in found}
        candidates = [c for c in found if kinds[c.token.i] != HISTORY]
        for cand in candidates:
            apply_recoding(cand, lex)
        for cand in merge_consequences(fold(candidates, lex), lex):
            event = build_event(state, cand, len(events), onto=onto, lex=lex, dictionary=actors)
            if event.source is None and event.target is None and in_quotation(cand.token):
                continue  # '"They came shooting," he said': colour, not a report of its own
            if kinds[cand.token.i] == SPAN:
                # a tally or trend over recent months: likely real, but no single incident
                event = dataclasses.replace(
                    event, confidence=max(0.05, event.confidence - SPAN_PENALTY)
                )
            events.append(event)
    return events


def merge_consequences(keepers: list[Candidate], lex: Lexicon) -> list[Candidate]:
    """Fold agentless consequence triggers ("died", "were injured") into an event noun of the
    same type in their sentence ("in the fighting"): one incident, not one event per victim."""
    nouns = [c for c in keepers if c.kind in ("noun", "weak")]
    if not nouns:
        return keepers
    out: list[Candidate] = []
    for cand in keepers:
        keeper = None
        consequence = cand.kind == "verb" and _lemma(cand.token) in lex.consequence_verbs
        if consequence and not cand.folded and _agent(cand.token) is None:
            keeper = next((n for n in nouns if n.coding.type == cand.coding.type), None)
        if keeper is None:
            out.append(cand)
        else:
            keeper.folded.append(cand)
    return out


def _agent(verb: Token) -> Token | None:
    return args.by_agent(verb) if args.is_passive(verb) else args.verb_subject(verb)


def in_quotation(tok: Token) -> bool:
    """Whether `tok` stands inside a direct quotation in its sentence (an odd number of quote
    marks before it, and one after it)."""
    sent = tok.sent
    before = sum(1 for t in sent if t.i < tok.i and t.text in QUOTE_MARKS)
    after = any(t.text in QUOTE_MARKS for t in sent if t.i > tok.i)
    return before % 2 == 1 and after


@register_stage(
    "events.rules.v1",
    requires=["doc", "actors"],
    assigns=["events"],
    default_config={"lexicons": []},
)
def make_stage(nlp: Any, config: Mapping[str, Any]) -> Stage:
    """Build the events stage; `lexicons` names extra trigger files (triggers.yaml format)."""
    extra: Sequence[str] = [str(p) for p in config.get("lexicons", [])]
    lex = load_lexicon(extra)
    onto = load_ontology()
    dictionary = load_dictionary()

    def run(state: DocState) -> None:
        state.events.extend(extract_events(state, lex=lex, onto=onto, dictionary=dictionary))

    return run
