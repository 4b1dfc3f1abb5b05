// Brobygger phone page: join by code, answer the open exercise, keep the same identity on reload.
// Plain JavaScript, no build step. Every text from people or kits goes in through textContent.
// The server serves this file as part of /j/assets/phone.js: first a generated line defining LANGUAGES
// (from brobygger/languages.py), then dom.js (el, requestJson), this core, and then each registered
// exercise type's widget (brobygger/exercises/<type>.js), which calls registerWidget.
"use strict";

const POLL_MS = 1500;
const POLL_HIDDEN_MS = 6000;

const S = {
  code: null, token: null, lang: null, state: null, msgs: {}, rev: null,
  drafts: {}, viewKey: null, failures: 0, timer: null, profileOpen: false, myDataOpen: false, notice: null,
};

// ------------------------------------------------------------------ small helpers

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

// The fixed save bar's height as --savebar on the root: the page's bottom padding and its scroll padding follow it,
// so the last content and any control reached by keyboard or switch access scroll clear of the bar, at any text size.
const barWatch = typeof ResizeObserver === "function"
  ? new ResizeObserver((entries) => {
    const h = entries.length ? Math.ceil(entries[entries.length - 1].target.getBoundingClientRect().height) : 0;
    document.documentElement.style.setProperty("--savebar", h + "px");
  }) : null;

function watchSaveBar() {
  const bar = document.querySelector(".savebar");
  if (barWatch) barWatch.disconnect();
  if (bar && barWatch) barWatch.observe(bar);
  document.documentElement.style.setProperty("--savebar", bar ? Math.ceil(bar.getBoundingClientRect().height) + "px" : "0px");
}

// The browser scrolls a focused control into view, but a text box only as far as its caret: bring the whole control
// clear of the save bar (WCAG 2.4.11), whichever way it got focus (keyboard, switch access, a screen reader).
document.addEventListener("focusin", (e) => {
  const bar = document.querySelector(".savebar");
  if (!bar || bar.contains(e.target) || !e.target.getBoundingClientRect) return;
  const box = e.target.getBoundingClientRect();
  const over = box.bottom - bar.getBoundingClientRect().top + 12;
  if (over > 0) window.scrollBy(0, Math.min(over, Math.max(0, box.top - 12)));
});

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

function api(method, path, body) { return requestJson(method, path, S.token, body); }

// ------------------------------------------------------------------ start

function initialLang() {
  // A language the participant chose before; otherwise the meeting's own (decided by the server).
  return storageGet("bb:lang");
}

function deviceLang() {
  const nav = (navigator.language || "da").slice(0, 2).toLowerCase();
  return LANGUAGES.codes.includes(nav) ? nav : LANGUAGES.default;
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
  fillLanguages(LANGUAGES.ui);
}

function fillLanguages(langs) {
  const select = document.getElementById("lang");
  select.replaceChildren(...langs.map((l) => el("option", { value: l, selected: l === S.lang, text: LANGUAGES.names[l] || l })));
  document.getElementById("lang-label").textContent = m("phone.language");
  document.documentElement.lang = S.lang || deviceLang();
}

function newKey() {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function knownTokens() {
  // This phone's person in every programme it took part in: a returning participant stays one person
  // whichever meeting's code or QR code they come in by.
  try { return Object.values(JSON.parse(storageGet("bb:programmes") || "{}")).slice(-20); } catch (e) { return []; }
}

function rememberProgramme(programme, token) {
  let all = {};
  try { all = JSON.parse(storageGet("bb:programmes") || "{}") || {}; } catch (e) { all = {}; }
  all[String(programme)] = token;
  storageSet("bb:programmes", JSON.stringify(all));
}

async function joinMeeting() {
  // The key is made before the first try and kept, so a join retried after a lost reply is the same person.
  const keyName = "bb:k:" + S.code;
  const key = storageGet(keyName) || newKey();
  storageSet(keyName, key);
  let r;
  try {
    r = await api("POST", "/api/phone/join", { code: S.code, t: S.token, k: key, known: knownTokens(), lang: S.lang });
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
  if (r.data.programme) rememberProgramme(r.data.programme, S.token);
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
  // A failed poll is usually a restart: retry at about the normal pace (with jitter, so a room does not
  // knock in step) for half a minute, so phones are back within a second or two of the server; after
  // that, back off up to 15 s.
  const retry = S.failures <= 20 ? 1000 + Math.random() * 1000 : Math.min(15000, base * Math.pow(2, S.failures - 20));
  S.timer = setTimeout(() => poll(false), S.failures ? retry : base);
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
  fillLanguages(state.languages || LANGUAGES.ui);
  const ex = state.exercise;
  // Redraw only when what is on screen changes; an open exercise is not redrawn when the agenda moves on,
  // so typing, focus and the keyboard are never taken away from a participant mid-answer.
  const key = JSON.stringify([state.lang, state.meeting.status, ex ? null : state.item, ex && ex.run_id, ex && ex.state, S.profileOpen,
    S.myDataOpen, state.consent && state.consent.choice]);
  if (key !== S.viewKey) { S.viewKey = key; render(); watchSaveBar(); }
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
  watchSaveBar();
}

function render() {
  const st = S.state;
  const app = document.getElementById("app");
  const head = [
    el("h1", { text: st.meeting.title }),
    el("p", { cls: "muted" }, el("span", { cls: "pill", text: m("phone.you_are", { pseudonym: st.me.pseudonym }) }), " ",
      el("a", { href: "#", cls: "tap", onclick: (e) => { e.preventDefault(); S.profileOpen = true; S.viewKey = null; applyState(S.state); }, text: m("phone.edit_profile") }),
      " · ", el("a", { href: "#", cls: "tap", id: "my-data", onclick: (e) => { e.preventDefault(); S.myDataOpen = true; S.viewKey = null; applyState(S.state); }, text: m("phone.my_data") })),
  ];
  // Asked once per programme, before anything else; "My data" shows and changes the choice at any time.
  if (st.consent && st.consent.choice === null) { app.replaceChildren(...head, consentScreen(st.consent)); return; }
  if (S.myDataOpen) { app.replaceChildren(...head, myDataCard()); return; }
  if (st.meeting.status === "closed") {
    fill(app, ...head, el("div", { cls: "card" }, el("p", { text: m("phone.meeting_ended") })));
    return;
  }
  const profiled = st.me.group || storageGet("bb:profiled:" + S.token);
  if (S.profileOpen || !profiled) { fill(app, ...head, profileForm()); return; }
  const ex = st.exercise;
  if (!ex) {
    fill(app, ...head, el("div", { cls: "card" },
      st.item ? el("p", { text: m("phone.now_on", { item: st.item }) }) : null,
      st.my_actions && st.my_actions.length ? null : el("p", { cls: "muted", text: m("phone.waiting") })),
      st.my_actions && st.my_actions.length ? followUpCard(st.my_actions) : null,
      st.can_log ? el("p", {}, el("a", { href: "/log#t=" + encodeURIComponent(S.token), cls: "tap", text: m("log.link") })) : null);
    return;
  }
  fill(app, ...head, exerciseScreen(ex));
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
  const form = el("form", { cls: "card", onsubmit: (e) => { e.preventDefault(); save(); } },
    el("h2", { text: m("phone.profile_title") }),
    el("p", { cls: "muted", text: m("phone.profile_why", { pseudonym: me.pseudonym }) }),
    el("label", { cls: "field" }, el("span", { text: m("phone.name") }), name),
    el("label", { cls: "field" }, el("span", { text: m("phone.organisation") }), org),
    el("fieldset", { cls: "field plain" }, el("legend", { text: m("phone.group") }),
      el("div", { cls: "row" }, groupButtons)),
    error,
    el("p", {}, el("button", { type: "submit", cls: "primary", text: m("phone.continue") })),
    el("p", {}, el("button", { type: "button", cls: "wide", onclick: done, text: m("phone.skip") })),
    me.personal_code ? el("p", { cls: "muted", id: "personal-code", text: m("phone.personal_code", { code: me.personal_code }) }) : null);
  return [form, recoverCard()];
}

// A person on a new phone types their personal code and is themselves again (same pseudonym, answers, actions).
function recoverCard() {
  const input = el("input", { type: "text", id: "personal", maxlength: 12, autocomplete: "off", autocapitalize: "characters", spellcheck: "false" });
  const error = el("p", { cls: "error", role: "alert" });
  const use = async () => {
    const r = await api("POST", "/api/phone/recover", { code: S.code, personal: input.value, t: S.token, lang: S.lang });
    if (!r.ok) { error.textContent = S.msgs[r.data.error] ? m(r.data.error) : (r.data.message || m("error.generic")); return; }
    S.token = r.data.t;
    storageSet("bb:t:" + S.code, S.token);
    if (r.data.programme) rememberProgramme(r.data.programme, S.token);
    history.replaceState(null, "", "/j/" + encodeURIComponent(S.code) + "#t=" + encodeURIComponent(S.token));
    S.profileOpen = false; S.profileDraft = null; S.viewKey = null;
    applyState(r.data.state);
  };
  return el("details", { cls: "card" }, el("summary", { text: m("phone.recover_title") }),
    el("label", { cls: "field" }, el("span", { text: m("phone.recover_label") }), input), error,
    el("p", {}, el("button", { type: "button", id: "recover", onclick: use, text: m("phone.recover") })));
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
  const body = widgetFor(def, answer, open ? setDraft : null);
  const parts = [el("h2", { text: ex.title }), el("p", { text: def.prompt }), body];
  if (!open) {
    parts.unshift(el("p", { cls: "error", text: m("phone.closed") }));
    if (!ex.answer) parts.push(el("p", { cls: "muted", text: m("phone.no_answer") }));
    return el("section", { cls: "card", "aria-label": ex.title }, parts);
  }
  if (!WIDGETS.has(def.type)) return el("section", { cls: "card", "aria-label": ex.title }, parts);  // nothing to save
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

// ------------------------------------------------------------------ exercise widgets

// Each exercise type's widget, by type name; filled by the widget files that follow this core in the served
// script. A Map, so a type called "constructor" or "toString" finds nothing instead of Object's own.
const WIDGETS = new Map();

// Called by brobygger/exercises/<type>.js: build(def, answer, setDraft) returns the node to show; setDraft is
// null when the exercise is closed.
function registerWidget(type, build) { WIDGETS.set(type, build); }

function widgetFor(def, answer, setDraft) {
  const build = WIDGETS.get(def.type);
  // A type this page has no widget for (a plugin without its JS): say so, rather than draw nothing or crash.
  const missing = () => el("p", { cls: "error", role: "alert", text: m("error.response_invalid") + " (" + def.type + ")" });
  if (!build) return missing();
  try { return build(def, answer, setDraft); } catch (e) { console.error(e); return missing(); }
}

// The script is loaded with defer, so it runs whole (core and every widget file) before DOMContentLoaded:
// every widget is registered before start() draws anything.
document.addEventListener("DOMContentLoaded", start);
