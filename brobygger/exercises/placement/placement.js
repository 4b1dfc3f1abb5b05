// Phone widget for the placement exercise type: a plane with two labelled axes and named regions; tap, drag or use the sliders to place "now" (and "wanted").
// Served inside /j/assets/phone.js after the phone core, which gives el, svgEl, m, clone and scaleRow.
// setDraft is null when the exercise is closed (show the answer, take no input).
registerWidget("placement", function (def, answer, setDraft) {
  const value = clone(answer) || {};
  let mode = "now";
  const svg = svgEl("svg", { viewBox: "0 0 100 100", class: "plane", role: "img", "aria-label": def.prompt });
  const colours = ["#dbeafe", "#fde7d9", "#e0f2e9", "#f3e8ff", "#fef9c3", "#e5e7eb"];
  // Region names are text over the plane (not SVG text), each in its region's box: they keep the reader's text
  // size and wrap, however small the phone; aria-hidden, since the chosen region is said in words below the plane.
  const names = el("div", { cls: "regions", "aria-hidden": "true" });
  def.regions.forEach((r, i) => {
    svg.append(svgEl("rect", { x: r.x[0] * 100, y: (1 - r.y[1]) * 100, width: (r.x[1] - r.x[0]) * 100, height: (r.y[1] - r.y[0]) * 100,
      fill: colours[i % colours.length], stroke: "#fff", "stroke-width": 0.6 }));
    const name = el("span", { text: r.label });
    name.style.left = (r.x[0] * 100) + "%";
    name.style.width = ((r.x[1] - r.x[0]) * 100) + "%";
    name.style.top = ((1 - r.y[1]) * 100) + "%";
    name.style.height = ((r.y[1] - r.y[0]) * 100) + "%";
    names.append(name);
  });
  const arrow = svgEl("line", { stroke: "#334", "stroke-width": 0.8, "stroke-dasharray": "2 1.5", visibility: "hidden" });
  const dotNow = svgEl("circle", { r: 3.6, fill: "#0b5cad", stroke: "#fff", "stroke-width": 1, visibility: "hidden" });
  const dotWanted = svgEl("circle", { r: 3.4, fill: "#fff", stroke: "#0b5cad", "stroke-width": 1.4, visibility: "hidden" });
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
    // The y axis is said in words above and below the plane (no sideways text to cut short).
    el("p", { cls: "yaxis" }, el("strong", { text: "↑ " + def.axes.y.label }), ": " + def.axes.y.high),
    el("div", { cls: "plane-box" }, svg, names),
    el("p", { cls: "yaxis low", text: "↓ " + def.axes.y.low }),
    el("div", { cls: "xaxis" }, el("span", { text: "← " + def.axes.x.low }), el("span", { text: def.axes.x.high + " →" })),
    el("p", { cls: "xaxis-label", text: def.axes.x.label }),
    regionText,
    setDraft ? el("p", { cls: "muted", text: m("phone.place_hint") }) : null,
    el("div", { cls: "sliders" },
      el("label", {}, def.axes.x.label, sx), el("label", {}, def.axes.y.label, sy)));
});
