// Phone widget for the placement exercise type: a plane with two labelled axes and named regions; tap, drag or use the sliders to place "now" (and "wanted").
// Served inside /j/assets/phone.js after the phone core, which gives el, svgEl, m, clone and scaleRow.
// setDraft is null when the exercise is closed (show the answer, take no input).
registerWidget("placement", function (def, answer, setDraft) {
  const value = clone(answer) || {};
  let mode = "now";
  const svg = svgEl("svg", { viewBox: "0 0 100 100", class: "plane", role: "img", "aria-label": def.prompt });
  const colours = ["#dbeafe", "#fde7d9", "#e0f2e9", "#f3e8ff", "#fef9c3", "#e5e7eb"];
  def.regions.forEach((r, i) => {
    svg.append(svgEl("rect", { x: r.x[0] * 100, y: (1 - r.y[1]) * 100, width: (r.x[1] - r.x[0]) * 100, height: (r.y[1] - r.y[0]) * 100,
      fill: colours[i % colours.length], stroke: "#fff", "stroke-width": 0.6 }));
    const t = svgEl("text", { x: (r.x[0] + r.x[1]) * 50, y: (1 - (r.y[0] + r.y[1]) / 2) * 100, "text-anchor": "middle" });
    t.textContent = r.label;
    svg.append(t);
  });
  const arrow = svgEl("line", { stroke: "#334", "stroke-width": 0.8, "stroke-dasharray": "2 1.5", visibility: "hidden" });
  const dotNow = svgEl("circle", { r: 3.6, fill: "#0b5cad", stroke: "#fff", "stroke-width": 1, visibility: "hidden" });
  const dotWanted = svgEl("circle", { r: 3.4, fill: "#fff", stroke: "#0b5cad", "stroke-width": 1.4, visibility: "hidden" });
  const corner = (text, y, baseline) => {
    const node = svgEl("text", { x: 1.5, y, "dominant-baseline": baseline, fill: "#5b6570" });
    node.textContent = text;
    return node;
  };
  svg.append(corner("↑ " + def.axes.y.high, 2, "hanging"), corner("↓ " + def.axes.y.low, 98.5, "auto"));
  svg.append(arrow, dotWanted, dotNow);
  const regionText = el("p", { cls: "region-now", "aria-live": "polite" });
  const sx = el("input", { type: "range", min: 0, max: 100, step: 1, disabled: !setDraft });
  const sy = el("input", { type: "range", min: 0, max: 100, step: 1, disabled: !setDraft });
  const regionAt = (p) => {
    const hit = def.regions.find((r) => (p.x >= r.x[0] && (p.x < r.x[1] || (p.x === 1 && r.x[1] === 1))) &&
                                      (p.y >= r.y[0] && (p.y < r.y[1] || (p.y === 1 && r.y[1] === 1))));
    return hit ? hit.label : null;
  };
  const draw = () => {
    for (const [key, dot] of [["now", dotNow], ["wanted", dotWanted]]) {
      const p = value[key];
      dot.setAttribute("visibility", p ? "visible" : "hidden");
      if (p) { dot.setAttribute("cx", p.x * 100); dot.setAttribute("cy", (1 - p.y) * 100); }
    }
    if (value.now && value.wanted) {
      arrow.setAttribute("x1", value.now.x * 100); arrow.setAttribute("y1", (1 - value.now.y) * 100);
      arrow.setAttribute("x2", value.wanted.x * 100); arrow.setAttribute("y2", (1 - value.wanted.y) * 100);
      arrow.setAttribute("visibility", "visible");
    } else arrow.setAttribute("visibility", "hidden");
    const p = value[mode];
    if (p) { sx.value = Math.round(p.x * 100); sy.value = Math.round(p.y * 100); }
    const region = p ? regionAt(p) : null;
    regionText.textContent = (mode === "wanted" ? m("phone.wanted") : m("phone.now")) + ": " +
      (!p ? m("phone.not_placed") : region ? m("phone.region", { region }) : m("phone.no_region"));
  };
  const place = (x, y) => {
    value[mode] = { x: Math.min(1, Math.max(0, Math.round(x * 1000) / 1000)), y: Math.min(1, Math.max(0, Math.round(y * 1000) / 1000)) };
    if (!value.now) value.now = value[mode];
    draw();
    setDraft(clone(value));
  };
  if (setDraft) {
    let dragging = false;
    const fromEvent = (e) => {
      const box = svg.getBoundingClientRect();
      place((e.clientX - box.left) / box.width, 1 - (e.clientY - box.top) / box.height);
    };
    svg.addEventListener("pointerdown", (e) => { dragging = true; svg.setPointerCapture(e.pointerId); fromEvent(e); e.preventDefault(); });
    svg.addEventListener("pointermove", (e) => { if (dragging) fromEvent(e); });
    svg.addEventListener("pointerup", () => { dragging = false; });
    svg.addEventListener("pointercancel", () => { dragging = false; });
    const fromSliders = () => place(Number(sx.value) / 100, Number(sy.value) / 100);
    sx.addEventListener("input", fromSliders);
    sy.addEventListener("input", fromSliders);
  }
  const modeRow = def.ask_wanted ? el("div", { cls: "row mode", role: "group" }, ["now", "wanted"].map((k) =>
    el("button", { type: "button", "aria-pressed": String(k === mode), "data-mode": k, text: m("phone." + k), disabled: !setDraft,
      onclick: (e) => { mode = k; e.target.parentNode.querySelectorAll("button").forEach((b) => b.setAttribute("aria-pressed", String(b === e.target))); draw(); } }))) : null;
  draw();
  return el("div", { cls: "placement" },
    def.ask_wanted && def.wanted_prompt ? el("p", { cls: "muted", text: def.wanted_prompt }) : null,
    modeRow,
    el("div", { cls: "plane-wrap" }, el("div", { cls: "ylabel", text: def.axes.y.label + " →" }), svg),
    el("div", { cls: "xlabel" }, el("span", { text: "← " + def.axes.x.low }), el("strong", { text: def.axes.x.label }),
      el("span", { text: def.axes.x.high + " →" })),
    regionText,
    setDraft ? el("p", { cls: "muted", text: m("phone.place_hint") }) : null,
    el("div", { cls: "sliders" },
      el("label", {}, def.axes.x.label, sx), el("label", {}, def.axes.y.label, sy)));
});
