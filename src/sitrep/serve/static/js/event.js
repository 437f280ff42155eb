// The event view: the evidence sentence with the trigger, source, target, place and date
// highlighted, the coded fields, and links to every document that reports the event.
import { el, replace, safeUrl, fmt } from "./dom.js";
import { colorOf } from "./colors.js";

// Highlight roles, most important first: a span overlapping one already placed is dropped.
const ROLES = [
  ["trigger", "Trigger"],
  ["source", "Source"],
  ["target", "Target"],
  ["place", "Place"],
  ["date", "Date"],
];

/**
 * Spans of the evidence sentence to highlight, as code-point offsets within the sentence:
 * [{role, start, end}] sorted by start, without overlaps.
 *
 * Offsets in the store count Unicode code points from the start of the document (Python
 * strings); the sentence starts at evidence.start. A mention whose offsets do not land on its
 * text (an edited store, a different sentence) is looked up by its text instead, and left out
 * if the sentence does not contain it.
 */
export function highlights(event) {
  const sentence = Array.from(event.evidence.text);
  const base = event.evidence.start;
  const mentions = {
    trigger: event.evidence.trigger,
    source: event.source,
    target: event.target,
    place: event.location,
    date: event.date,
  };
  const placed = [];
  for (const [role] of ROLES) {
    const m = mentions[role];
    if (!m || typeof m.text !== "string" || !m.text) continue;
    const text = Array.from(m.text);
    let start = m.start - base;
    let end = start + text.length;
    if (sentence.slice(start, end).join("") !== m.text) {
      const at = sentence.join("").indexOf(m.text);
      if (at < 0) continue;
      start = Array.from(sentence.join("").slice(0, at)).length;
      end = start + text.length;
    }
    if (placed.some((p) => start < p.end && p.start < end)) continue;
    placed.push({ role, start, end });
  }
  return placed.sort((a, b) => a.start - b.start);
}

/** The sentence as text nodes and <mark class=ROLE> elements (text only, never HTML). */
export function markedSentence(event) {
  const sentence = Array.from(event.evidence.text);
  const out = [];
  let at = 0;
  for (const h of highlights(event)) {
    if (h.start > at) out.push(sentence.slice(at, h.start).join(""));
    out.push(el("mark", { class: h.role, title: h.role, "data-role": h.role },
      sentence.slice(h.start, h.end).join("")));
    at = h.end;
  }
  if (at < sentence.length) out.push(sentence.slice(at).join(""));
  return el("p", { class: "evidence", id: "evidence" }, out);
}

function actor(a) {
  if (!a) return "—";
  const name = a.name && a.name !== a.text ? `${a.name} (“${a.text}”)` : a.text;
  const codes = [a.country, a.sector].filter(Boolean).join(" ");
  return codes ? `${name} · ${codes}` : name;
}

function place(p) {
  if (!p) return "—";
  const name = p.name || p.text;
  const where = [p.admin1, p.country].filter(Boolean).join(", ");
  const coords = p.lat !== null && p.lon !== null ? ` (${p.lat.toFixed(3)}, ${p.lon.toFixed(3)})` : "";
  return `${name}${where ? `, ${where}` : ""}${coords}${p.precision ? ` · ${p.precision}` : ""}`;
}

function date(event, doc) {
  const d = event.date;
  if (d && d.start_date) {
    const span = d.end_date && d.end_date !== d.start_date ? `${d.start_date} – ${d.end_date}` : d.start_date;
    return `${span} (“${d.text}”)`;
  }
  return doc.published ? `${doc.published} (published; no date in the text)` : "—";
}

function link(doc) {
  const href = safeUrl(doc.url);
  const title = doc.title || doc.doc_id;
  if (!href) return el("span", {}, title);
  return el("a", { href, target: "_blank", rel: "noopener noreferrer nofollow" }, title);
}

/**
 * Render /api/events/{id}'s answer into `node`.
 * @param {{onClose: Function, onMap: Function}} actions
 */
export function renderEvent(node, data, actions) {
  const e = data.event;
  const doc = data.document;
  const dot = el("span", { class: "dot" });
  dot.style.background = colorOf(e.type);
  const counts = Object.entries(e.counts || {}).map(([k, v]) => `${k} ${fmt(v)}`).join(", ");
  const legend = el("div", { class: "legend" },
    ROLES.map(([role, name]) => el("mark", { class: role }, name)));
  const fields = [
    ["Source", actor(e.source)],
    ["Target", actor(e.target)],
    ["Place", place(e.location)],
    ["Date", date(e, doc)],
    ["Mode", e.mode || "—"],
    ["Factuality", e.factuality],
    ["Counts", counts || "—"],
    ["Cross-border", e.cross_border === null ? "unknown" : e.cross_border ? "yes" : "no"],
    ["Contexts", (e.contexts || []).join(", ") || "—"],
    ["CAMEO root · quad", `${e.cameo_root || "—"} · ${e.quad_class ?? "—"}`],
    ["Confidence", String(e.confidence)],
  ];
  const sources = data.sources.length ? data.sources : [{ ...doc, event_id: e.id, type: e.type }];
  const cluster = data.cluster
    ? el("p", { class: "note" }, `Reported by ${data.cluster.n_documents} document(s), ` +
      `${data.cluster.n_events} event record(s) in this cluster.`)
    : null;
  const onMap = e.location && e.location.lat !== null && e.location.lon !== null
    ? el("button", { type: "button", onclick: () => actions.onMap(e.location.lat, e.location.lon) },
      "Show on map")
    : null;
  replace(node,
    el("header", {},
      el("span", { class: "chip" }, dot),
      el("h2", { id: "event-type" }, e.type),
      onMap,
      el("button", { type: "button", id: "event-close", onclick: actions.onClose }, "Close")),
    markedSentence(e),
    legend,
    el("dl", {}, fields.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
    el("h3", {}, "Reported in"),
    cluster,
    el("ol", { class: "sources" }, sources.map((s) => el("li", {},
      link(s),
      el("span", { class: "sub" },
        [s.doc_id, s.published ? `published ${s.published}` : null,
          s.event_id === e.id ? "this report" : s.type].filter(Boolean).join(" · ")),
      s.evidence && s.event_id !== e.id ? el("span", { class: "sub" }, `“${s.evidence.text}”`) : null,
    ))),
    el("p", { class: "note" }, `Event id ${e.id}`),
  );
  node.hidden = false;
  node.focus();
}

/** One row of the event list. */
export function listItem(row, onOpen) {
  const dot = el("span", { class: "dot" });
  dot.style.background = colorOf(row.type);
  const who = [row.source && (row.source.name || row.source.text),
    row.target && (row.target.name || row.target.text)].filter(Boolean).join(" → ");
  const where = row.location ? row.location.name || row.location.text : "";
  const when = (row.date && row.date.start_date) || row.published || "undated";
  return el("li", {},
    el("button", { type: "button", "data-event-id": row.id, onclick: () => onOpen(row.id) },
      el("span", { class: "meta" },
        el("span", { class: "chip" }, dot, el("span", { class: "type" }, row.type)),
        el("span", {}, when),
        who ? el("span", { class: "who" }, who) : null,
        where ? el("span", {}, `@ ${where}`) : null),
      el("span", { class: "sentence" }, row.evidence.text)));
}
