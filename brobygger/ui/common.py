"""What every page needs: the store, the language, the secret gate, picking a meeting."""

from __future__ import annotations

import hmac
import logging
import re
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import streamlit as st

from brobygger import languages, services, settings
from brobygger.errors import BrobyggerError
from brobygger.i18n import t
from brobygger.kit_library import all_kits, kit_by_id, shipped_kits
from brobygger.kits import Kit
from brobygger.localised import text_of
from brobygger.services import throttle
from brobygger.store import engine_for

T = TypeVar("T")
log = logging.getLogger(__name__)


@st.cache_resource
def engine():
    """One engine per server process, created (and migrated) on first use."""
    return engine_for()


def kits() -> dict[str, Kit]:
    """Shipped kits and the organisers' own (read from the store, so an upload shows at once)."""
    return all_kits(engine())


def public_kits() -> dict[str, Kit]:
    """The kits anyone may read (the Library page without the secret): the shipped ones only. The
    organisers' own are neither listed nor parsed for someone who has not signed in."""
    return shipped_kits()


def kit_of(kit_id: str) -> Kit | None:
    """The kit a programme was made from (without reading every organiser's kit)."""
    return kit_by_id(engine(), kit_id)


def lang() -> str:
    """The UI language: ?lang= in the URL, else what the session chose, else Danish.

    A projector link may also ask for Swedish or nynorsk (for kits in those languages): what the
    projector says exists in them; any other text falls back to English.
    """
    chosen = st.query_params.get("lang") or st.session_state.get("ui_lang") or languages.DEFAULT
    return chosen if chosen in languages.PROJECTOR else languages.DEFAULT


_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")


def md(text: str | None) -> str:
    """Kit (or organiser-typed) text as markdown that loads nothing: an image `![alt](url)` becomes its alt
    text and any other `![` is escaped, so a projector or Library page never fetches from another host."""
    return _IMAGE.sub(lambda m: m.group(1), text or "").replace("![", "!\\[")


def tr(key: str, **params: Any) -> str:
    return t(key, lang(), **params)


def language_picker() -> None:
    """Dansk / English in the sidebar; the choice stays in the URL so a reload keeps it."""
    current = lang()

    def chosen() -> None:
        st.session_state["ui_lang"] = st.session_state["language_picker"]
        st.query_params["lang"] = st.session_state["language_picker"]

    st.sidebar.radio(
        t("ui.language", current),
        languages.UI,
        index=languages.UI.index(current) if current in languages.UI else 0,
        format_func=lambda code: languages.NAMES[code],
        horizontal=True,
        key="language_picker",
        on_change=chosen,
    )


def _client() -> str:
    address = st.context.ip_address
    return address if isinstance(address, str) and address else "unknown"


def require_secret() -> bool:
    """Show the sign-in form until the moderator's secret is given; True once signed in.

    The secret is compared in constant time and never read from the URL. Wrong guesses are
    counted per client address in the shared store (a reload or a restart does not reset them,
    and every server counts together): after five in a minute that address waits for the minute
    to run out, with longer limits per hour and day (`throttle.SECRET_MISSES`).
    """
    if not st.session_state.get("signed_in") and settings.moderator_token_valid(
        st.context.cookies.get(settings.MODERATOR_COOKIE)
    ):
        st.session_state["signed_in"] = True  # signed in before a reload or a restart of the server
    if st.session_state.get("signed_in"):
        _remember_sign_in()
        return True
    st.subheader(tr("auth.title"))
    with st.form("sign_in", border=True):
        secret = st.text_input(tr("auth.secret"), type="password", help=tr("auth.help"), key="secret_input")
        submitted = st.form_submit_button(tr("auth.submit"), type="primary")
    if not submitted:
        return False
    client = _client()
    wait = throttle.wait_seconds(engine(), throttle.SECRET_MISSES, "secret", client)
    if wait:
        st.error(tr("auth.locked", seconds=wait))
        return False
    if hmac.compare_digest(secret.encode(), settings.moderator_secret().encode()):
        st.session_state["signed_in"] = True
        st.rerun()
    if throttle.count_miss(engine(), throttle.SECRET_MISSES, "secret", client):
        st.error(tr("auth.wrong"))
    else:
        st.error(tr("auth.locked", seconds=throttle.wait_seconds(engine(), throttle.SECRET_MISSES, "secret", client)))
    return False


def _remember_sign_in() -> None:
    """Once per session, have the browser fetch the session cookie (signed with the secret, 12 hours):
    Streamlit cannot set a cookie itself, an <img> of the app's own /auth/remember route can."""
    if st.session_state.get("remembered") or settings.moderator_token_valid(st.context.cookies.get(settings.MODERATOR_COOKIE)):
        return
    st.session_state["remembered"] = True
    # In the sidebar: an element shown once in the main area would shift everything after it on the next run,
    # and the browser would rebuild the console's buttons (losing the keyboard focus the moderator relies on).
    st.sidebar.html(f'<img src="/auth/remember?t={settings.moderator_token()}" alt="" width="1" height="1" style="display:none">')


def projector_meeting(code: str) -> int | None:
    """The meeting a projector link names, or None with a message. A code that does not exist counts
    as a wrong try of this address, like a phone's (the projector shows a meeting's whole content)."""
    client = _client()
    if throttle.wait_seconds(engine(), throttle.CODE_MISSES, "code", client):
        st.error(tr("error.too_many_codes", minutes=1))
        return None
    try:
        return read(services.programmes.meeting_for_projector, code)["id"]
    except BrobyggerError as exc:
        if throttle.count_miss(engine(), throttle.CODE_MISSES, "code", client):
            st.error(exc.message(lang()))
        else:
            st.error(tr("error.too_many_codes", minutes=1))
        return None


def meeting_label(meeting: dict[str, Any], programmes: dict[int, str]) -> str:
    title = text_of(meeting["title"], lang(), "da")
    status = tr(f"meeting.status.{meeting['status']}")
    return f"{programmes.get(meeting['programme_id'], '')} · {title} · {meeting['join_code']} ({status})"


def pick_meeting(key: str) -> dict[str, Any] | None:
    """A meeting chooser that prefers ?meeting= in the URL, then a live meeting, and keeps the choice in the URL."""
    with services.reading(engine()) as conn:
        rows = services.programmes.list_meetings(conn)
        programmes = {p["id"]: p["name"] for p in services.programmes.list_programmes(conn)}
    if not rows:
        st.info(tr("meeting.none"))
        return None
    ids = [r["id"] for r in rows]
    wanted = st.query_params.get("meeting")
    if wanted and wanted.isdigit() and int(wanted) in ids:
        index = ids.index(int(wanted))
    else:
        index = next((i for i, r in enumerate(rows) if r["status"] == "live"), 0)
    by_id = {r["id"]: r for r in rows}
    # The browser keeps a keyed picker's old labels when only the labels change, so it would still read
    # "(planned)" after a start: the key follows the statuses and the choice survives in the URL.
    statuses = zlib.crc32(",".join(f"{r['id']}:{r['status']}" for r in rows).encode())
    chosen = st.selectbox(
        tr("meeting.pick"),
        ids,
        index=index,
        format_func=lambda i: meeting_label(by_id[i], programmes),
        key=f"{key}_{statuses:x}",
    )
    if st.query_params.get("meeting") != str(chosen):
        st.query_params["meeting"] = str(chosen)
    return by_id[chosen]


def programme_language(programme_id: int) -> str:
    return read(services.programmes.get_programme, programme_id)["language"]


@contextmanager
def section(name: str) -> Iterator[None]:
    """One part of a page: an error in it is said there in the user's language (and logged with its
    traceback for whoever runs the server), and the rest of the page still renders."""
    from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

    try:
        yield
    except ScriptControlException:  # st.rerun() and st.stop() are how Streamlit moves on, not errors
        raise
    except BrobyggerError as exc:
        st.error(exc.message(lang()))
    except Exception:
        log.exception("section %s of a page failed", name)
        st.error(tr("error.section"))


def read(service: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`service(conn, *args)` in its own read transaction (one consistent snapshot)."""
    with services.reading(engine()) as conn:
        return service(conn, *args, **kwargs)


def act(service: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[bool, T | None]:
    """`service(conn, *args)` in one write transaction: (True, its result), or (False, None) when it
    was refused; the refusal is shown in the user's language (never a traceback), nothing written."""
    try:
        with services.writing(engine()) as conn:
            return True, service(conn, *args, **kwargs)
    except BrobyggerError as exc:
        st.error(exc.message(lang()))
        return False, None


def join_base() -> str:
    """The address phones use: BROBYGGER_PUBLIC_URL, else the address this browser used unless it is
    localhost (phones cannot reach that), else this machine's address on the local network."""
    from urllib.parse import urlsplit

    if settings.current().public_url:
        return settings.public_url()
    url = st.context.url or ""
    parts = urlsplit(url)
    if parts.hostname and parts.hostname not in ("localhost", "127.0.0.1", "::1"):
        return f"{parts.scheme}://{parts.netloc}"
    return settings.public_url(st.get_option("server.port"))


def projector_url(meeting: dict[str, Any]) -> str:
    """The projector view of a meeting: by its join code, without Streamlit's chrome, in the kit's
    language when the projector speaks it but the UI does not (Swedish, nynorsk), else in this UI language."""
    kit_language = programme_language(meeting["programme_id"])
    beyond_ui = kit_language in languages.PROJECTOR and kit_language not in languages.UI
    shown = kit_language if beyond_ui else lang()
    return f"/?code={meeting['join_code']}&embed=true&lang={shown}"


def run_page(page: Any) -> None:
    """Run the chosen page; anything it did not expect (a forged widget state, a bug) becomes one sentence in the
    user's language and a log line, never a traceback or an English error box."""
    try:
        page.run()
    except Exception:  # Streamlit's own stop and rerun signals are BaseExceptions and pass through
        logging.getLogger("brobygger.pages").exception("page %s failed", getattr(page, "url_path", page))
        st.error(tr("error.page_failed"))
