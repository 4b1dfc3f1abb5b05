// Phone widget for the actions exercise type: commitments: what, who, organisation, by when.
// Served inside /j/assets/phone.js after the phone core, which gives el, svgEl, m, clone and scaleRow.
// setDraft is null when the exercise is closed (show the answer, take no input).
registerWidget("actions", function (def, answer, setDraft) {
  const rows = clone(answer && answer.actions) || [{ what: "", who: "", organisation: "", due: null }];
  const box = el("div", {});
  const push = () => setDraft && setDraft({ actions: rows.map((r) => ({ what: r.what, who: r.who, organisation: r.organisation, due: r.due || null })) });
  const draw = () => {
    box.replaceChildren(...rows.map((r, i) => {
      const field = (key, labelKey, input) => {
        input.value = r[key] || "";
        input.disabled = !setDraft;
        input.addEventListener("input", () => { r[key] = input.value; push(); });
        return el("label", { cls: "field" }, el("span", { text: m(labelKey) }), input);
      };
      return el("div", { cls: "action" },
        field("what", "phone.action_what", el("textarea", { maxlength: 300 })),
        field("who", "phone.action_who", el("input", { type: "text", maxlength: 120 })),
        field("organisation", "phone.action_org", el("input", { type: "text", maxlength: 120 })),
        field("due", "phone.action_due", el("input", { type: "date" })),
        setDraft && rows.length > 1 ? el("button", { type: "button", text: m("phone.remove"), onclick: () => { rows.splice(i, 1); draw(); push(); } }) : null);
    }), setDraft && rows.length < def.max_actions
      ? el("button", { type: "button", text: "+ " + m("phone.add_action"), onclick: () => { rows.push({ what: "", who: "", organisation: "", due: null }); draw(); } })
      : null);
  };
  draw();
  return box;
});
