// Phone widget for the assignment exercise type: items by groups, each cell rated on interest and capacity,
// and (where the kit asks for it) the steering group's decision, ticked by the one person who records it.
// Served inside /j/assets/phone.js after the phone core, which gives el, m, clone, scaleRow and the state S.
// setDraft is null when the exercise is closed (show the answer, take no input).
registerWidget("assignment", function (def, answer, setDraft) {
  const value = clone(answer) || { ratings: {} };
  value.ratings = value.ratings || {};
  const ids = def.groups.map((g) => g.id);
  const mine = (S.state && S.state.me && S.state.me.group) || "";
  const answered = ids.find((g) => def.items.some((i) => (value.ratings[i.id] || {})[g]));
  let current = ids.includes(mine) ? mine : (answered || ids[0]);
  const save = () => { if (setDraft) setDraft(clone(value)); };

  const progress = el("p", { cls: "muted", role: "status" });
  const cardsBox = el("div", {});
  const labelOf = (id) => (def.groups.find((g) => g.id === id) || {}).label || id;
  const count = () => def.items.filter((i) => {
    const cell = (value.ratings[i.id] || {})[current] || {};
    return cell.interest && cell.capacity;
  }).length;
  const update = () => { progress.textContent = m("phone.assign_done", { done: count(), total: def.items.length, group: labelOf(current) }); };
  const rate = (item, facet, v) => {
    const row = value.ratings[item.id] = value.ratings[item.id] || {};
    row[current] = Object.assign({}, row[current], { [facet]: v });
    update(); save();
  };
  const drawCards = () => {
    cardsBox.replaceChildren(...def.items.map((item, n) => {
      const cell = (value.ratings[item.id] || {})[current] || {};
      const title = (n + 1) + ". " + item.label;
      return el("div", { cls: "card" },
        el("strong", { text: title }),
        item.note ? el("details", {}, el("summary", { text: m("phone.note") }), el("p", { cls: "muted", text: item.note })) : null,
        [["interest", def.interest], ["capacity", def.capacity]].map(([facet, scale]) => el("div", {},
          el("div", { cls: "muted", text: scale.label || "" }),
          scaleRow(scale, cell[facet], setDraft && ((v) => rate(item, facet, v)), (scale.label || facet) + ", " + title))));
    }));
    update();
  };

  const picker = el("select", { id: "assign-for", cls: "full", disabled: !setDraft, onchange: (e) => { current = e.target.value; drawCards(); } },
    def.groups.map((g) => el("option", { value: g.id, text: g.label, selected: g.id === current })));
  const parts = [el("label", { for: "assign-for", text: m("phone.assign_for") }), picker, progress, cardsBox];
  drawCards();

  if (def.decision) {
    const decided = value.decided ? clone(value.decided) : null;
    const rows = def.items.map((item, n) => el("fieldset", { cls: "card" },
      el("legend", { text: (n + 1) + ". " + item.label }),
      def.groups.map((g) => {
        const box = el("input", { type: "checkbox", id: "decide-" + item.id + "-" + g.id, disabled: !setDraft,
          checked: !!(decided && (decided[item.id] || []).includes(g.id)), onchange: (e) => {
            value.decided = value.decided || {};
            const chosen = new Set(value.decided[item.id] || []);
            if (e.target.checked) chosen.add(g.id); else chosen.delete(g.id);
            value.decided[item.id] = ids.filter((id) => chosen.has(id));
            save();
          } });
        return el("label", { cls: "check" }, box, el("span", { text: g.label }));
      })));
    parts.push(el("details", { open: !!decided },
      el("summary", { text: m("phone.assign_decide") }),
      el("p", { cls: "muted", text: m("phone.assign_decide_help") }), rows));
  }
  return el("div", {}, parts);
});
