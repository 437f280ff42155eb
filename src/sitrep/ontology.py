"""The PLOVER ontology: event types, modes, contexts, CAMEO root crosswalk, quad class, intensity.

The knowledge lives in `sitrep/data/events/plover.yaml`; this module reads it once on first use
(`load_ontology()`), checks it, and answers questions about it. It also provides
`load_yaml_lines`, the YAML reader every events data file goes through, which keeps the line of
each mapping key so that validation errors name the file and line.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError, Messages

EVENT_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)


class LineDict(dict[Any, Any]):
    """A YAML mapping that remembers the (1-based) line of itself and of each of its keys."""

    line: int = 0
    lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    out.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = key_node.start_mark.line + 1
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml_lines(path: Path | str, text: str | None = None) -> LineDict:
    """Parse a YAML file whose top level is a mapping; every mapping in it is a `LineDict`.

    Raises ConfigError (E006) with the file and line when the YAML is malformed or the top
    level is not a mapping, and E320 when the file cannot be read.
    """
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as e:
            raise ConfigError(Messages.E320, path=path, reason=e) from e
    try:
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as e:
        line = e.problem_mark.line + 1 if e.problem_mark is not None else 0
        raise ConfigError(Messages.E006, path=path, line=line, problem=e.problem) from e
    if not isinstance(data, LineDict):
        raise ConfigError(Messages.E006, path=path, line=1, problem="top level must be a mapping")
    return data


def packaged_path(name: str) -> Path:
    """The path of a packaged events data file, e.g. `packaged_path("plover.yaml")`."""
    return Path(str(resources.files("sitrep.data").joinpath("events").joinpath(name)))


@dataclass(frozen=True, slots=True)
class EventType:
    """One PLOVER event type and what the crosswalks say about it."""

    name: str
    quad_class: int
    cameo_roots: tuple[str, ...]  # the first is the type's default root
    modes: tuple[str, ...]

    @property
    def default_root(self) -> str:
        return self.cameo_roots[0]


@dataclass(frozen=True)
class Ontology:
    """The validated PLOVER ontology."""

    types: Mapping[str, EventType]
    contexts: frozenset[str]
    roots: Mapping[str, tuple[int, float]]  # CAMEO root -> (quad class, intensity)

    def get(self, name: str) -> EventType:
        """The event type called `name` (upper case); KeyError if there is none."""
        return self.types[name]

    def is_mode(self, type_name: str, mode: str) -> bool:
        return mode in self.types[type_name].modes

    def quad_class(self, type_name: str, cameo_root: str | None = None) -> int:
        """Quad class of a type, or of the given CAMEO root when the trigger names one.

        A root overrides the type's class only where CAMEO itself is neutral (01, 02: quad 0):
        "appealed to" is coded REQUEST but is not verbal conflict.
        """
        if cameo_root is not None and self.roots[cameo_root][0] == 0:
            return 0
        return self.types[type_name].quad_class

    def intensity(self, type_name: str, cameo_root: str | None = None) -> float:
        """Goldstein-like intensity of the given root, or of the type's default root."""
        return self.roots[cameo_root or self.types[type_name].default_root][1]


def _str_list(value: Any, *, path: Path, line: int, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(Messages.E006, path=path, line=line, problem=f"{what} must be a list")
    return tuple(value)


def parse_ontology(data: LineDict, path: Path) -> Ontology:
    """Check a parsed plover.yaml and build the Ontology; E006 with the line on any problem."""
    roots_raw = data.get("cameo_roots")
    if not isinstance(roots_raw, LineDict):
        raise ConfigError(Messages.E006, path=path, line=1, problem="'cameo_roots' is missing")
    roots: dict[str, tuple[int, float]] = {}
    for code, value in roots_raw.items():
        line = roots_raw.line_of(code)
        ok = isinstance(value, list) and len(value) == 2 and value[0] in (0, 1, 2, 3, 4)
        if not ok or not isinstance(value[1], int | float) or not -10 <= value[1] <= 10:
            problem = f"CAMEO root {code!r} needs [quad class 0-4, intensity -10..10]"
            raise ConfigError(Messages.E006, path=path, line=line, problem=problem)
        roots[str(code)] = (int(value[0]), float(value[1]))
    contexts = _str_list(
        data.get("contexts"), path=path, line=data.line_of("contexts"), what="contexts"
    )
    types_raw = data.get("types")
    if not isinstance(types_raw, LineDict):
        raise ConfigError(Messages.E006, path=path, line=1, problem="'types' is missing")
    types: dict[str, EventType] = {}
    for name, spec in types_raw.items():
        line = types_raw.line_of(name)
        if name not in EVENT_TYPES:
            problem = f"{name!r} is not a PLOVER event type ({', '.join(EVENT_TYPES)})"
            raise ConfigError(Messages.E006, path=path, line=line, problem=problem)
        if not isinstance(spec, LineDict) or spec.get("quad_class") not in (1, 2, 3, 4):
            problem = f"type {name} needs a mapping with quad_class 1-4"
            raise ConfigError(Messages.E006, path=path, line=line, problem=problem)
        cameo = _str_list(spec.get("cameo_roots"), path=path, line=line, what="cameo_roots")
        unknown = [c for c in cameo if c not in roots]
        if not cameo or unknown:
            problem = f"type {name} has no or unknown CAMEO roots {unknown}"
            raise ConfigError(Messages.E006, path=path, line=line, problem=problem)
        modes = _str_list(spec.get("modes", []), path=path, line=line, what="modes")
        types[name] = EventType(name, int(spec["quad_class"]), cameo, modes)
    missing = [t for t in EVENT_TYPES if t not in types]
    if missing:
        problem = f"PLOVER types missing: {', '.join(missing)}"
        raise ConfigError(Messages.E006, path=path, line=types_raw.line, problem=problem)
    return Ontology(types=types, contexts=frozenset(contexts), roots=roots)


@functools.lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    """The packaged ontology, read and validated on first use and cached."""
    path = packaged_path("plover.yaml")
    return parse_ontology(load_yaml_lines(path), path)


def check_type_and_mode(
    onto: Ontology, type_name: str, mode: str | None, *, path: Path | str, line: int
) -> None:
    """Raise E006 unless `type_name` is a PLOVER type and `mode` (if any) one of its modes."""
    if type_name not in onto.types:
        problem = f"{type_name!r} is not a PLOVER event type"
        raise ConfigError(Messages.E006, path=path, line=line, problem=problem)
    if mode is not None and not onto.is_mode(type_name, mode):
        modes: Sequence[str] = onto.types[type_name].modes
        problem = f"{mode!r} is not a mode of {type_name} (modes: {', '.join(modes) or 'none'})"
        raise ConfigError(Messages.E006, path=path, line=line, problem=problem)
