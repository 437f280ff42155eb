// The page's state (filters, selected place and time range, list page, open event), kept in
// the URL fragment so that a copied link shows the same view, and the wiring between views:
// every filter change reloads the map, the timeline, the network and the list, each from its
// own server-side aggregate; nothing asks for all events.
import { aborted, getJson, latest } from "./api.js";
import { TYPES, colorOf } from "./colors.js";
import { el, fmt, replace } from "./dom.js";
import { listItem, renderEvent } from "./event.js";
import { EventMap } from "./map.js";
import { Network } from "./network.js";
import { Timeline } from "./timeline.js";

const PAGE = 50;
const $ = (id) => document.getElementById(id);

const state = {
  types: new Set(),
  place: "", // place country
  actor: "", // actor country
  q: "",
  since: "",
  until: "",
  inView: false, // restrict the other views to the map's visible box
  box: null, // {bbox: [w, s, e, n], label} a place picked on the map
  window: null, // [since, until] the timeline zoomed to
  showAll: false, // the timeline shows every date, even stray ones
  offset: 0,
  event: "",
};

// ---- the URL fragment ------------------------------------------------------------------

function toHash() {
  const p = new URLSearchParams();
  if (state.types.size) p.set("type", [...state.types].join(","));
  for (const [k, v] of [["place_country", state.place], ["actor_country", state.actor],
    ["q", state.q], ["since", state.since], ["until", state.until], ["event", state.event]]) {
    if (v) p.set(k, v);
  }
  if (state.inView) p.set("in_view", "1");
  if (state.box) { p.set("box", state.box.bbox.join(",")); p.set("box_label", state.box.label); }
  if (state.offset) p.set("offset", String(state.offset));
  return p.toString();
}

function fromHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  state.types = new Set((p.get("type") || "").split(",").filter((t) => t));
  state.place = p.get("place_country") || "";
  state.actor = p.get("actor_country") || "";
  state.q = p.get("q") || "";
  state.since = p.get("since") || "";
  state.until = p.get("until") || "";
  state.event = p.get("event") || "";
  state.inView = p.get("in_view") === "1";
  const box = (p.get("box") || "").split(",").map(Number);
  state.box = box.length === 4 && box.every(Number.isFinite)
    ? { bbox: box, label: p.get("box_label") || "selected place" } : null;
  state.offset = Math.max(0, parseInt(p.get("offset") || "0", 10) || 0);
}

function saveHash() {
  history.replaceState(null, "", `#${toHash()}`);
}

// ---- query parameters for the API --------------------------------------------------------

/** The API filters of the current state; `skip` leaves out "dates" or "box". */
function filters(skip = new Set()) {
  const out = {
    type: [...state.types],
    place_country: state.place,
    actor_country: state.actor,
    q: state.q,
  };
  if (!skip.has("dates")) { out.since = state.since; out.until = state.until; }
  if (!skip.has("box")) {
    if (state.box) out.bbox = state.box.bbox.join(",");
    else if (state.inView && map) out.bbox = map.bbox();
  }
  return out;
}

// ---- views -------------------------------------------------------------------------------

let map = null;
let timeline = null;
let network = null;
const fetchMap = latest();
const fetchTimeline = latest();
const fetchNetwork = latest();
const fetchList = latest();
const fetchStats = latest();

function fail(error) {
  if (aborted(error)) return;
  const box = $("error");
  box.textContent = error.message || String(error);
  box.hidden = false;
  setTimeout(() => { box.hidden = true; }, 8000);
}

async function loadMap() {
  const params = { ...filters(new Set(["box"])), zoom: map.zoom(), bbox: map.bbox() };
  const data = await fetchMap("/api/map", params);
  map.show(data);
  const notes = [`${fmt(data.located)} located events in view`];
  if (data.unlocated) notes.push(`${fmt(data.unlocated)} without coordinates`);
  $("map-note").textContent = notes.join(" · ");
}

const DAY_MS = 86400000;
const span = (a, b) => (Date.parse(b) - Date.parse(a)) / DAY_MS + 1;

async function loadTimeline() {
  const params = filters(new Set(["dates"]));
  let view = state.window;
  let data = null;
  if (!view) {
    data = await fetchTimeline("/api/timeline", params);
    // A few stray dates (a group "founded in 1984") would squeeze the rest into one bar:
    // show the middle 90% of dates unless the reader asks for everything.
    const core = data.core;
    if (!state.showAll && core && span(core[0], core[1]) * 4 < span(data.first, data.last)) {
      view = core;
    }
  }
  if (view) {
    data = await fetchTimeline("/api/timeline", { ...params, since: view[0], until: view[1] });
  }
  timeline.show(data, state.since, state.until);
  const notes = [`by ${data.interval}`, "drag to select dates"];
  if (data.undated) notes.push(`${fmt(data.undated)} undated`);
  if (view && !state.window) notes.push(`showing ${view[0]} – ${view[1]}`);
  $("timeline-note").textContent = notes.join(" · ");
  $("t-zoom").hidden = !(state.since || state.until);
  $("t-all").hidden = !view;
  $("t-clear").hidden = !(state.since || state.until);
}

async function loadNetwork() {
  const data = await fetchNetwork("/api/network", { ...filters(), limit: 30 });
  network.show(data);
  $("network-note").textContent = `${data.nodes.length} actors · ${data.edges.length} links`;
}

async function loadList() {
  const data = await fetchList("/api/events", { ...filters(), limit: PAGE, offset: state.offset });
  const list = $("list");
  replace(list, data.events.map((row) => listItem(row, openEvent)));
  if (!data.events.length) list.append(el("li", { class: "note" }, "No events match."));
  const first = data.total ? state.offset + 1 : 0;
  const last = state.offset + data.events.length;
  $("page").textContent = `${fmt(first)}–${fmt(last)} of ${fmt(data.total)}`;
  $("prev").disabled = state.offset === 0;
  $("next").disabled = last >= data.total;
  const chips = [];
  if (state.box) {
    chips.push(el("button", { type: "button", class: "chip filter", id: "box-chip",
      title: "Remove the place filter", onclick: () => { state.box = null; changed(); } },
    `at ${state.box.label} ×`));
  }
  replace($("list-note"), "oldest first ", chips);
}

async function loadStats() {
  // Type chips count the events of the other filters, so every type stays clickable.
  const params = filters();
  delete params.type;
  const [all, selected] = await Promise.all([
    fetchStats("/api/stats", params),
    state.types.size ? getJson("/api/stats", filters()) : null,
  ]);
  const counts = Object.fromEntries(all.by_type.map((r) => [r.key, r.events]));
  const known = TYPES.concat(Object.keys(counts).filter((t) => !TYPES.includes(t)));
  replace($("types"), known.map((type) => {
    const dot = el("span", { class: "dot" });
    dot.style.background = colorOf(type);
    return el("button", {
      type: "button", class: "chip", "data-type": type,
      "aria-pressed": state.types.has(type) ? "true" : "false",
      disabled: !counts[type] && !state.types.has(type),
      onclick: () => toggleType(type),
    }, dot, type, el("span", { class: "n" }, fmt(counts[type] || 0)));
  }));
  const total = selected ? selected.total : all.total;
  $("total").textContent = `${fmt(total)} event${total === 1 ? "" : "s"}`;
}

function run(loader) {
  return loader().catch(fail);
}

function refresh({ mapToo = true } = {}) {
  saveHash();
  map.select(state.box ? state.box.bbox : null);
  if (mapToo) run(loadMap);
  run(loadTimeline);
  run(loadNetwork);
  run(loadList);
  run(loadStats);
}

/** A filter changed: back to the list's first page, then reload every view. */
function changed() {
  state.offset = 0;
  syncForm();
  refresh();
}

function toggleType(type) {
  if (state.types.has(type)) state.types.delete(type);
  else state.types.add(type);
  changed();
}

// ---- the event view ----------------------------------------------------------------------

async function openEvent(id) {
  state.event = id;
  saveHash();
  try {
    const data = await getJson(`/api/events/${encodeURIComponent(id)}`);
    renderEvent($("event"), data, {
      onClose: closeEvent,
      onMap: (lat, lon) => map.focus(lat, lon),
    });
  } catch (error) {
    fail(error);
  }
}

function closeEvent() {
  state.event = "";
  $("event").hidden = true;
  saveHash();
}

// ---- the filter form ---------------------------------------------------------------------

function syncForm() {
  $("f-q").value = state.q;
  $("f-place").value = state.place;
  $("f-actor").value = state.actor;
  $("f-since").value = state.since;
  $("f-until").value = state.until;
  $("f-view").checked = state.inView;
}

async function fillCountries() {
  const [places, actors] = await Promise.all([
    getJson("/api/places", { by: "country", limit: 1000 }),
    getJson("/api/actors", { by: "country", limit: 1000 }),
  ]);
  const options = (select, rows) => {
    for (const row of rows) {
      if (!row.country) continue;
      select.append(el("option", { value: row.country }, `${row.country} (${fmt(row.events)})`));
    }
  };
  options($("f-place"), places.places);
  options($("f-actor"), actors.actors);
  syncForm();
}

function wireForm() {
  let typing = null;
  $("filters").addEventListener("submit", (e) => e.preventDefault());
  $("f-q").addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => { state.q = $("f-q").value.trim(); changed(); }, 300);
  });
  $("f-place").addEventListener("change", () => { state.place = $("f-place").value; changed(); });
  $("f-actor").addEventListener("change", () => { state.actor = $("f-actor").value; changed(); });
  $("f-since").addEventListener("change", () => { state.since = $("f-since").value; changed(); });
  $("f-until").addEventListener("change", () => { state.until = $("f-until").value; changed(); });
  $("f-view").addEventListener("change", () => { state.inView = $("f-view").checked; changed(); });
  $("f-reset").addEventListener("click", () => {
    Object.assign(state, { types: new Set(), place: "", actor: "", q: "", since: "", until: "",
      inView: false, box: null, window: null, showAll: false });
    changed();
  });
  $("f-share").addEventListener("click", async () => {
    saveHash();
    try {
      await navigator.clipboard.writeText(location.href);
      $("f-share").textContent = "Link copied";
    } catch {
      $("f-share").textContent = "Copy the address bar";
    }
    setTimeout(() => { $("f-share").textContent = "Copy link"; }, 2000);
  });
  $("prev").addEventListener("click", () => {
    state.offset = Math.max(0, state.offset - PAGE);
    saveHash();
    run(loadList);
  });
  $("next").addEventListener("click", () => {
    state.offset += PAGE;
    saveHash();
    run(loadList);
  });
  $("t-zoom").addEventListener("click", () => {
    state.window = [state.since || "", state.until || ""];
    run(loadTimeline);
  });
  $("t-all").addEventListener("click", () => {
    state.window = null;
    state.showAll = true;
    run(loadTimeline);
  });
  $("t-clear").addEventListener("click", () => {
    state.since = "";
    state.until = "";
    changed();
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !$("event").hidden) closeEvent();
  });
}

// ---- start -------------------------------------------------------------------------------

function start() {
  fromHash();
  map = new EventMap($("map"), {
    tileUrl: document.body.dataset.tileUrl || "",
    onView: () => {
      run(loadMap);
      if (state.inView && !state.box) refresh({ mapToo: false });
    },
    onPlace: (box) => { state.box = box; changed(); },
    onEvent: openEvent,
  });
  timeline = new Timeline($("timeline"), (since, until) => {
    state.since = since;
    state.until = until;
    changed();
  });
  network = new Network($("network"), $("network-info"), (node) => {
    if (node.country) { state.actor = node.country; changed(); }
  });
  wireForm();
  syncForm();
  fillCountries().catch(fail);
  refresh();
  if (state.event) openEvent(state.event);
  window.addEventListener("hashchange", () => {
    fromHash();
    syncForm();
    refresh();
    if (state.event) openEvent(state.event);
    else $("event").hidden = true;
  });
}

// Leaflet and the TopoJSON decoder are classic scripts with `defer`: they have run before
// DOMContentLoaded, and module scripts run after deferred ones, so they are ready here.
start();
