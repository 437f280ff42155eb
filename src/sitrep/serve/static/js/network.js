// The actor network: the top actors of the selected events (/api/network) as circles sized by
// their events, and who-acts-on-whom as arrows weighted by event count and coloured by the
// most frequent type. Laid out by a small force simulation (repulsion between all actors,
// springs along edges, a pull to the centre), run to rest before drawing: at most a few
// hundred actors, so a few hundred O(n²) steps take milliseconds.
import { colorOf } from "./colors.js";

/** A deterministic pseudo-random sequence, so the same data gives the same picture. */
function seeded(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Positions in [0, 1]² for `nodes` linked by `edges` ({source, target, events}). */
export function layout(nodes, edges, steps = 400) {
  const n = nodes.length;
  const rand = seeded(n * 7919 + edges.length);
  const pos = nodes.map((_, i) => {
    const a = (2 * Math.PI * i) / Math.max(n, 1);
    return { x: 0.5 + 0.35 * Math.cos(a) + 0.02 * rand(), y: 0.5 + 0.35 * Math.sin(a) + 0.02 * rand() };
  });
  if (n < 2) return n ? [{ x: 0.5, y: 0.5 }] : [];
  const k = 0.9 / Math.sqrt(n);
  const maxW = Math.max(1, ...edges.map((e) => e.events));
  for (let step = 0; step < steps; step++) {
    const temp = 0.08 * (1 - step / steps) + 0.002;
    const disp = pos.map(() => ({ x: 0, y: 0 }));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let dx = pos[i].x - pos[j].x;
        let dy = pos[i].y - pos[j].y;
        let d2 = dx * dx + dy * dy;
        if (d2 < 1e-9) { dx = rand() - 0.5; dy = rand() - 0.5; d2 = 1e-4; }
        const f = (k * k) / d2;
        disp[i].x += dx * f; disp[i].y += dy * f;
        disp[j].x -= dx * f; disp[j].y -= dy * f;
      }
    }
    for (const e of edges) {
      const a = pos[e.source];
      const b = pos[e.target];
      const dx = a.x - b.x;
      const dy = a.y - b.y;
      const d = Math.sqrt(dx * dx + dy * dy) || 1e-6;
      const f = (d / k) * (0.5 + (0.5 * e.events) / maxW);
      disp[e.source].x -= dx * f; disp[e.source].y -= dy * f;
      disp[e.target].x += dx * f; disp[e.target].y += dy * f;
    }
    for (let i = 0; i < n; i++) {
      disp[i].x += (0.5 - pos[i].x) * 1.5;
      disp[i].y += (0.5 - pos[i].y) * 1.5;
      const len = Math.sqrt(disp[i].x ** 2 + disp[i].y ** 2) || 1;
      const move = Math.min(len, temp);
      pos[i].x += (disp[i].x / len) * move;
      pos[i].y += (disp[i].y / len) * move;
    }
  }
  // fit to the unit square
  const xs = pos.map((p) => p.x);
  const ys = pos.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return pos.map((p) => ({
    x: (p.x - x0) / Math.max(x1 - x0, 1e-6),
    y: (p.y - y0) / Math.max(y1 - y0, 1e-6),
  }));
}

export class Network {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {HTMLElement} info where the hovered actor is described
   * @param {(node: object) => void} onPick called with a clicked actor
   */
  constructor(canvas, info, onPick) {
    this.canvas = canvas;
    this.info = info;
    this.defaultInfo = info.textContent;
    this.onPick = onPick;
    this.data = { nodes: [], edges: [] };
    this.pos = [];
    this.hover = -1;
    canvas.addEventListener("pointermove", (e) => this.moved(e));
    canvas.addEventListener("pointerleave", () => { this.hover = -1; this.describe(); this.draw(); });
    canvas.addEventListener("click", (e) => {
      const i = this.hit(e);
      if (i >= 0) this.onPick(this.data.nodes[i]);
    });
    new ResizeObserver(() => this.draw()).observe(canvas);
  }

  /** Show one /api/network answer. */
  show(data) {
    this.data = data;
    this.pos = layout(data.nodes, data.edges);
    this.hover = -1;
    this.describe();
    this.draw();
  }

  radius(node) {
    const max = Math.max(1, ...this.data.nodes.map((n) => n.events));
    return 4 + 14 * Math.sqrt(node.events / max);
  }

  screen(i) {
    const pad = 40;
    const w = this.canvas.clientWidth;
    const h = this.canvas.clientHeight;
    return { x: pad + this.pos[i].x * (w - 2 * pad), y: 20 + this.pos[i].y * (h - 40) };
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
    const { nodes, edges } = this.data;
    g.font = "11px system-ui, sans-serif";
    if (!nodes.length) {
      g.fillStyle = "#5b6775";
      g.fillText("No actors for these filters.", 10, 20);
      return;
    }
    const maxW = Math.max(1, ...edges.map((e) => e.events));
    const near = (e) => this.hover < 0 || e.source === this.hover || e.target === this.hover;
    for (const e of edges) {
      const a = this.screen(e.source);
      const b = this.screen(e.target);
      const top = Object.keys(e.types)[0];
      const width = 1 + 4 * Math.sqrt(e.events / maxW);
      g.globalAlpha = near(e) ? 0.75 : 0.08;
      arrow(g, a, b, this.radius(nodes[e.target]), width, colorOf(top));
    }
    g.globalAlpha = 1;
    const labelled = new Set(
      nodes.map((n, i) => [n.events, i]).sort((p, q) => q[0] - p[0]).slice(0, 14).map((p) => p[1]),
    );
    nodes.forEach((node, i) => {
      const p = this.screen(i);
      const r = this.radius(node);
      const share = node.events ? node.as_source / node.events : 0;
      g.beginPath();
      g.arc(p.x, p.y, r, 0, 2 * Math.PI);
      // dark for actors that mostly act, light for those mostly acted on
      g.fillStyle = `hsl(210, 45%, ${78 - 48 * share}%)`;
      g.fill();
      g.lineWidth = i === this.hover ? 3 : 1;
      g.strokeStyle = i === this.hover ? "#0b5cad" : "#ffffff";
      g.stroke();
      if (labelled.has(i) || i === this.hover) {
        g.fillStyle = "#1d2733";
        // keep labels inside the canvas: anchor them on the side they would overflow
        const text = label(node);
        const half = g.measureText(text).width / 2;
        const x = Math.min(Math.max(p.x, half + 2), w - half - 2);
        g.textAlign = "center";
        g.fillText(text, x, p.y - r - 3);
      }
    });
  }

  hit(e) {
    const rect = this.canvas.getBoundingClientRect();
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    let best = -1;
    let bestD = Infinity;
    this.data.nodes.forEach((node, i) => {
      const p = this.screen(i);
      const d = Math.hypot(p.x - x, p.y - y);
      if (d <= this.radius(node) + 3 && d < bestD) { best = i; bestD = d; }
    });
    return best;
  }

  moved(e) {
    const i = this.hit(e);
    if (i === this.hover) return;
    this.hover = i;
    this.canvas.style.cursor = i >= 0 ? "pointer" : "default";
    this.describe();
    this.draw();
  }

  describe() {
    const node = this.data.nodes[this.hover];
    if (!node) {
      this.info.textContent = this.defaultInfo;
      return;
    }
    const out = this.data.edges.filter((e) => e.source === this.hover);
    const inc = this.data.edges.filter((e) => e.target === this.hover);
    const names = (list, key) => list.slice(0, 3)
      .map((e) => `${label(this.data.nodes[e[key]])} (${e.events})`).join(", ");
    const parts = [`${label(node)}${node.sector ? ` · ${node.sector}` : ""}: ` +
      `${node.events} events, ${node.as_source} as source, ${node.as_target} as target.`];
    if (out.length) parts.push(`Acts on ${names(out, "target")}.`);
    if (inc.length) parts.push(`Acted on by ${names(inc, "source")}.`);
    this.info.textContent = parts.join(" ");
  }
}

function label(node) {
  const name = node.name.length > 24 ? `${node.name.slice(0, 23)}…` : node.name;
  return node.country ? `${name} (${node.country})` : name;
}

function arrow(g, a, b, targetRadius, width, color) {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const d = Math.hypot(dx, dy) || 1;
  const ux = dx / d;
  const uy = dy / d;
  const tip = { x: b.x - ux * (targetRadius + 2), y: b.y - uy * (targetRadius + 2) };
  const head = 5 + width;
  g.strokeStyle = color;
  g.fillStyle = color;
  g.lineWidth = width;
  g.beginPath();
  g.moveTo(a.x, a.y);
  g.lineTo(tip.x - ux * head * 0.8, tip.y - uy * head * 0.8);
  g.stroke();
  g.beginPath();
  g.moveTo(tip.x, tip.y);
  g.lineTo(tip.x - ux * head - uy * head * 0.5, tip.y - uy * head + ux * head * 0.5);
  g.lineTo(tip.x - ux * head + uy * head * 0.5, tip.y - uy * head - ux * head * 0.5);
  g.closePath();
  g.fill();
}
