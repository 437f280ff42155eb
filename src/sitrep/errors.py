"""One catalogue of the errors Sitrep raises, each with a code and a sentence that says what to do.

Library code raises these typed errors; the CLI turns them into one line on stderr and an exit
code, the API into one JSON error shape. Add new messages to `Messages` (append only: a code,
once published, keeps its meaning) and raise them with `SitrepError(Messages.E001, name=...)` or
one of the subclasses.
"""

from __future__ import annotations

from typing import Any


class Messages:
    """Message templates. `{doc}` is always the document id or path the error is about."""

    # configuration and setup
    E001 = (
        "spaCy model '{name}' is not installed. Install it with "
        "`pip install {package}`, or set SITREP_SPACY_MODEL to an installed pipeline."
    )
    E002 = (
        "spaCy model '{name}' has meta {found}, expected {expected}. Reinstall it with "
        "`pip install --force-reinstall {package}`, or choose another with SITREP_SPACY_MODEL."
    )
    E003 = "Config file {path}: {problem}. Fix the file or pass another with --config."
    E004 = (
        "Stage '{stage}' requires '{missing}', which no earlier stage assigns. Put a stage "
        "that assigns it before '{stage}' in [pipeline] stages. Assigned so far: {have}."
    )
    E005 = (
        "No stage factory named '{name}'. Available factories: {options}. Check the "
        "'factory' setting of stage '{stage}'."
    )
    E006 = "Data file {path}, line {line}: {problem}. Fix that line; the file is not loaded."
    E007 = (
        "spaCy model '{name}' failed to load ({reason}). Reinstall it with `pip install {package}`."
    )

    # input documents
    E101 = "{doc}: document is empty; nothing to annotate. Remove it or give it text."
    E102 = (
        "{doc}: looks like a binary file, not text. Pass text, HTML or JSONL; convert PDFs "
        "and office files to text first."
    )
    E103 = (
        "{doc}: bytes are not valid UTF-8 (first bad byte at offset {offset}). Re-encode the "
        "file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)."
    )
    E104 = (
        "{doc}: {size} characters exceeds the limit of {limit}. Split the document or raise "
        "[input] max_chars in the config."
    )
    E105 = (
        "{doc}: text does not look like English ({reason}); Sitrep's model reads English only. "
        "Translate the document first."
    )
    E106 = (
        '{doc}: line is not a JSON object ({reason}). Each line must be {{"id": ..., "text": ...}}.'
    )
    E107 = "{doc}: no such file or directory. Check the path."
    E108 = "{doc}: field '{field}' {problem}. Fix the field in the input."
    E109 = "{doc}: cannot be read ({reason}). Check permissions and that it is a regular file."
    E110 = "{doc}: processing failed unexpectedly ({reason}). Please report this with the document."

    # storage
    E201 = (
        "Database {path} is locked or in use by another process ({reason}). Close the other "
        "process or choose another file with --db."
    )
    E202 = (
        "Database {path} could not be opened ({reason}). Check the path, or delete a damaged file."
    )
    E203 = "Query filter {name}={value!r} is not valid: {problem}."

    # actors: dictionaries and recognition (E300-E319)
    E300 = (
        "Actor dictionary {path} cannot be read ({reason}). Fix the path in [stages.actors] "
        "dictionaries, or reinstall Sitrep if it is a shipped file."
    )
    E301 = (
        "Actor dictionary {path}, line {line}: {problem}. Fix that entry; the file is not loaded."
    )
    E302 = (
        "Setting [stages.actors] {setting} = {value!r} is not valid: {problem}. Give a list of "
        "paths to YAML files in the format of sitrep/data/actors/groups.yaml."
    )

    # events, counts, factuality and the PLOVER ontology (E320-E349)
    E320 = "Events data file {path} cannot be read ({reason}). Check the path in the config."
    E321 = (
        "Trigger lexicon {path} named in [stages.events] lexicons does not exist. Fix the path "
        "or remove it from the list."
    )

    # places: gazetteer and event location (E350-E379)
    E350 = (
        "Gazetteer file {path} cannot be read ({reason}). Fix the path in [stages.places] "
        "gazetteer_additions, or reinstall Sitrep if it is a shipped file."
    )
    E351 = "Setting [stages.places] {setting} = {value!r} is not valid. Choose one of: {options}."

    # storage: DuckDB store, query and demo (E400-E449)
    E401 = (
        "Database {path} is not a DuckDB database file. Pass another file with --db, or move "
        "this one away and let Sitrep create a new database."
    )
    E402 = (
        "Database {path} has schema version {found}, newer than this Sitrep understands "
        "({supported}). Upgrade Sitrep, or use another file with --db."
    )
    E403 = "Database {path} does not exist. Create it with `sitrep ingest PATH... --db {path}`."
    E404 = "Database {path}: writing document {doc} failed ({reason}). Nothing of it was stored."
    E405 = "Bundled sample corpus {path} is missing or unreadable ({reason}). Reinstall Sitrep."
    E406 = (
        "Database {path} holds {n} documents that are not from the sample; the demo starts from "
        "an empty file and will not delete it. Pass another file with --db."
    )

    # ingest: HTML, feeds, CSV, gzip, globs and URLs (E450-E479)
    E450 = (
        "{doc}: HTML page has no extractable article text (an index page, a paywall, or a page "
        "that needs JavaScript?). Pass the article's own page, or save its text as .txt."
    )
    E451 = (
        "{doc}: not an RSS or Atom feed ({reason}). Check that the file or URL is a feed; pass "
        "web pages as .html and plain text as .txt."
    )
    E452 = "{doc}: feed has no entries. Check that it is the feed you meant, or drop it."
    E453 = (
        "{doc}: feed entry has no text (no content or summary{why}). Set [input] "
        "fetch_linked_pages = true to fetch its linked page."
    )
    E454 = (
        "{doc}: column '{column}' (setting [input.csv] {key}) is not in the header; columns "
        "are: {columns}. Fix the setting or the file's header."
    )
    E455 = (
        "{doc}: no text column (looked for {candidates}; columns are: {columns}). Name it with "
        '[input.csv] text = "<column>" in the config.'
    )
    E456 = "{doc}: not a valid CSV/TSV table ({reason}). Fix the file or convert it to JSONL."
    E457 = "{doc}: not a valid gzip file ({reason}). Re-compress it, or pass it uncompressed."
    E458 = "{doc}: no files match this pattern. Check the pattern and quote it in the shell."
    E459 = (
        "{doc}: more than {limit} bytes once decompressed; stopped reading. Split the file, or "
        "raise [input] max_download_bytes."
    )
    E460 = "{doc}: download failed with HTTP {status} {reason}. Check the URL in a browser."
    E461 = (
        "{doc}: no answer within {timeout} seconds. Try again later, or raise [input] "
        "fetch_timeout."
    )
    E462 = (
        "{doc}: download is larger than the limit of {limit} bytes; stopped reading. Raise "
        "[input] max_download_bytes, or save the article text and pass the file."
    )
    E463 = (
        "{doc}: too many redirects ({problem}). Open the URL in a browser and pass the final "
        "address, or raise [input] max_redirects."
    )
    E464 = "{doc}: cannot download ({reason}). Check the URL and the network connection."
    E465 = (
        "{doc}: content type '{content_type}' is not text, HTML, a feed, JSONL or CSV. Pass an "
        "article page or a feed."
    )
    E466 = "Setting [input] {key} = {value!r} is not valid: {problem}. Fix it in the config."


class SitrepError(Exception):
    """Base class: an error with a catalogue code and a message that says what to do."""

    def __init__(self, template: str, **fields: Any) -> None:
        self.code = _code_of(template)
        self.fields = fields
        super().__init__(template.format(**fields))

    @property
    def message(self) -> str:
        return str(self)


class ConfigError(SitrepError):
    """Settings, models or data files are missing or wrong; nothing can run until fixed."""


class DocumentError(SitrepError):
    """One input document cannot be processed; the run goes on with the others."""


class StoreError(SitrepError):
    """The database cannot be opened, written or queried."""


def _code_of(template: str) -> str:
    for name, value in vars(Messages).items():
        if value is template or value == template:
            return name
    return "E000"
