"""Every language the product knows, in one place: what the UI speaks, what phones and projectors speak, their names."""

from __future__ import annotations

#: Danish first: the product's own default.
DEFAULT = "da"
#: Every UI message exists in these (a test checks it); other languages fall back to English.
UI = ("da", "en")
#: Languages a kit may be written in.
KIT = ("da", "en", "sv", "nb", "nn")
#: What the participant's phone and the projector speak (kits in Swedish and nynorsk read whole there).
PHONE = ("da", "en", "sv", "nn", "nb")
PROJECTOR = ("da", "en", "sv", "nn")
#: Each language's name in itself, for pickers.
NAMES = {"da": "Dansk", "en": "English", "sv": "Svenska", "nn": "Nynorsk", "nb": "Norsk"}
#: Where a text is missing in the asked language.
FALLBACK = "en"
