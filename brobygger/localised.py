"""Building blocks shared by kit files and exercise definitions: strict models and text per language."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, RootModel, StringConstraints

#: Ids used in kit files: short, lower-case, safe in URLs, file names and spreadsheet headers.
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]

NonEmptyText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


class StrictModel(BaseModel):
    """Kit content must say exactly what it means: unknown keys are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalText(RootModel[dict[Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")], NonEmptyText]]):
    """A text given in one or more languages, e.g. ``{da: "Velkommen", en: "Welcome"}``."""

    model_config = ConfigDict(frozen=True)
    root: dict[Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")], NonEmptyText] = Field(min_length=1)

    def get(self, lang: str, fallback: str | None = None) -> str:
        """The text in `lang`, else in `fallback`, else in the first language given."""
        if lang in self.root:
            return self.root[lang]
        if fallback and fallback in self.root:
            return self.root[fallback]
        return next(iter(self.root.values()))

    @property
    def languages(self) -> set[str]:
        return set(self.root)


def text_of(value: LocalText | dict | None, lang: str, fallback: str | None = None) -> str:
    """Text of a LocalText or of its plain-dict form as stored in the database."""
    if value is None:
        return ""
    if isinstance(value, LocalText):
        return value.get(lang, fallback)
    if lang in value:
        return value[lang]
    if fallback and fallback in value:
        return value[fallback]
    return next(iter(value.values()), "")
