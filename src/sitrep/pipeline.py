"""Assembles the extraction stages, checks what they require and assign, and runs documents.

A stage is a callable that reads and extends a `DocState`. It is made by a factory registered
under a versioned name (`actors.dict.v1`) in the `stages` registry, the same registry a user's
plugin uses (entry point group `sitrep_stages`). The factory declares the keys the stage
`requires` and `assigns`; `Pipeline` checks at assembly that every requirement is assigned by an
earlier stage and names the missing one if not (as spaCy does for its components).

Keys in use: `doc` (the parsed spaCy Doc, always present), `actors`, `places`, `times`, `events`,
and event attributes set by later stages: `events.location`, `events.cross_border`, `events.date`,
`events.counts`, `events.factuality`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import catalogue

from .errors import ConfigError, DocumentError, Messages, SitrepError
from .model import ActorMention, AnnotatedDocument, Article, Event, PlaceMention, TimeMention

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from .config import Settings

stages = catalogue.create("sitrep", "stages", entry_points=True)

ALWAYS_PRESENT = ("doc",)


@dataclass
class DocState:
    """Working state of one document while it passes through the stages.

    Mutable by design: each stage appends to or replaces the lists it `assigns`. Records in the
    lists are frozen; a stage that refines events replaces them (`dataclasses.replace`).
    """

    article: Article
    doc: Doc
    actors: list[ActorMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    times: list[TimeMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    @property
    def published(self) -> dt.date | None:
        return self.article.published

    def result(self) -> AnnotatedDocument:
        by_start = lambda r: (r.start, r.end)  # noqa: E731
        return AnnotatedDocument(
            doc_id=self.article.id,
            published=self.article.published,
            events=tuple(sorted(self.events, key=lambda e: (e.evidence.trigger.start, e.id))),
            actors=tuple(sorted(self.actors, key=by_start)),
            places=tuple(sorted(self.places, key=by_start)),
            times=tuple(sorted(self.times, key=by_start)),
        )


class Stage(Protocol):
    """What a factory returns: called once per document, extends the state in place."""

    def __call__(self, state: DocState) -> None: ...


@dataclass(frozen=True)
class StageFactory:
    """A registered way to build a stage, with the contract it keeps."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    build: Callable[[Language, Mapping[str, Any]], Stage]
    default_config: Mapping[str, Any] = field(default_factory=dict)


def register_stage(
    name: str,
    *,
    requires: Iterable[str] = (),
    assigns: Iterable[str] = (),
    default_config: Mapping[str, Any] | None = None,
) -> Callable[[Callable[[Language, Mapping[str, Any]], Stage]], Callable[..., Stage]]:
    """Decorator registering a stage factory `build(nlp, config) -> stage` under `name`.

    Example:
        @register_stage("events.rules.v1", requires=["doc", "actors"], assigns=["events"])
        def make_event_stage(nlp, config): ...
    """

    def decorate(
        build: Callable[[Language, Mapping[str, Any]], Stage],
    ) -> Callable[[Language, Mapping[str, Any]], Stage]:
        stages.register(
            name,
            func=StageFactory(
                name=name,
                requires=tuple(requires),
                assigns=tuple(assigns),
                build=build,
                default_config=dict(default_config or {}),
            ),
        )
        return build

    return decorate


# Factories whose output changed under a new name. A config that still names the old one gets
# the new name and why, rather than silently different output.
RETIRED = {
    "places.gazetteer.v1": (
        "places.gazetteer.v2",
        "v2 recognises more toponyms and geocodes countries and states at their centres",
    ),
    "event_places.parse.v1": (
        "event_places.parse.v2",
        "v2 follows the parse into other clauses and leaves origins and reporters unlocated",
    ),
}


def get_factory(name: str, *, stage: str) -> StageFactory:
    _load_builtin_stages()
    if name in RETIRED:
        new, why = RETIRED[name]
        raise ConfigError(Messages.E008, name=name, new=new, why=why, stage=stage)
    try:
        factory = stages.get(name)
    except catalogue.RegistryError as e:
        options = ", ".join(sorted(stages.get_all()))
        raise ConfigError(Messages.E005, name=name, options=options, stage=stage) from e
    if not isinstance(factory, StageFactory):
        raise ConfigError(
            Messages.E005, name=name, options=", ".join(sorted(stages.get_all())), stage=stage
        )
    return factory


def _load_builtin_stages() -> None:
    # Importing the modules registers the built-in factories (datasette-style default plugins).
    from .extract import (  # noqa: F401
        actors,
        counts,
        event_classifier,
        event_places,
        event_times,
        events,
        factuality,
        places,
        times,
    )


@dataclass(frozen=True)
class StageSpec:
    """One entry of the configured pipeline: the stage's name, its factory, its settings."""

    name: str
    factory: str
    config: Mapping[str, Any] = field(default_factory=dict)


class Pipeline:
    """The assembled stages and the spaCy pipeline that feeds them."""

    def __init__(self, nlp: Language, specs: Iterable[StageSpec]) -> None:
        self.nlp = nlp
        self.stage_names: list[str] = []
        self._stages: list[Stage] = []
        have: set[str] = set(ALWAYS_PRESENT)
        for spec in specs:
            factory = get_factory(spec.factory, stage=spec.name)
            for key in factory.requires:
                if key not in have:
                    raise ConfigError(
                        Messages.E004,
                        stage=spec.name,
                        missing=key,
                        have=", ".join(sorted(have)),
                    )
            config = {**factory.default_config, **spec.config}
            self._stages.append(factory.build(nlp, config))
            self.stage_names.append(spec.name)
            have.update(factory.assigns)
        self.assigned = frozenset(have)

    @classmethod
    def from_settings(cls, settings: Settings, nlp: Language | None = None) -> Pipeline:
        from .nlp import load_nlp

        return cls(nlp or load_nlp(settings), settings.stage_specs())

    def annotate_doc(self, article: Article, doc: Doc) -> AnnotatedDocument:
        """Run every stage over an already parsed document."""
        state = DocState(article=article, doc=doc)
        for stage in self._stages:
            stage(state)
        return state.result()

    def annotate(self, article: Article) -> AnnotatedDocument:
        return self.annotate_doc(article, self.nlp(article.text))

    def annotate_many(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int = 16,
        max_batch_chars: int = 100_000,
    ) -> Iterator[AnnotatedDocument]:
        """Annotate articles in order, parsed in batches; a failing document yields an error.

        A batch holds at most `batch_size` documents and, unless one document alone is longer,
        at most `max_batch_chars` characters: spaCy's memory grows with a batch's total length.
        """
        pending: list[Article] = []
        chars = 0
        for article in articles:
            if pending and chars + len(article.text) > max_batch_chars:
                yield from self._run_batch(pending)
                pending, chars = [], 0
            pending.append(article)
            chars += len(article.text)
            if len(pending) >= batch_size:
                yield from self._run_batch(pending)
                pending, chars = [], 0
        if pending:
            yield from self._run_batch(pending)

    def _run_batch(self, batch: list[Article]) -> Iterator[AnnotatedDocument]:
        docs = self.nlp.pipe(a.text for a in batch)
        for article, doc in zip(batch, docs, strict=True):
            yield self.safe_annotate_doc(article, doc)

    def safe_annotate_doc(self, article: Article, doc: Doc) -> AnnotatedDocument:
        try:
            return self.annotate_doc(article, doc)
        except SitrepError as e:
            return AnnotatedDocument.failed(article.id, article.published, e.message)
        except Exception as e:  # noqa: BLE001 - one bad document must not stop a corpus run
            err = DocumentError(Messages.E110, doc=article.id, reason=f"{type(e).__name__}: {e}")
            return AnnotatedDocument.failed(article.id, article.published, err.message)
