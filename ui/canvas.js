// The respnet canvas: a vis-network drawing that answers clicks (a Streamlit
// custom component, v2). Python sends {key, nodes, edges, options, text,
// file, height}; the canvas sends back, as state, `selected` (the node
// clicked), `hidden` (nodes hidden) and `pinned` ({id: [x, y]}), and, as a
// trigger, `expand` (the node double-clicked). vis-network itself comes from
// the pyvis package (VIS, prepended by ui/canvas.py): its address in the
// app's static folder, which the browser keeps between pages, or its source
// inlined. No CDN.

function loadVis() {
  if (window.vis) return Promise.resolve(window.vis);
  if (!window.rnVisLoading) {
    window.rnVisLoading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      if (VIS.source) {
        script.textContent = VIS.source;
        document.head.appendChild(script);
        resolve(window.vis);
        return;
      }
      script.src = VIS.url;
      script.onload = () => resolve(window.vis);
      script.onerror = () => {
        window.rnVisLoading = null; // the next drawing tries again
        reject(new Error(`vis-network not loaded from ${VIS.url}`));
      };
      document.head.appendChild(script);
    });
  }
  return window.rnVisLoading;
}

function download(name, url) {
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  setTimeout(() => { a.remove(); if (url.startsWith("blob:")) URL.revokeObjectURL(url); }, 2000);
}

function escapeXml(text) {
  return String(text).replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]);
}

function colourOf(value, fallback) {
  if (!value) return fallback;
  if (typeof value === "string") return value;
  return value.background || fallback;
}

// A node's outline in the SVG: "box" (rect), "ellipse", or a marker shape of
// radius r; and the half-extents an edge stops at.
function outline(n) {
  const lines = String(n.label || "").split("\n");
  const longest = Math.max(...lines.map((l) => l.length));
  if (n.shape === "box" || n.shape === "database") return { kind: "box", rx: (longest * 13 + 16) / 2, ry: (lines.length * 16 + 10) / 2, lines };
  if (n.shape === "ellipse") return { kind: "ellipse", rx: longest * 7 + 14, ry: lines.length * 9 + 8, lines };
  const r = n.size || 14;
  return { kind: n.shape || "dot", rx: r, ry: r, lines };
}

// Where a line from (dx, dy) away meets the outline (an ellipse of the half-extents).
function reach(o, dx, dy) {
  const d = Math.hypot(dx, dy) || 1;
  const c = dx / d, s = dy / d;
  return (o.rx * o.ry) / Math.sqrt((o.ry * c) ** 2 + (o.rx * s) ** 2);
}

function polygon(kind, x, y, r) {
  const points = [];
  const corners = { triangle: 3, diamond: 4, square: 4, star: 10 }[kind];
  const turn = kind === "square" ? Math.PI / 4 : -Math.PI / 2;
  for (let i = 0; i < corners; i++) {
    const radius = kind === "star" && i % 2 ? r * 0.45 : r;
    const a = turn + (2 * Math.PI * i) / corners;
    points.push(`${x + radius * Math.cos(a)},${y + radius * Math.sin(a)}`);
  }
  return points.join(" ");
}

// The drawing as SVG: every node's shape at its position, edges as lines from
// outline to outline with arrows, labels as text.
function toSvg(network, nodes, edges) {
  const pos = network.getPositions();
  const ids = Object.keys(pos);
  if (!ids.length) return "<svg xmlns='http://www.w3.org/2000/svg'/>";
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const id of ids) {
    x0 = Math.min(x0, pos[id].x); y0 = Math.min(y0, pos[id].y);
    x1 = Math.max(x1, pos[id].x); y1 = Math.max(y1, pos[id].y);
  }
  const shapes = Object.fromEntries(nodes.map((n) => [n.id, outline(n)]));
  const pad = 160;
  const parts = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="${x0 - pad} ${y0 - pad} ${x1 - x0 + 2 * pad} ${y1 - y0 + 2 * pad}" font-family="Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, sans-serif">`);
  parts.push('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#888"/></marker></defs>');
  parts.push(`<rect x="${x0 - pad}" y="${y0 - pad}" width="${x1 - x0 + 2 * pad}" height="${y1 - y0 + 2 * pad}" fill="#ffffff"/>`);
  edges.forEach((e) => {
    const a = pos[e.from], b = pos[e.to];
    if (!a || !b || !shapes[e.from] || !shapes[e.to]) return;
    const dx = b.x - a.x, dy = b.y - a.y, d = Math.hypot(dx, dy) || 1;
    const from = reach(shapes[e.from], dx, dy), to = reach(shapes[e.to], dx, dy) + 2;
    if (from + to >= d) return;
    const sx = a.x + (dx / d) * from, sy = a.y + (dy / d) * from, tx = b.x - (dx / d) * to, ty = b.y - (dy / d) * to;
    const colour = colourOf(e.color, "#9aa5b1");
    const dash = e.dashes ? ' stroke-dasharray="6 4"' : "";
    parts.push(`<line x1="${sx}" y1="${sy}" x2="${tx}" y2="${ty}" stroke="${colour}" stroke-width="${e.width || 1}"${dash} marker-end="url(#arrow)"><title>${escapeXml(e.title || e.label || "")}</title></line>`);
    if (e.label) parts.push(`<text x="${(a.x + b.x) / 2}" y="${(a.y + b.y) / 2}" font-size="10" fill="#555" text-anchor="middle">${escapeXml(e.label)}</text>`);
  });
  nodes.forEach((n) => {
    const p = pos[n.id];
    if (!p) return;
    const o = shapes[n.id];
    const fill = colourOf(n.color, "#97c2fc");
    const border = (n.color && n.color.border) || "#555";
    const width = n.borderWidth || 1;
    const stroke = `fill="${fill}" stroke="${border}" stroke-width="${width}"`;
    if (o.kind === "box") {
      parts.push(`<rect x="${p.x - o.rx}" y="${p.y - o.ry}" width="${2 * o.rx}" height="${2 * o.ry}" rx="4" ${stroke}/>`);
    } else if (o.kind === "ellipse") {
      parts.push(`<ellipse cx="${p.x}" cy="${p.y}" rx="${o.rx}" ry="${o.ry}" ${stroke}/>`);
    } else if (["triangle", "diamond", "square", "star"].includes(o.kind)) {
      parts.push(`<polygon points="${polygon(o.kind, p.x, p.y, o.rx * 1.2)}" ${stroke}/>`);
    } else {
      parts.push(`<circle cx="${p.x}" cy="${p.y}" r="${o.rx}" ${stroke}/>`);
    }
    const inside = o.kind === "box" || o.kind === "ellipse";
    const ty = inside ? p.y - (o.lines.length - 1) * 8 + 4 : p.y + o.ry * 1.2 + 14;
    o.lines.forEach((line, i) => {
      parts.push(`<text x="${p.x}" y="${ty + i * 16}" font-size="13" text-anchor="middle" fill="${o.kind === "box" ? "#fff" : "#222"}">${escapeXml(line)}</text>`);
    });
  });
  parts.push("</svg>");
  return parts.join("\n");
}

export default function (component) {
  loadVis().then(
    (vis) => draw(component, vis),
    (error) => {
      console.error(error);
      const notice = document.createElement("div");
      notice.className = "rn-status rn-unavailable";
      notice.textContent = component.data.text.unavailable;
      component.parentElement.replaceChildren(notice);
    },
  );
}

function draw(component, vis) {
  const { data, parentElement, setStateValue, setTriggerValue } = component;
  parentElement.querySelector(".rn-unavailable")?.remove();
  let root = parentElement.querySelector(".rn-canvas");
  if (!root) {
    root = document.createElement("div");
    root.className = "rn-canvas";
    root.innerHTML = '<div class="rn-tools"></div><div class="rn-graph"></div><div class="rn-status"></div>';
    parentElement.appendChild(root);
  }
  const graph = root.querySelector(".rn-graph");
  graph.style.height = `${data.height || 620}px`;
  const status = root.querySelector(".rn-status");
  if (root.dataset.key === data.key && root.network) {
    return; // the same drawing: keep the network as the inspector arranged it
  }
  if (root.network) root.network.destroy();
  const state = { hidden: [...(data.hidden || [])], pinned: { ...(data.pinned || {}) }, selected: data.selected || null };
  const nodeItems = data.nodes.map((n) => {
    const at = state.pinned[n.id];
    return at ? { ...n, x: at[0], y: at[1], fixed: true, physics: false } : n;
  });
  const nodes = new vis.DataSet(nodeItems);
  const edges = new vis.DataSet(data.edges);
  const network = new vis.Network(graph, { nodes, edges }, data.options);
  root.network = network;
  root.dataset.key = data.key;
  const text = data.text;

  const tools = root.querySelector(".rn-tools");
  tools.innerHTML = "";
  const button = (label, name, action) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.dataset.action = name;
    b.onclick = action;
    tools.appendChild(b);
    return b;
  };
  const chosen = () => network.getSelectedNodes()[0] || state.selected;
  button(text.fit, "fit", () => network.fit({ animation: false }));
  if (data.expandable) button(text.expand, "expand", () => { const n = chosen(); if (n) setTriggerValue("expand", n); });
  button(text.pin, "pin", () => {
    const n = chosen();
    if (!n) return;
    if (state.pinned[n]) {
      delete state.pinned[n];
      nodes.update({ id: n, fixed: false });
    } else {
      const p = network.getPositions([n])[n];
      state.pinned[n] = [p.x, p.y];
      nodes.update({ id: n, fixed: true });
    }
    setStateValue("pinned", { ...state.pinned });
    status.textContent = state.pinned[n] ? text.pinned : text.unpinned;
  });
  button(text.hide, "hide", () => {
    const n = chosen();
    if (!n) return;
    state.hidden.push(n);
    nodes.remove(n);
    setStateValue("hidden", [...state.hidden]);
  });
  button(text.show_all, "show_all", () => setStateValue("hidden", []));
  button(text.png, "png", () => {
    const source = graph.querySelector("canvas");
    const out = document.createElement("canvas");
    out.width = source.width;
    out.height = source.height;
    const g = out.getContext("2d");
    g.fillStyle = "#ffffff";
    g.fillRect(0, 0, out.width, out.height);
    g.drawImage(source, 0, 0);
    download(`${data.file}.png`, out.toDataURL("image/png"));
  });
  button(text.svg, "svg", () => {
    const svg = toSvg(network, nodes.get(), edges.get());
    download(`${data.file}.svg`, URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" })));
  });

  network.on("click", (params) => {
    if (params.nodes.length) {
      state.selected = params.nodes[0];
      setStateValue("selected", params.nodes[0]);
    }
  });
  network.on("doubleClick", (params) => {
    if (data.expandable && params.nodes.length) setTriggerValue("expand", params.nodes[0]);
  });
  network.once("stabilizationIterationsDone", () => network.setOptions({ physics: false }));
  network.once("afterDrawing", () => { root.dataset.drawn = String(nodes.length); });
  if (state.selected && nodes.get(state.selected)) network.selectNodes([state.selected]);
  return () => {};
}
