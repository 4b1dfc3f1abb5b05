// Helpers shared by the phone page and the process log. The server puts this file first in
// /j/assets/phone.js and /j/assets/log.js, so each page still loads one script and no build step is needed.
"use strict";

// A DOM node: attrs.text goes in through textContent (never as HTML), attrs.cls is the class, on* are listeners.
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

// Put children into a node, leaving out null and undefined: `replaceChildren(null)` would show the word "null".
function fill(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

// A JSON call to the phone API. The token goes in a header, not the URL, so it is never in an access log.
async function requestJson(method, path, token, body) {
  const opts = { method, headers: { "Accept": "application/json" }, cache: "no-store" };
  if (token) opts.headers["X-Brobygger-Token"] = token;
  if (body) { opts.headers["Content-Type"] = "application/json"; opts.body = JSON.stringify(body); }
  const res = await fetch(path, opts);
  let data = null;
  try { data = await res.json(); } catch (e) { data = null; }
  return { ok: res.ok, status: res.status, data: data || {} };
}
