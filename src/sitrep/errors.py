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
    E008 = (
        "Stage factory '{name}' was replaced by '{new}' ({why}). Set factory = \"{new}\" for "
        "stage '{stage}' in your config."
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
    E322 = (
        "Factuality cue file {path} named in [stages.factuality] cues does not exist. Fix the "
        "path or remove it from the list."
    )
    E323 = (
        "Count cue file {path} named in [stages.counts] cues does not exist. Fix the path or "
        "remove it from the list."
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

    # cross-article dedup: event clusters (E480-E499)
    E480 = (
        "Database {path}: clustering the events of document {doc} failed ({reason}). The "
        "document is stored; free disk space if it is full, then rerun the same ingest (it "
        "clusters what was left) or run `sitrep clusters --rebuild --db {path}`."
    )
    E481 = (
        "Database {path}: {n} stored events have no cluster (stored before dedup, or its "
        "settings changed). Run `sitrep clusters --rebuild --db {path}`."
    )
    E482 = "Dedup evaluation set {path}: {problem}. Fix the file (see tests/fixtures/dedup)."

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

    # parallel and distributed ingest: worker pools, Dask, resume (E500-E519)
    E500 = (
        "Setting [parallel] {key} = {value!r} is not valid: {problem}. Fix it in the config, "
        "or pass --workers N (0 = one per CPU core)."
    )
    E501 = (
        "An annotation worker process died ({reason}); out of memory? Documents stored so far "
        "are kept: run the same command again to resume, with fewer --workers or a smaller "
        "[nlp] batch_size."
    )
    E502 = (
        "Annotation worker {worker} could not build the pipeline: {reason} Install the same "
        "Sitrep and spaCy model on every worker."
    )
    E503 = (
        "Cannot reach the Dask scheduler at {address} ({reason}). Start one with `dask "
        "scheduler` and workers with `dask worker {address}`, or check --scheduler."
    )
    E504 = (
        "--scheduler needs Dask, which is not installed. Install it with "
        "`pip install 'dask[distributed]'`, or use --workers N for local processes."
    )
    E505 = (
        "Annotation worker {worker} runs Sitrep {theirs}, this process runs {ours}. Install the "
        "same Sitrep version on every worker so the stored events do not depend on the machine."
    )
    E506 = (
        "Annotating documents {first} .. {last} failed on a worker ({reason}). Documents "
        "stored so far are kept: run the same command again to resume."
    )
    E507 = (
        "--scheduler {address!r} is not a scheduler address. Give tcp://HOST:PORT, as printed "
        "by `dask scheduler` (default port 8786)."
    )
    E508 = (
        "{doc}: the annotator returned the result of {got!r} in its place (results out of "
        "order). Nothing of it was stored; please report this with the command you ran."
    )

    # serve, export and watch (E520-E559)
    E520 = "Unknown query parameter(s) {names} for {path}. Known parameters: {known}."
    E521 = "Parameter {name}={value!r} is not valid: {problem}."
    E522 = "No event with id {event_id!r}. Event ids come from /api/events."
    E523 = "No endpoint {method} {path}. The API is described at /openapi.json."
    E524 = (
        "This endpoint needs a bearer token: send the header 'Authorization: Bearer <token>' "
        "with the token from [serve] token or SITREP_TOKEN."
    )
    E525 = "The bearer token is not valid for this server."
    E526 = (
        "Writing is disabled on this server: no token is configured. Set [serve] token in the "
        "config or SITREP_TOKEN, then restart `sitrep serve`."
    )
    E527 = (
        "Request body is larger than {limit} bytes. Send fewer or shorter documents, or raise "
        "[serve] max_body_bytes."
    )
    E528 = (
        'Request body is not valid: {problem}. Send {{"documents": [{{"id": "...", '
        '"text": "...", "published": "YYYY-MM-DD"}}]}} as JSON.'
    )
    E529 = "Internal error ({reason}). Please report this with the request."
    E530 = (
        "[serve] {setting} = {value!r} is not valid: {problem}. Fix it in the config file or "
        "the environment."
    )
    E535 = "Export format {fmt!r} is not one of: {options}."
    E536 = "{problem}. Example: sitrep export --format parquet --partition-by month -o events/"
    E537 = "Export to {path} failed ({reason}). Check that the folder exists and is writable."
    E540 = (
        "Watch rules file {path} cannot be read ({reason}). Fix the path in [watch] rules or "
        "--rules."
    )
    E541 = "Watch rules file {path}, rule {rule!r}: {problem}. Fix the rule; no rule is loaded."
    E542 = "No watch rule named {name!r}. Rules loaded: {options}."
    E543 = (
        "Webhook of watch rule {rule!r} to {url} failed after {attempts} attempt(s) ({reason}). "
        "Check that the receiver is up; the matches stay in the rule's Atom feed."
    )
    E544 = (
        "Watch rule {rule!r} uses 'near_border', but no border-distance provider is installed. "
        "Use [[rule.near]] points with a radius instead."
    )

    # learned event classifier: artifact, settings and training (E560-E579)
    E560 = (
        "Event classifier model {path} cannot be read ({reason}). Reinstall Sitrep, or rebuild "
        "it with scripts/train_event_classifier.py and set [stages.event_classifier] model."
    )
    E561 = (
        "Event classifier model {path} is not valid: {problem}. Rebuild it with "
        "scripts/train_event_classifier.py."
    )
    E562 = (
        "Setting [stages.event_classifier] {setting} = {value!r} is not valid: {problem}. "
        "Fix it in the config."
    )
    E563 = (
        "Training data file {path} does not exist. Pass the shared eval/ folder that holds "
        "plv_train/, cameo_quad_train/ and plover_gsr/."
    )
    E564 = "Training data file {path} has the unknown label {label!r}. Fix or drop that row."
    E565 = "Cannot train the event classifier: {problem}."

    # web page (E580-E599)
    E580 = (
        "[serve] tile_url = {value!r} is not a tile URL template. Use an http(s) URL with {{z}}, "
        '{{x}} and {{y}}, e.g. "https://tile.example.org/{{z}}/{{x}}/{{y}}.png", or "" for none.'
    )


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
