// The advisory process log: an advisor and a company write down how their process is going.
// Plain JavaScript; every text from people or kits goes in through textContent.
// Served as /j/assets/log.js after dom.js (el, requestJson), so the page loads one script.
"use strict";

function token() {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("t");
  if (fromHash) return fromHash;
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key.startsWith("bb:t:")) return localStorage.getItem(key);
    }
  } catch (e) { /* private mode */ }
  return null;
}

function select(label, options, extra) {
  const node = el("select", { cls: "full" }, options.map((o) => el("option", { value: o.id, text: o.label })), extra || []);
  return [el("label", { cls: "field" }, el("span", { text: label }), node), node];
}

async function start() {
  const app = document.getElementById("app");
  const t = token();
  const r = t ? await requestJson("GET", "/api/log/state", t) : { ok: false, data: {} };
  if (!r.ok) { fill(app, el("p", { cls: "card error", text: r.data.message || "Brobygger: /j" })); return; }
  const s = r.data;
  const m = (k) => s.messages[k] || k;
  const [processLabel, process] = select(m("log.process"), s.processes, [el("option", { value: "new", text: m("log.new") })]);
  const unit = el("input", { type: "text", maxlength: 120 });
  const company = el("input", { type: "text", maxlength: 120 });
  const newFields = el("div", {}, el("label", { cls: "field" }, el("span", { text: m("log.advisor_unit") }), unit),
    el("label", { cls: "field" }, el("span", { text: m("log.company") }), company));
  const toggle = () => { newFields.hidden = process.value !== "new"; };
  process.addEventListener("change", toggle);
  const [themeLabel, theme] = select(m("log.theme"), [...s.themes, { id: "other", label: m("log.other_theme") }]);
  const [phaseLabel, phase] = select(m("log.phase"), s.phases);
  const area = (key) => { const a = el("textarea", { maxlength: 600 }); return [el("label", { cls: "field" }, el("span", { text: m(key) }), a), a]; };
  const [helpedLabel, helped] = area("log.helped");
  const [hinderedLabel, hindered] = area("log.hindered");
  const [nextLabel, next] = area("log.next_step");
  const feedback = el("p", { role: "status" });
  const save = el("button", { type: "submit", cls: "primary", text: m("log.save") });
  const form = el("form", { cls: "card", onsubmit: async (e) => {
    e.preventDefault();
    save.disabled = true;
    const body = { t, theme: theme.value, phase: phase.value, helped: helped.value, hindered: hindered.value, next_step: next.value,
      process_id: process.value === "new" ? null : Number(process.value), advisor_unit: unit.value, company: company.value };
    const res = await requestJson("POST", "/api/log/entry", t, body);
    feedback.className = res.ok ? "saved" : "error";
    feedback.textContent = res.ok ? m("log.saved") : (res.data.message || m("error.generic"));
    if (res.ok) {
      helped.value = ""; hindered.value = ""; next.value = "";
      // A new process becomes a choice of its own and stays chosen; theme, phase and the confirmation stay,
      // so the next entry goes to the same process.
      if (process.value === "new" && res.data.process && res.data.process.id) {
        const option = el("option", { value: String(res.data.process.id), text: res.data.process.label });
        process.insertBefore(option, process.lastElementChild);
        process.value = String(res.data.process.id);
        unit.value = ""; company.value = "";
        toggle();
        toggleMembers();
      }
    }
    save.disabled = false;
  } }, el("h1", { text: m("log.title") }), el("p", { cls: "muted", text: s.programme }),
  processLabel, newFields, themeLabel, phaseLabel, helpedLabel, hinderedLabel, nextLabel, feedback, save);
  const who = el("input", { type: "text", maxlength: 10, autocapitalize: "characters", autocomplete: "off" });
  const added = el("p", { role: "status" });
  const members = el("form", { cls: "card", onsubmit: async (e) => {
    e.preventDefault();
    if (process.value === "new" || !who.value.trim()) return;
    const res = await requestJson("POST", "/api/log/member", t, { t, process_id: Number(process.value), pseudonym: who.value });
    added.className = res.ok ? "saved" : "error";
    added.textContent = res.ok ? m("log.member_added").split("{pseudonym}").join(res.data.pseudonym) : (res.data.message || m("error.generic"));
    if (res.ok) who.value = "";
  } }, el("label", { cls: "field" }, el("span", { text: m("log.add_member") }), who), added,
  el("button", { type: "submit", text: m("log.add") }));
  const toggleMembers = () => { members.hidden = process.value === "new"; };
  process.addEventListener("change", toggleMembers);
  fill(app, form, members);
  toggle();
  toggleMembers();
}

document.addEventListener("DOMContentLoaded", start);
