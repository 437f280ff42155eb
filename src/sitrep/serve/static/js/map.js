// The map: country outlines (Natural Earth 1:110m, vendored), and the events of the current
// filters as grid cells aggregated by the server (/api/map) for the visible box and zoom.
// A cell is coloured by its most frequent type and sized by its count; clicking a cell of
// many places zooms into it, a cell of one place selects that place, a single event opens it.
/* global L, topojson */
import { compact, el, fmt } from "./dom.js";
import { colorOf } from "./colors.js";

const OUTLINES = "/static/vendor/world-atlas/countries-110m.json";

export class EventMap {
  /**
   * @param {HTMLElement} node where the map goes
   * @param {{tileUrl: string, onView: Function, onPlace: Function, onEvent: Function}} opts
   */
  constructor(node, opts) {
    this.opts = opts;
    this.map = L.map(node, { worldCopyJump: true, minZoom: 1, maxZoom: 12, zoomSnap: 1 });
    this.map.attributionControl.setPrefix("Leaflet");
    if (opts.tileUrl) {
      L.tileLayer(opts.tileUrl, { maxZoom: 12, attribution: "Map tiles: configured server" })
        .addTo(this.map);
    }
    this.cells = L.layerGroup().addTo(this.map);
    this.selection = null;
    this.map.setView([25, 20], 2);
    this.map.on("moveend", () => opts.onView());
    this.loadOutlines();
  }

  async loadOutlines() {
    const response = await fetch(OUTLINES);
    const topo = await response.json();
    const countries = topojson.feature(topo, topo.objects.countries);
    for (const feature of countries.features) unwrap(feature.geometry);
    const layer = L.geoJSON(countries, {
      interactive: false,
      style: { color: "#ffffff", weight: 0.8, fillColor: "#f7f5ef", fillOpacity: 1 },
    });
    layer.addTo(this.map);
    layer.bringToBack();
    this.map.attributionControl.addAttribution("Outlines: Natural Earth");
  }

  /** The visible box as the API's bbox (lon/lat clamped; "" when the whole world shows). */
  bbox() {
    const b = this.map.getBounds();
    const west = b.getWest();
    const east = b.getEast();
    if (east - west >= 360) return "";
    const wrap = (lon) => ((((lon + 180) % 360) + 360) % 360) - 180;
    const south = Math.max(-90, b.getSouth());
    const north = Math.min(90, b.getNorth());
    const r = (v) => Math.round(v * 1e4) / 1e4;
    return [r(wrap(west)), r(south), r(wrap(east)), r(north)].join(",");
  }

  zoom() {
    return this.map.getZoom();
  }

  /** Draw the cells of one /api/map answer. */
  show(data) {
    this.cells.clearLayers();
    for (const cell of data.cells) this.cells.addLayer(this.marker(cell));
  }

  marker(cell) {
    const color = colorOf(cell.top_type);
    const size = Math.round(Math.min(46, 14 + 6 * Math.sqrt(cell.n)));
    const label = el("div", { class: "marker-cluster" }, cell.n > 1 ? compact(cell.n) : "");
    label.style.width = `${size}px`;
    label.style.height = `${size}px`;
    label.style.background = color;
    const icon = L.divIcon({ html: label, className: "", iconSize: [size, size] });
    // smaller cells on top, so a big neighbour never hides them
    const marker = L.marker([cell.lat, cell.lon], { icon, keyboard: true, zIndexOffset: -cell.n });
    marker.bindTooltip(tooltip(cell), { direction: "top", offset: [0, -size / 2] });
    marker.on("click", () => this.clicked(cell));
    return marker;
  }

  clicked(cell) {
    if (cell.event_id) {
      this.opts.onEvent(cell.event_id);
      return;
    }
    const [s, w, n, e] = cell.bounds;
    const spread = Math.max(n - s, e - w);
    if (spread > 1e-4 && this.map.getZoom() < this.map.getMaxZoom()) {
      this.map.fitBounds([[s, w], [n, e]], { padding: [40, 40], maxZoom: 12 });
      return;
    }
    // One place (or as far as the map zooms): select it; the list shows its events.
    const pad = 1e-3;
    this.opts.onPlace({
      bbox: [w - pad, s - pad, e + pad, n + pad].map((v) => Math.round(v * 1e4) / 1e4),
      label: cell.place || `${cell.lat.toFixed(2)}, ${cell.lon.toFixed(2)}`,
    });
  }

  /** Outline the selected place box (or remove the outline with null). */
  select(box) {
    if (this.selection) this.selection.remove();
    this.selection = null;
    if (!box) return;
    const [w, s, e, n] = box;
    this.selection = L.rectangle([[s, w], [n, e]], {
      color: "#1d2733", weight: 2, fill: false, dashArray: "4 3", interactive: false,
    }).addTo(this.map);
  }

  /** Centre on an event's place. */
  focus(lat, lon) {
    this.map.setView([lat, lon], Math.max(this.map.getZoom(), 7));
  }
}

/**
 * Make a geometry's rings continuous in longitude, in place. The outlines are spherical
 * (d3-geo): a ring crossing the antimeridian jumps from 180 to -180, which a flat map draws as
 * a line across the world. Unwrapped, Chukotka runs on past 180; a ring around a pole
 * (Antarctica) is closed along that pole.
 */
function unwrap(geometry) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates]
    : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (let i = 1; i < ring.length; i++) {
        const step = ring[i][0] - ring[i - 1][0];
        if (step > 180) ring[i][0] -= 360 * Math.round(step / 360);
        else if (step < -180) ring[i][0] += 360 * Math.round(-step / 360);
      }
      const first = ring[0];
      const last = ring[ring.length - 1];
      if (Math.abs(last[0] - first[0]) > 180) {
        const pole = ring.reduce((sum, p) => sum + p[1], 0) < 0 ? -90 : 90;
        ring.push([last[0], pole], [first[0], pole], [first[0], first[1]]);
      }
    }
  }
}

function tooltip(cell) {
  const rows = Object.entries(cell.types).slice(0, 6).map(([type, n]) => {
    const dot = el("span", { class: "dot" });
    dot.style.background = colorOf(type);
    return el("div", { class: "tip-row chip" }, dot, `${type} ${fmt(n)}`);
  });
  const more = Object.keys(cell.types).length > 6 ? el("div", {}, "…") : null;
  const title = cell.place || (cell.n === 1 ? "1 event" : "several places");
  const hint = cell.event_id ? "click to open" : "click to zoom in or select";
  return el("div", {},
    el("div", { class: "tip-title" }, title),
    el("div", {}, `${fmt(cell.n)} event${cell.n === 1 ? "" : "s"} · ${hint}`),
    rows, more);
}
