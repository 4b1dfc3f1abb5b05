// Phone widget for the ranking exercise type: put items in order with up and down buttons.
// Served inside /j/assets/phone.js after the phone core, which gives el, svgEl, m, clone and scaleRow.
// setDraft is null when the exercise is closed (show the answer, take no input).
registerWidget("ranking", function (def, answer, setDraft) {
  const order = (answer && answer.order) ? [...answer.order] : def.items.map((i) => i.id);
  const label = Object.fromEntries(def.items.map((i) => [i.id, i.label]));
  const list = el("ol", { cls: "rank" });
  const draw = () => {
    list.replaceChildren(...order.map((id, i) => el("li", {},
      el("strong", { text: String(i + 1) }), el("span", { text: label[id] }),
      el("button", { type: "button", text: "↑", "aria-label": m("phone.move_up") + ": " + label[id], disabled: !setDraft || i === 0,
        onclick: () => { [order[i - 1], order[i]] = [order[i], order[i - 1]]; draw(); setDraft({ order: [...order] }); } }),
      el("button", { type: "button", text: "↓", "aria-label": m("phone.move_down") + ": " + label[id], disabled: !setDraft || i === order.length - 1,
        onclick: () => { [order[i + 1], order[i]] = [order[i], order[i + 1]]; draw(); setDraft({ order: [...order] }); } }))));
  };
  draw();
  if (setDraft && !answer) setDraft({ order: [...order] });
  return list;
});
