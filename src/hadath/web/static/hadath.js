// hadath web UI: draws the charts and the counterpart network from the JSON API.
// No data is written into the page as script: each element names its API URL in
// data-src, and every label reaches the libraries as plain text.
"use strict";

const QUADS = {
  1: { name: "تعاون لفظي (Verbal cooperation)", color: "#60a5fa" },
  2: { name: "تعاون مادي (Material cooperation)", color: "#1d4ed8" },
  3: { name: "صراع لفظي (Verbal conflict)", color: "#f59e0b" },
  4: { name: "صراع مادي (Material conflict)", color: "#dc2626" },
};

async function fetchJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(url + ": " + response.status);
  return response.json();
}

// A stacked bar chart of events per month, one series per quad class.
function drawTimeline(canvas, months) {
  const labels = [...new Set(months.map((m) => m.month))].sort();
  const datasets = [1, 2, 3, 4].map((quad) => ({
    label: QUADS[quad].name,
    backgroundColor: QUADS[quad].color,
    data: labels.map((month) => {
      const row = months.find((m) => m.month === month && m.quad_class === quad);
      return row ? row.events : 0;
    }),
    stack: quad <= 2 ? "cooperation" : "conflict",
  }));
  canvas.chart = new Chart(canvas, {
    type: "bar",
    data: { labels, datasets },
    options: {
      maintainAspectRatio: false,
      animation: false,
      locale: "ar",
      plugins: { legend: { rtl: true, position: "bottom" }, tooltip: { rtl: true } },
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
  canvas.dataset.ready = "1";
}

// The actor in the middle, its counterparts around it; edge colour by cooperation vs conflict.
function drawNetwork(box, profile) {
  const centre = profile.actor;
  const elements = [{ data: { id: centre.id, label: centre.name_ar || centre.id, centre: 1 } }];
  for (const p of profile.counterparts) {
    elements.push({ data: { id: p.id, label: p.name_ar || p.name_en || p.id, size: 20 + 6 * Math.sqrt(p.events) } });
    const colour = p.conflict > p.cooperation ? "#dc2626" : "#1d4ed8";
    elements.push({ data: { id: centre.id + "→" + p.id, source: centre.id, target: p.id, width: 1 + Math.log2(1 + p.events), colour } });
  }
  const cy = cytoscape({
    container: box,
    elements,
    layout: { name: "concentric", concentric: (node) => (node.data("centre") ? 2 : 1), minNodeSpacing: 30, animate: false },
    style: [
      { selector: "node", style: { label: "data(label)", "background-color": "#94a3b8", width: "data(size)", height: "data(size)", "font-size": 12, "text-valign": "bottom", "text-margin-y": 4 } },
      { selector: "node[centre]", style: { "background-color": "#102a43", width: 40, height: 40, "font-weight": "bold" } },
      { selector: "edge", style: { width: "data(width)", "line-color": "data(colour)", opacity: 0.7, "curve-style": "bezier" } },
    ],
  });
  cy.on("tap", "node", (event) => {
    const id = event.target.id();
    if (id !== centre.id) window.location.href = "/ui/actors/" + encodeURIComponent(id);
  });
  box.dataset.ready = "1";
}

async function start() {
  const timeline = document.getElementById("timeline");
  if (timeline) {
    const data = await fetchJSON(timeline.dataset.src);
    drawTimeline(timeline, data.months);
  }
  const actorTimeline = document.getElementById("actor-timeline");
  const network = document.getElementById("network");
  if (actorTimeline || network) {
    const profile = await fetchJSON((actorTimeline || network).dataset.src);
    if (actorTimeline) drawTimeline(actorTimeline, profile.months);
    if (network && typeof cytoscape !== "undefined") drawNetwork(network, profile);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  start().catch((error) => console.error(error));
});
