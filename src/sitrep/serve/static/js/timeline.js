// The timeline: stacked bars of event counts by type per day, week, month or year
// (/api/timeline), on a true time axis (empty periods are gaps). Dragging across it selects a
// date range, which filters the map, the network and the list; a click clears it.
import { colorOf, TYPES } from "./colors.js";
import { compact } from "./dom.js";

const DAY = 86400000;
const PAD = { left: 34, right: 10, top: 8, bottom: 20 };

/** The last day of the period starting at `start` (a UTC Date) for `interval`. */
function periodEnd(start, interval) {
  const d = new Date(start);
  if (interval === "week") d.setUTCDate(d.getUTCDate() + 6);
  else if (interval === "month") d.setUTCMonth(d.getUTCMonth() + 1, 0);
  else if (interval === "year") d.setUTCFullYear(d.getUTCFullYear() + 1, 0, 0);
  return d;
}

const iso = (d) => d.toISOString().slice(0, 10);
const parse = (s) => new Date(`${s}T00:00:00Z`);

export class Timeline {
  /** @param {HTMLCanvasElement} canvas  @param {(since: string, until: string) => void} onBrush */
  constructor(canvas, onBrush) {
    this.canvas = canvas;
    this.onBrush = onBrush;
    this.data = null;
    this.range = null; // [since, until] ISO days, or null
    this.drag = null;
    canvas.addEventListener("pointerdown", (e) => this.down(e));
    canvas.addEventListener("pointermove", (e) => this.move(e));
    canvas.addEventListener("pointerup", (e) => this.up(e));
    new ResizeObserver(() => this.draw()).observe(canvas);
  }

  /** Show one /api/timeline answer with the selected range (ISO days or ""). */
  show(data, since, until) {
    this.data = data;
    this.range = since || until ? [since || data.first, until || data.last] : null;
    this.draw();
  }

  scale() {
    const { buckets, interval } = this.data;
    const t0 = parse(buckets[0].start).getTime();
    const t1 = periodEnd(parse(buckets[buckets.length - 1].start), interval).getTime() + DAY;
    const width = this.canvas.clientWidth - PAD.left - PAD.right;
    return {
      x: (t) => PAD.left + ((t - t0) / Math.max(t1 - t0, DAY)) * width,
      t: (x) => t0 + ((x - PAD.left) / width) * Math.max(t1 - t0, DAY),
      t0,
      t1,
    };
  }

  draw() {
    const c = this.canvas;
    const ratio = window.devicePixelRatio || 1;
    const w = c.clientWidth;
    const h = c.clientHeight;
    c.width = Math.round(w * ratio);
    c.height = Math.round(h * ratio);
    const g = c.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, w, h);
    g.font = "11px system-ui, sans-serif";
    g.fillStyle = "#5b6775";
    if (!this.data || !this.data.buckets.length) {
      g.fillText("No dated events for these filters.", PAD.left, h / 2);
      return;
    }
    const { buckets, interval } = this.data;
    const s = this.scale();
    const max = Math.max(...buckets.map((b) => b.events));
    const plotH = h - PAD.top - PAD.bottom;
    const y = (n) => PAD.top + plotH - (n / max) * plotH;
    // y axis: 0 and the maximum
    g.strokeStyle = "#d5dbe1";
    g.beginPath();
    g.moveTo(PAD.left, y(0) + 0.5);
    g.lineTo(w - PAD.right, y(0) + 0.5);
    g.stroke();
    g.textAlign = "right";
    g.fillText(compact(max), PAD.left - 4, PAD.top + 8);
    g.fillText("0", PAD.left - 4, y(0));
    // bars, stacked in the ontology's order
    for (const b of buckets) {
      const start = parse(b.start);
      const x0 = s.x(start.getTime());
      const x1 = s.x(periodEnd(start, interval).getTime() + DAY);
      const bw = Math.max(1, x1 - x0 - (x1 - x0 > 4 ? 1 : 0));
      let acc = 0;
      const order = TYPES.filter((t) => t in b.types)
        .concat(Object.keys(b.types).filter((t) => !TYPES.includes(t)));
      for (const type of order) {
        const n = b.types[type];
        g.fillStyle = colorOf(type);
        g.fillRect(x0, y(acc + n), bw, y(acc) - y(acc + n));
        acc += n;
      }
    }
    this.axis(g, s, h);
    this.drawRange(g, s, h);
  }

  axis(g, s, h) {
    g.fillStyle = "#5b6775";
    g.textAlign = "center";
    const first = new Date(s.t0);
    const last = new Date(s.t1);
    const years = last.getUTCFullYear() - first.getUTCFullYear();
    const ticks = [];
    if (years >= 3) {
      const step = Math.ceil(years / 8);
      for (let yr = first.getUTCFullYear() + 1; yr <= last.getUTCFullYear(); yr += step) {
        ticks.push([Date.UTC(yr, 0, 1), String(yr)]);
      }
    } else {
      const months = years * 12 + last.getUTCMonth() - first.getUTCMonth();
      const step = Math.max(1, Math.ceil(months / 8));
      if (months >= 2) {
        const d = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 1));
        for (; d <= last; d.setUTCMonth(d.getUTCMonth() + step)) {
          ticks.push([d.getTime(), iso(d).slice(0, 7)]);
        }
      } else {
        const span = (s.t1 - s.t0) / DAY;
        const stepDays = Math.max(1, Math.ceil(span / 8));
        for (let t = s.t0; t < s.t1; t += stepDays * DAY) ticks.push([t, iso(new Date(t)).slice(5)]);
      }
    }
    const right = this.canvas.clientWidth - PAD.right;
    for (const [t, label] of ticks) {
      const half = g.measureText(label).width / 2;
      g.fillText(label, Math.min(s.x(t), right - half), h - 6);
    }
  }

  drawRange(g, s, h) {
    let span = null;
    if (this.drag) span = [Math.min(this.drag.x0, this.drag.x1), Math.max(this.drag.x0, this.drag.x1)];
    else if (this.range) {
      span = [s.x(parse(this.range[0]).getTime()), s.x(parse(this.range[1]).getTime() + DAY)];
    }
    if (!span) return;
    g.fillStyle = "rgba(11, 92, 173, 0.15)";
    g.strokeStyle = "rgba(11, 92, 173, 0.8)";
    g.fillRect(span[0], PAD.top, span[1] - span[0], h - PAD.top - PAD.bottom);
    g.strokeRect(span[0] + 0.5, PAD.top + 0.5, span[1] - span[0], h - PAD.top - PAD.bottom);
  }

  local(e) {
    const rect = this.canvas.getBoundingClientRect();
    return Math.min(Math.max(e.clientX - rect.left, PAD.left),
      this.canvas.clientWidth - PAD.right);
  }

  down(e) {
    if (!this.data || !this.data.buckets.length) return;
    this.canvas.setPointerCapture(e.pointerId);
    const x = this.local(e);
    this.drag = { x0: x, x1: x };
  }

  move(e) {
    if (!this.drag) return;
    this.drag.x1 = this.local(e);
    this.draw();
  }

  up(e) {
    if (!this.drag) return;
    const { x0 } = this.drag;
    const x1 = this.local(e);
    this.drag = null;
    if (Math.abs(x1 - x0) < 3) {
      this.range = null;
      this.draw();
      this.onBrush("", "");
      return;
    }
    const s = this.scale();
    const a = new Date(s.t(Math.min(x0, x1)));
    const b = new Date(s.t(Math.max(x0, x1)) - 1);
    const since = iso(a);
    const until = iso(b);
    this.range = [since, until];
    this.draw();
    this.onBrush(since, until);
  }
}
