// Consent to research use: the question the first time a person joins a programme, and "My data", where
// they see and change their choice. Served inside /j/assets/phone.js after the core (it uses S, m, api, el).
"use strict";

// The full research information, one tap away: a disclosure button that shows or hides the headed sections.
function researchDetails(consent) {
  const full = el("div", { id: "research-full", cls: "research-full", hidden: true },
    consent.full.map((part) => el("div", {}, part.heading ? el("h3", { text: part.heading }) : null, el("p", { text: part.text }))));
  const toggle = el("button", { type: "button", cls: "link", "aria-expanded": "false", "aria-controls": "research-full",
    text: m("phone.consent_more"), onclick: () => {
      full.hidden = !full.hidden;
      toggle.setAttribute("aria-expanded", String(!full.hidden));
      toggle.textContent = m(full.hidden ? "phone.consent_more" : "phone.consent_less");
    } });
  return [toggle, full];
}

async function saveConsent(choice, feedback) {
  const r = await api("POST", "/api/phone/consent", { t: S.token, consent: choice, lang: S.lang });
  if (!r.ok) { feedback.className = "error"; feedback.textContent = r.data.message || m("error.generic"); return false; }
  S.state.consent.choice = r.data.choice;
  S.state.consent.at = r.data.at;
  return true;
}

function redraw() { S.viewKey = null; applyState(S.state); }

// Asked once per programme, before anything else; either answer lets the person take part.
function consentScreen(consent) {
  const feedback = el("p", { cls: "error", role: "alert" });
  const answer = (choice) => async () => { if (await saveConsent(choice, feedback)) redraw(); };
  return el("section", { cls: "card consent", "aria-labelledby": "consent-title" },
    el("h2", { id: "consent-title", text: m("phone.consent_title") }),
    el("p", { text: consent.short }),
    ...researchDetails(consent),
    el("p", { cls: "question", text: m("phone.consent_question") }),
    feedback,
    el("p", {}, el("button", { type: "button", cls: "primary", id: "consent-yes", text: m("phone.consent_yes"), onclick: answer(true) })),
    el("p", {}, el("button", { type: "button", cls: "wide", id: "consent-no", text: m("phone.consent_no"), onclick: answer(false) })));
}

function consentStatus(consent) {
  const time = consent.at ? new Date(consent.at).toLocaleString(S.lang === "en" ? "en-GB" : S.lang,
    { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }) : "";
  if (consent.choice === true) return m("phone.consent_is_yes", { time });
  if (consent.choice === false) return m("phone.consent_is_no", { time });
  return m("phone.consent_is_none");
}

// "My data": the pseudonym, the choice and its time, and one button to change it.
function myDataCard() {
  const consent = S.state.consent;
  const feedback = el("p", { cls: "saved", role: "status", id: "consent-feedback" });
  const status = el("p", { id: "consent-status", text: consentStatus(consent) });
  const change = el("button", { type: "button", cls: consent.choice === true ? "wide" : "primary", id: "consent-change",
    text: m(consent.choice === true ? "phone.consent_withdraw" : "phone.consent_give"), onclick: async () => {
      if (await saveConsent(consent.choice !== true, feedback)) {
        status.textContent = consentStatus(consent);
        change.textContent = m(consent.choice === true ? "phone.consent_withdraw" : "phone.consent_give");
        change.className = consent.choice === true ? "wide" : "primary";
        feedback.className = "saved";
        feedback.textContent = m("phone.consent_saved");
      }
    } });
  return el("section", { cls: "card", "aria-labelledby": "my-data-title" },
    el("h2", { id: "my-data-title", text: m("phone.my_data_title") }),
    el("p", { text: m("phone.my_data_pseudonym", { pseudonym: S.state.me.pseudonym }) }),
    el("h3", { text: m("phone.consent_title") }),
    status, el("p", {}, change), feedback,
    el("p", { text: consent.short }),
    ...researchDetails(consent),
    el("p", {}, el("button", { type: "button", cls: "wide", id: "my-data-back", text: m("phone.back"),
      onclick: () => { S.myDataOpen = false; redraw(); } })));
}
