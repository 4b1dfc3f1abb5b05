// Phone widget for the matrix exercise type: statements, each rated on one or two scales.
// Served inside /j/assets/phone.js after the phone core, which gives el, svgEl, m, clone and scaleRow.
// setDraft is null when the exercise is closed (show the answer, take no input).
registerWidget("matrix", function (def, answer, setDraft) {
  const value = clone(answer) || { ratings: {} };
  const total = def.statements.length;
  const progress = el("p", { cls: "muted" });
  const count = () => def.statements.filter((s) => value.ratings[s.id] && def.scales.every((c) => value.ratings[s.id][c.id])).length;
  const update = () => { progress.textContent = m("phone.rated", { done: count(), total }); };
  const cards = def.statements.map((s, i) => el("div", { cls: "card" },
    el("strong", { text: (i + 1) + ". " + s.label }),
    s.note ? el("details", {}, el("summary", { text: m("phone.note") }), el("p", { cls: "muted", text: s.note })) : null,
    def.scales.map((c) => el("div", {}, el("div", { cls: "muted", text: c.label || "" }),
      scaleRow(c, (value.ratings[s.id] || {})[c.id], setDraft && ((v) => {
        value.ratings[s.id] = Object.assign({}, value.ratings[s.id], { [c.id]: v });
        update(); setDraft(clone(value));
      }), (c.label || "") + " " + (i + 1))))));
  update();
  return el("div", {}, progress, cards);
});
