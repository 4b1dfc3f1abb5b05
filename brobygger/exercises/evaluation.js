// Phone widget for the evaluation exercise type: fixed scale items plus open questions.
// Served inside /j/assets/phone.js after the phone core, which gives el, svgEl, m, clone and scaleRow.
// setDraft is null when the exercise is closed (show the answer, take no input).
registerWidget("evaluation", function (def, answer, setDraft) {
  const value = clone(answer) || { ratings: {}, answers: {} };
  const push = () => setDraft && setDraft(clone(value));
  return el("div", {},
    def.items.map((item) => el("div", { cls: "card" }, el("strong", { text: item.label }),
      scaleRow(def.scale, value.ratings[item.id], setDraft && ((v) => { value.ratings[item.id] = v; push(); }), item.label))),
    def.questions.map((q) => {
      const area = el("textarea", { maxlength: q.max_length, disabled: !setDraft, "aria-label": q.label });
      area.value = value.answers[q.id] || "";
      area.addEventListener("input", () => { value.answers[q.id] = area.value; push(); });
      return el("label", { cls: "field" }, el("span", { text: q.label }), area);
    }));
});
