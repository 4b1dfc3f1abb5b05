"""The phone's files: the page, its one script (the core, the shared DOM helper and every registered
type's widget, concatenated: no build step, no extra request) and its style sheet."""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response

from brobygger import languages
from brobygger.exercises.registry import widget_files

STATIC = Path(__file__).parent / "static"
ASSET_HEADERS = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


def _languages_line() -> str:
    """The phone's language list and names, generated from brobygger.languages (no second list in JS)."""
    names = {code: languages.NAMES.get(code, code) for code in languages.PHONE}
    data = {"codes": list(languages.PHONE), "names": names, "ui": list(languages.UI), "default": languages.DEFAULT}
    return f"const LANGUAGES = {json.dumps(data, ensure_ascii=False)};\n"


@functools.cache
def _script(name: str, widgets: tuple[Path, ...]) -> tuple[bytes, str]:
    """A page's one script and its ETag, built once per set of widget files (a type registered later
    in the process gets a fresh script, as its widget tuple differs)."""
    parts = ['"use strict";\n', _languages_line() if name == "phone.js" else ""]
    own = (STATIC / "consent.js",) if name == "phone.js" else ()  # the phone's own screens beyond its core
    for path in (STATIC / "dom.js", STATIC / name, *own, *widgets):
        text = path.read_text(encoding="utf-8") if path.is_file() else "// (no widget file)\n"
        parts.append(f"\n// ---- {path.name}\n{text}")
    body = "".join(parts).encode("utf-8")
    return body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def served_script(name: str) -> tuple[bytes, str]:
    """The script /j/assets/<name> serves for phone.js or log.js, and its ETag."""
    return _script(name, tuple(widget_files()) if name == "phone.js" else ())


async def phone_page(request: Request) -> Response:
    return FileResponse(STATIC / "phone.html", headers=PAGE_HEADERS)


async def phone_asset(request: Request) -> Response:
    name = request.path_params["name"]
    if name == "phone.css":
        return FileResponse(STATIC / name, media_type="text/css", headers=ASSET_HEADERS)
    if name not in ("phone.js", "log.js"):
        return Response(status_code=404)
    body, etag = served_script(name)
    headers = {**ASSET_HEADERS, "ETag": etag}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="text/javascript", headers=headers)


async def log_page(request: Request) -> Response:
    return FileResponse(STATIC / "log.html", headers=PAGE_HEADERS)
