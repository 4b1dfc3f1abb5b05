// Phone widget for the scale exercise type: one value on a scale.
// Served inside /j/assets/phone.js after the phone core, which gives el, svgEl, m, clone and scaleRow.
// setDraft is null when the exercise is closed (show the answer, take no input).
registerWidget("scale", function (def, answer, setDraft) {
  return scaleRow(def.scale, answer && answer.value, setDraft && ((v) => setDraft({ value: v })), def.prompt);
});
