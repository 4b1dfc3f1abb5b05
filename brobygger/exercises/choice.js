// Phone widget for the choice exercise type: one or several options.
// Served inside /j/assets/phone.js after the phone core, which gives el, svgEl, m, clone and scaleRow.
// setDraft is null when the exercise is closed (show the answer, take no input).
registerWidget("choice", function (def, answer, setDraft) {
  const chosen = new Set((answer && answer.choices) || []);
  const limit = def.multiple ? (def.max_choices || def.options.length) : 1;
  const buttons = def.options.map((o) => el("button", { type: "button", "aria-pressed": String(chosen.has(o.id)), text: o.label,
    disabled: !setDraft, onclick: (e) => {
      if (chosen.has(o.id)) chosen.delete(o.id);
      else { if (limit === 1) chosen.clear(); if (chosen.size >= limit) return; chosen.add(o.id); }
      buttons.forEach((b, i) => b.setAttribute("aria-pressed", String(chosen.has(def.options[i].id))));
      setDraft(chosen.size ? { choices: [...chosen] } : null);
    } }));
  return el("div", { cls: "options" }, el("p", { cls: "muted", text: limit === 1 ? m("phone.choose_one") : m("phone.choose_max", { max: limit }) }), buttons);
});
