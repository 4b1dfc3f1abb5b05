// Phone widget for the text exercise type: free text with a character count.
// Served inside /j/assets/phone.js after the phone core, which gives el, svgEl, m, clone and scaleRow.
// setDraft is null when the exercise is closed (show the answer, take no input).
registerWidget("text", function (def, answer, setDraft) {
  const area = el("textarea", { maxlength: def.max_length, disabled: !setDraft, "aria-label": def.prompt });
  area.value = (answer && answer.text) || "";
  const left = el("p", { cls: "muted" });
  const update = () => { left.textContent = m("phone.chars_left", { n: def.max_length - area.value.length }); };
  area.addEventListener("input", () => { update(); setDraft({ text: area.value }); });
  update();
  return el("div", {}, area, left);
});
