// Brobygger phone page: join by code, answer the open exercise, keep the same identity on reload.
// Plain JavaScript, no build step. Every text from people or kits goes in through textContent.
"use strict";

const POLL_MS = 1500;
const POLL_HIDDEN_MS = 6000;
const LANG_NAMES = { da: "Dansk", en: "English", sv: "Svenska", nn: "Nynorsk", nb: "Norsk" };

const S = {
  code: null, token: null, lang: null, state: null, msgs: {}, rev: null,
  drafts: {}, viewKey: null, failures: 0, timer: null, profileOpen: false, notice: null,
};

// ------------------------------------------------------------------ small helpers

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") node.textContent = v;
    else if (k === "cls") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c);
  return node;
}

function svgEl(tag, attrs) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}

function m(key, params) {
  let text = S.msgs[key] || key;
  for (const [k, v] of Object.entries(params || {})) text = text.split("{" + k + "}").join(String(v));
  return text;
}

function setStatus(text) {
  const node = document.getElementById("status");
  node.hidden = !text;
  node.textContent = text || "";
}

function clock(iso) {
  const d = new Date(iso);
  return d.toLocaleTimeString(S.lang === "en" ? "en-GB" : S.lang, { hour: "2-digit", minute: "2-digit" });
}

function clone(v) { return v === null || v === undefined ? v : JSON.parse(JSON.stringify(v)); }

function storageGet(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
function storageSet(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private mode */ } }

async function api(method, path, body) {
  const opts = { method, headers: { "Accept": "application/json" }, cache: "no-store" };
  if (S.token) opts.headers["X-Brobygger-Token"] = S.token;  // not in the URL, so not in any access log
  if (body) { opts.headers["Content-Type"] = "application/json"; opts.body = JSON.stringify(body); }
  const res = await fetch(path, opts);
  let data = null;
  try { data = await res.json(); } catch (e) { data = null; }
  return { ok: res.ok, status: res.status, data: data || {} };
}

// ------------------------------------------------------------------ start

function initialLang() {
  // A language the participant chose before; otherwise the meeting's own (decided by the server).
  return storageGet("bb:lang");
}

function deviceLang() {
  const nav = (navigator.language || "da").slice(0, 2).toLowerCase();
  return ["da", "en", "sv", "nn", "nb"].includes(nav) ? nav : "da";
}

async function start() {
  const match = location.pathname.match(/^\/j\/([^/]+)\/?$/);
  try { S.code = match ? decodeURIComponent(match[1]).toUpperCase() : null; } catch (e) { S.code = null; }
  S.lang = initialLang();
  const hash = new URLSearchParams(location.hash.slice(1));
  S.token = hash.get("t") || (S.code ? storageGet("bb:t:" + S.code) : null);  // personal link, or this phone before
  document.getElementById("lang").addEventListener("change", (e) => changeLang(e.target.value));
  document.addEventListener("visibilitychange", () => { if (!document.hidden) poll(true); });
  if (!S.code) { await loadMessages(); renderCodeEntry(null); return; }
  await joinMeeting();
}

async function loadMessages() {
  try {
    const r = await api("GET", "/api/phone/messages?lang=" + encodeURIComponent(S.lang || deviceLang()));
    S.msgs = r.data.messages || {};
  } catch (e) { S.msgs = {}; }
  fillLanguages(["da", "en"]);
}

function fillLanguages(langs) {
  const select = document.getElementById("lang");
  select.replaceChildren(...langs.map((l) => el("option", { value: l, selected: l === S.lang, text: LANG_NAMES[l] || l })));
  document.getElementById("lang-label").textContent = m("phone.language");
  document.documentElement.lang = S.lang || deviceLang();
}

async function joinMeeting() {
  let r;
  try {
    r = await api("POST", "/api/phone/join", { code: S.code, t: S.token, lang: S.lang });
  } catch (e) {
    setStatus(S.msgs["phone.offline"] || "…");
    setTimeout(joinMeeting, 2500);
    return;
  }
  setStatus(null);
  if (!r.ok) {
    if (!Object.keys(S.msgs).length) await loadMessages();
    renderCodeEntry(S.msgs[r.data.error] || r.data.message || m("error.generic"));
    return;
  }
  S.token = r.data.t;
  storageSet("bb:t:" + S.code, S.token);
  history.replaceState(null, "", "/j/" + encodeURIComponent(S.code) + "#t=" + encodeURIComponent(S.token));
  applyState(r.data.state);
  schedule();
}

function changeLang(lang) {
  S.lang = lang;
  storageSet("bb:lang", lang);
  if (!S.state) { loadMessages().then(() => renderCodeEntry(null)); return; }
  S.rev = null;
  poll(true);
}

// ------------------------------------------------------------------ polling

function schedule() {
  clearTimeout(S.timer);
  const ended = S.state && S.state.meeting.status === "closed";
  const base = ended ? 30000 : document.hidden ? POLL_HIDDEN_MS : POLL_MS;
  const backoff = Math.min(15000, base * Math.pow(2, S.failures));
  S.timer = setTimeout(() => poll(false), S.failures ? backoff : base);
}

async function poll(force) {
  if (!S.code || !S.token) return;
  const q = new URLSearchParams({ code: S.code });
  if (S.lang) q.set("lang", S.lang);
  if (!force && S.rev !== null) q.set("rev", S.rev);
  try {
    const r = await api("GET", "/api/phone/state?" + q.toString());
    if (r.ok) {
      S.failures = 0;
      setStatus(null);
      if (r.data.meeting) applyState(r.data);
    } else if (r.status === 404 || r.status === 403) {
      S.state = null;
      renderCodeEntry(S.msgs[r.data.error] || r.data.message);
      return;
    } else {
      S.failures += 1;
      setStatus(m("phone.offline"));
    }
  } catch (e) {
    S.failures += 1;
    setStatus(m("phone.offline"));
  }
  schedule();
}

function applyState(state) {
  S.state = state;
  S.rev = state.rev;
  S.lang = state.lang;
  S.msgs = state.messages || S.msgs;
  fillLanguages(state.languages || ["da", "en"]);
  const ex = state.exercise;
  // Redraw only when what is on screen changes; an open exercise is not redrawn when the agenda moves on,
  // so typing, focus and the keyboard are never taken away from a participant mid-answer.
  const key = JSON.stringify([state.lang, state.meeting.status, ex ? null : state.item, ex && ex.run_id, ex && ex.state, S.profileOpen]);
  if (key !== S.viewKey) { S.viewKey = key; render(); }
}

// ------------------------------------------------------------------ screens

function renderCodeEntry(error) {
  clearTimeout(S.timer);
  const input = el("input", { type: "text", id: "code", cls: "code-input", maxlength: 8, autocomplete: "off",
    autocapitalize: "characters", spellcheck: "false", "aria-label": m("phone.code_label"), value: S.code || "" });
  const form = el("form", { cls: "card", onsubmit: (e) => {
    e.preventDefault();
    const code = input.value.replace(/[^0-9a-z]/gi, "").toUpperCase();
    if (code) location.assign("/j/" + encodeURIComponent(code) + (S.token ? "#t=" + encodeURIComponent(S.token) : ""));
  } },
  el("h1", { text: m("phone.enter_code") }),
  error ? el("p", { cls: "error", role: "alert", text: error }) : null,
  input,
  el("p", {}, el("button", { type: "submit", cls: "primary", text: error ? m("phone.retry") : m("phone.join") })));
  document.getElementById("app").replaceChildren(form);
}

function render() {
  const st = S.state;
  const app = document.getElementById("app");
  const head = [
    el("h1", { text: st.meeting.title }),
    el("p", { cls: "muted" }, el("span", { cls: "pill", text: m("phone.you_are", { pseudonym: st.me.pseudonym }) }), " ",
      el("a", { href: "#", onclick: (e) => { e.preventDefault(); S.profileOpen = true; S.viewKey = null; applyState(S.state); }, text: m("phone.edit_profile") })),
  ];
  if (st.meeting.status === "closed") {
    app.replaceChildren(...head, el("div", { cls: "card" }, el("p", { text: m("phone.meeting_ended") })));
    return;
  }
  const profiled = st.me.group || storageGet("bb:profiled:" + S.token);
  if (S.profileOpen || !profiled) { app.replaceChildren(...head, profileForm()); return; }
  const ex = st.exercise;
  if (!ex) {
    app.replaceChildren(...head, el("div", { cls: "card" },
      st.item ? el("p", { text: m("phone.now_on", { item: st.item }) }) : null,
      st.my_actions && st.my_actions.length ? null : el("p", { cls: "muted", text: m("phone.waiting") })),
      st.my_actions && st.my_actions.length ? followUpCard(st.my_actions) : null,
      st.can_log ? el("p", {}, el("a", { href: "/log#t=" + encodeURIComponent(S.token), text: m("log.link") })) : null);
    return;
  }
  app.replaceChildren(...head, exerciseScreen(ex));
}

function profileForm() {
  const me = S.state.me;
  // What the participant typed survives a redraw (the moderator moving on while they fill this in).
  const draft = S.profileDraft || (S.profileDraft = { name: me.name, organisation: me.organisation, group: me.group });
  const name = el("input", { type: "text", maxlength: 120, value: draft.name, autocomplete: "name", oninput: (e) => { draft.name = e.target.value; } });
  const org = el("input", { type: "text", maxlength: 120, value: draft.organisation, autocomplete: "organization",
    oninput: (e) => { draft.organisation = e.target.value; } });
  let group = draft.group;
  const groupButtons = S.state.groups.map((entry) => entry.id).map((g, i) => el("button", { type: "button", "aria-pressed": String(group === g),
    text: S.state.groups[i].label, onclick: (e) => { group = g; draft.group = g; groupButtons.forEach((b) => b.setAttribute("aria-pressed", String(b === e.target))); } }));
  const error = el("p", { cls: "error", role: "alert" });
  const done = () => { storageSet("bb:profiled:" + S.token, "1"); S.profileOpen = false; S.profileDraft = null; S.viewKey = null; applyState(S.state); };
  const save = async () => {
    const r = await api("POST", "/api/phone/profile", { t: S.token, lang: S.lang, name: name.value, organisation: org.value, group });
    if (!r.ok) { error.textContent = r.data.message || m("error.generic"); return; }
    S.state.me = { pseudonym: r.data.pseudonym, name: name.value.trim(), organisation: org.value.trim(), group: r.data.group };
    done();
  };
  return el("form", { cls: "card", onsubmit: (e) => { e.preventDefault(); save(); } },
    el("h2", { text: m("phone.profile_title") }),
    el("p", { cls: "muted", text: m("phone.profile_why", { pseudonym: me.pseudonym }) }),
    el("label", { cls: "field" }, el("span", { text: m("phone.name") }), name),
    el("label", { cls: "field" }, el("span", { text: m("phone.organisation") }), org),
    el("fieldset", { cls: "field plain" }, el("legend", { text: m("phone.group") }),
      el("div", { cls: "row" }, groupButtons)),
    error,
    el("p", {}, el("button", { type: "submit", cls: "primary", text: m("phone.continue") })),
    el("p", {}, el("button", { type: "button", cls: "wide", onclick: done, text: m("phone.skip") })));
}

// ------------------------------------------------------------------ follow-up of one's own actions

function followUpCard(actions) {
  return el("section", { cls: "card", "aria-label": m("followup.mine") }, el("h2", { text: m("followup.mine") }),
    actions.map((action) => {
      let status = action.status === "open" ? null : action.status;
      const line = el("input", { type: "text", maxlength: 300, value: action.follow_up || "", "aria-label": m("followup.what_happened") });
      const feedback = el("p", { cls: "muted", role: "status" });
      const buttons = ["done", "partly", "not-yet"].map((s) => el("button", { type: "button", "aria-pressed": String(status === s), text: m("action." + s),
        onclick: (e) => { status = s; buttons.forEach((b) => b.setAttribute("aria-pressed", String(b === e.target))); } }));
      const save = el("button", { type: "button", cls: "primary", text: m("phone.save"), onclick: async () => {
        if (!status) { feedback.className = "error"; feedback.textContent = m("error.action_status"); return; }
        const r = await api("POST", "/api/phone/follow-up", { t: S.token, code: S.code, action_id: action.id, status, follow_up: line.value, lang: S.lang });
        feedback.className = r.ok ? "saved" : "error";
        feedback.textContent = r.ok ? m("phone.saved", { time: clock(new Date().toISOString()) }) : (r.data.message || m("error.generic"));
        if (r.ok) { action.status = status; action.follow_up = line.value; }
      } });
      return el("div", { cls: "action" }, el("strong", { text: action.what }), action.due ? el("p", { cls: "muted", text: action.due }) : null,
        el("div", { cls: "row" }, buttons), el("label", { cls: "field" }, el("span", { text: m("followup.what_happened") }), line), save, feedback);
    }));
}

// ------------------------------------------------------------------ exercises

function exerciseScreen(ex) {
  const open = ex.state === "open";
  const def = ex.definition;
  if (!(ex.run_id in S.drafts)) S.drafts[ex.run_id] = clone(ex.answer);
  const answer = open ? S.drafts[ex.run_id] : ex.answer;
  const draftDiffers = open && JSON.stringify(S.drafts[ex.run_id]) !== JSON.stringify(ex.answer);
  const saved = ex.saved_at && !draftDiffers;
  const feedback = el("p", { cls: saved ? "saved" : "muted", role: "status",
    text: saved ? m("phone.saved", { time: clock(ex.saved_at) }) : m("phone.unsaved") });
  const setDraft = (value) => { S.drafts[ex.run_id] = value; feedback.className = "muted"; feedback.textContent = m("phone.unsaved"); };
  const builder = WIDGETS[def.type];
  const body = builder ? builder(def, answer, open ? setDraft : null) : el("p", { text: def.type });
  const parts = [el("h2", { text: ex.title }), el("p", { text: def.prompt }), body];
  if (!open) {
    parts.unshift(el("p", { cls: "error", text: m("phone.closed") }));
    if (!ex.answer) parts.push(el("p", { cls: "muted", text: m("phone.no_answer") }));
    return el("section", { cls: "card", "aria-label": ex.title }, parts);
  }
  const button = el("button", { type: "button", cls: "primary", id: "save", text: m("phone.save") });
  button.addEventListener("click", async () => {
    button.disabled = true;
    feedback.className = "muted";
    feedback.textContent = m("phone.saving");
    try {
      const r = await api("POST", "/api/phone/answer", { t: S.token, run_id: ex.run_id, answer: S.drafts[ex.run_id], lang: S.lang });
      if (r.ok) {
        ex.answer = r.data.value; ex.saved_at = r.data.updated_at;
        feedback.className = "saved"; feedback.textContent = m("phone.saved", { time: clock(r.data.updated_at) });
      } else {
        feedback.className = "error"; feedback.textContent = r.data.message || m("error.generic");
        if (r.status === 409) { S.rev = null; poll(true); }
      }
    } catch (e) {
      feedback.className = "error"; feedback.textContent = m("phone.offline");
    }
    button.disabled = false;
  });
  return el("section", { cls: "card", "aria-label": ex.title }, ...parts,
    el("div", { cls: "savebar" }, el("div", { cls: "inner" }, feedback, button)));
}

function scaleRow(scale, value, onPick, label) {
  const buttons = [];
  for (let v = scale.min; v <= scale.max; v++) {
    buttons.push(el("button", { type: "button", "aria-pressed": String(value === v), disabled: !onPick, text: String(v),
      "aria-label": (label ? label + ": " : "") + v, onclick: (e) => {
        buttons.forEach((b) => b.setAttribute("aria-pressed", String(b === e.target)));
        onPick(v);
      } }));
  }
  return el("div", {}, el("div", { cls: "scale", role: "group", "aria-label": label || "" }, buttons),
    el("div", { cls: "ends" }, el("span", { text: scale.min + " " + scale.low }), el("span", { text: scale.max + " " + scale.high })));
}

const WIDGETS = {
  placement(def, answer, setDraft) {
    const value = clone(answer) || {};
    let mode = "now";
    const svg = svgEl("svg", { viewBox: "0 0 100 100", class: "plane", role: "img", "aria-label": def.prompt });
    const colours = ["#dbeafe", "#fde7d9", "#e0f2e9", "#f3e8ff", "#fef9c3", "#e5e7eb"];
    def.regions.forEach((r, i) => {
      svg.append(svgEl("rect", { x: r.x[0] * 100, y: (1 - r.y[1]) * 100, width: (r.x[1] - r.x[0]) * 100, height: (r.y[1] - r.y[0]) * 100,
        fill: colours[i % colours.length], stroke: "#fff", "stroke-width": 0.6 }));
      const t = svgEl("text", { x: (r.x[0] + r.x[1]) * 50, y: (1 - (r.y[0] + r.y[1]) / 2) * 100, "text-anchor": "middle" });
      t.textContent = r.label;
      svg.append(t);
    });
    const arrow = svgEl("line", { stroke: "#334", "stroke-width": 0.8, "stroke-dasharray": "2 1.5", visibility: "hidden" });
    const dotNow = svgEl("circle", { r: 3.6, fill: "#0b5cad", stroke: "#fff", "stroke-width": 1, visibility: "hidden" });
    const dotWanted = svgEl("circle", { r: 3.4, fill: "#fff", stroke: "#0b5cad", "stroke-width": 1.4, visibility: "hidden" });
    const corner = (text, y, baseline) => {
      const node = svgEl("text", { x: 1.5, y, "dominant-baseline": baseline, fill: "#5b6570" });
      node.textContent = text;
      return node;
    };
    svg.append(corner("↑ " + def.axes.y.high, 2, "hanging"), corner("↓ " + def.axes.y.low, 98.5, "auto"));
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
      el("div", { cls: "plane-wrap" }, el("div", { cls: "ylabel", text: def.axes.y.label + " →" }), svg),
      el("div", { cls: "xlabel" }, el("span", { text: "← " + def.axes.x.low }), el("strong", { text: def.axes.x.label }),
        el("span", { text: def.axes.x.high + " →" })),
      regionText,
      setDraft ? el("p", { cls: "muted", text: m("phone.place_hint") }) : null,
      el("div", { cls: "sliders" },
        el("label", {}, def.axes.x.label, sx), el("label", {}, def.axes.y.label, sy)));
  },

  matrix(def, answer, setDraft) {
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
  },

  choice(def, answer, setDraft) {
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
  },

  scale(def, answer, setDraft) {
    return scaleRow(def.scale, answer && answer.value, setDraft && ((v) => setDraft({ value: v })), def.prompt);
  },

  text(def, answer, setDraft) {
    const area = el("textarea", { maxlength: def.max_length, disabled: !setDraft, "aria-label": def.prompt });
    area.value = (answer && answer.text) || "";
    const left = el("p", { cls: "muted" });
    const update = () => { left.textContent = m("phone.chars_left", { n: def.max_length - area.value.length }); };
    area.addEventListener("input", () => { update(); setDraft({ text: area.value }); });
    update();
    return el("div", {}, area, left);
  },

  ranking(def, answer, setDraft) {
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
  },

  evaluation(def, answer, setDraft) {
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
  },

  actions(def, answer, setDraft) {
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
  },
};

document.addEventListener("DOMContentLoaded", start);
