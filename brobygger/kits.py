"""Load and validate workshop kits: YAML files checked by pydantic, errors that name file and field."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError
from pydantic.fields import FieldInfo

from brobygger.exercises import registry
from brobygger.exercises.scales import Item
from brobygger.kit_problems import KitInvalid, KitProblem, field_path, parse_yaml, problem_message
from brobygger.languages import KIT as KIT_LANGUAGES
from brobygger.localised import Id, LocalText, StrictModel

MAX_FILE_BYTES = 512 * 1024
MAX_FILES = 200
AGENDA_KINDS = ("welcome", "talk", "exercise", "discussion", "break", "follow-up", "evaluation", "close")
MEETING_KINDS = ("development", "network", "other")


class Group(StrictModel):
    """A participant group people choose when they join; results can be split by it."""

    id: Id
    label: LocalText


class ResearchSettings(StrictModel):
    """kit.yaml `research:`: what participants are told before they are asked for consent to research use,
    and whether organisers' workbooks leave out the answers of people who declined."""

    short: LocalText | None = Field(default=None, description="shown with the question; the defaults are used without it")
    full: LocalText | None = Field(default=None, description="the full text one tap away: purpose, responsible, retention ...")
    workbooks_without_declined: bool = Field(
        default=False, description="meeting and programme workbooks keep counts of everyone but not the answers of decliners"
    )


class KitManifest(StrictModel):
    """kit.yaml: what the kit is, which languages all its text is given in, and who takes part."""

    id: Id
    version: str = "1"
    languages: list[Literal[KIT_LANGUAGES]] = Field(min_length=1)
    title: LocalText
    description: LocalText
    groups: list[Group] | None = Field(default=None, min_length=2, max_length=12)
    research: ResearchSettings = Field(default_factory=ResearchSettings)


class CatalogueEntry(StrictModel):
    id: Id
    title: LocalText
    text: LocalText | None = None
    note: LocalText | None = None
    attributes: dict[Id, LocalText] = Field(default_factory=dict)


class Catalogue(StrictModel):
    """catalogues/NAME.yaml: reference content (roles, principles, ...) that exercises can point at."""

    title: LocalText
    entries: list[CatalogueEntry] = Field(min_length=1)


#: Resolved when the kit models are built, and again whenever a type is registered (see _current_models).
ExerciseDefinition = registry.definition_union()


class AgendaItem(StrictModel):
    id: Id
    title: LocalText
    minutes: int = Field(gt=0, le=600)
    kind: Literal["welcome", "talk", "exercise", "discussion", "break", "follow-up", "evaluation", "close"]
    notes: LocalText | None = None
    exercise: ExerciseDefinition | None = None  # the registered types, told apart by `type` (see _current_models)
    display: Literal["figures", "processes"] | None = Field(
        default=None,
        description="figures: the absence figures uploaded for the programme; processes: the board of advisory processes",
    )


class MeetingTemplate(StrictModel):
    """meetings/ID.yaml: one kind of meeting and its ordered agenda."""

    id: Id
    kind: Literal["development", "network", "other"]
    order: int = 0
    title: LocalText
    theme: LocalText
    minutes: int = Field(gt=0, le=24 * 60)
    agenda: list[AgendaItem] = Field(min_length=1)

    @property
    def planned_minutes(self) -> int:
        return sum(item.minutes for item in self.agenda)


@dataclass
class Kit:
    manifest: KitManifest
    catalogues: dict[str, Catalogue]
    meetings: list[MeetingTemplate]
    source: str = ""
    files: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def id(self) -> str:
        return self.manifest.id

    @property
    def languages(self) -> list[str]:
        return list(self.manifest.languages)

    def meeting(self, template_id: str) -> MeetingTemplate:
        for template in self.meetings:
            if template.id == template_id:
                return template
        raise KeyError(template_id)

    def entry(self, ref: str) -> CatalogueEntry | None:
        """A catalogue entry by 'catalogue/entry' reference, or None."""
        name, _, entry_id = ref.partition("/")
        catalogue = self.catalogues.get(name)
        if catalogue is None:
            return None
        return next((e for e in catalogue.entries if e.id == entry_id), None)


# ---------------------------------------------------------------- paths and messages


_built_for = registry.generation()


def _current_models() -> None:
    """Rebuild the agenda's exercise schema when a type was registered since (e.g. a plugin's)."""
    global _built_for, ExerciseDefinition
    if _built_for == registry.generation():
        return
    ExerciseDefinition = registry.definition_union()
    # pydantic resolves a field's type once, when the class is made: give the field the new union, then rebuild.
    AgendaItem.__pydantic_fields__["exercise"] = FieldInfo.from_annotated_attribute(ExerciseDefinition | None, None)
    AgendaItem.model_rebuild(force=True)
    MeetingTemplate.model_rebuild(force=True)
    _built_for = registry.generation()


def _validate(model: type[BaseModel], data: Any, file: str) -> tuple[BaseModel | None, list[KitProblem]]:
    _current_models()
    if not isinstance(data, dict):
        return None, [KitProblem(file, "", "expected a mapping of fields (key: value) at the top of the file")]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = [KitProblem(file, field_path(tuple(e["loc"])), problem_message(e)) for e in exc.errors()]
        return None, problems


# ---------------------------------------------------------------- cross checks


def _walk(value: Any, path: str):
    """Yield (path, LocalText) and (path, list-of-models) for every place in a model tree."""
    if isinstance(value, LocalText):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, (list, tuple)):
        yield path, value
        for i, item in enumerate(value):
            yield from _walk(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{path}.{key}" if path else str(key))


def _check_tree(file: str, model: BaseModel, languages: list[str], kit: Kit | None) -> list[KitProblem]:
    problems = []
    for path, value in _walk(model, ""):
        if isinstance(value, LocalText):
            for lang in languages:
                if lang not in value.languages:
                    problems.append(KitProblem(file, f"{path}.{lang}", f"missing text in '{lang}', a language the kit declares"))
            for lang in sorted(value.languages - set(languages)):
                problems.append(KitProblem(file, f"{path}.{lang}", f"text in '{lang}', which kit.yaml does not declare"))
        elif isinstance(value, list):
            ids = [getattr(v, "id", None) for v in value]
            seen: set[str] = set()
            for i, ident in enumerate(ids):
                if ident is None:
                    continue
                if ident in seen:
                    problems.append(KitProblem(file, f"{path}[{i}].id", f"duplicate id {ident!r}"))
                seen.add(ident)
            for i, v in enumerate(value):
                ref = getattr(v, "ref", None)
                if ref is not None and kit is not None and kit.entry(ref) is None:
                    problems.append(
                        KitProblem(
                            file,
                            f"{path}[{i}].ref",
                            f"{ref!r} is not an entry of the kit's catalogues (write 'catalogue/entry-id')",
                        )
                    )
                if ref is None and isinstance(v, Item) and v.label is None:
                    problems.append(KitProblem(file, f"{path}[{i}]", "needs a 'label' or a 'ref' to a catalogue entry"))
    return problems


def _resolve(model: Any, kit: Kit) -> Any:
    """Fill labels and notes from the catalogue where an item only gives a 'ref'."""
    if isinstance(model, BaseModel):
        updates = {}
        for name in type(model).model_fields:
            value = getattr(model, name)
            new = _resolve(value, kit)
            if new is not value:
                updates[name] = new
        ref = getattr(model, "ref", None)
        entry = kit.entry(ref) if ref else None
        if entry is not None:
            fields = type(model).model_fields
            if "label" in fields and model.label is None:
                updates["label"] = entry.title
            if "note" in fields and model.note is None and entry.note is not None:
                updates["note"] = entry.note
            if "description" in fields and model.description is None and entry.text is not None:
                updates["description"] = entry.text
        return model.model_copy(update=updates) if updates else model
    if isinstance(model, list):
        new_list = [_resolve(v, kit) for v in model]
        return new_list if any(a is not b for a, b in zip(new_list, model, strict=False)) else model
    return model


# ---------------------------------------------------------------- loading


def load_kit_files(files: dict[str, str], source: str = "kit") -> Kit:
    """A kit from its files (relative path -> YAML text): kit.yaml, catalogues/*.yaml, meetings/*.yaml."""
    problems: list[KitProblem] = []
    if len(files) > MAX_FILES:
        raise KitInvalid(source, [KitProblem(source, "", f"a kit may hold at most {MAX_FILES} files")])
    for name, text in files.items():
        if len(text.encode("utf-8")) > MAX_FILE_BYTES:
            problems.append(KitProblem(name, "", f"file is larger than {MAX_FILE_BYTES // 1024} KB"))
    if "kit.yaml" not in files:
        problems.append(
            KitProblem("kit.yaml", "", "missing: every kit needs a kit.yaml with id, languages, title and description")
        )
    if problems:
        raise KitInvalid(source, problems)

    parsed: dict[str, Any] = {}
    for name in sorted(files):
        if not name.endswith((".yaml", ".yml")):
            continue
        if not (name == "kit.yaml" or name.startswith(("catalogues/", "meetings/"))) or name.count("/") > 1:
            problems.append(KitProblem(name, "", "unexpected file: a kit holds kit.yaml, catalogues/*.yaml and meetings/*.yaml"))
            continue
        data, errs = parse_yaml(name, files[name])
        problems += errs
        if not errs:
            parsed[name] = data

    manifest, errs = _validate(KitManifest, parsed.get("kit.yaml"), "kit.yaml") if "kit.yaml" in parsed else (None, [])
    problems += errs
    catalogues: dict[str, Catalogue] = {}
    meetings: list[tuple[str, MeetingTemplate]] = []
    for name, data in parsed.items():
        if name.startswith("catalogues/"):
            catalogue, errs = _validate(Catalogue, data, name)
            problems += errs
            if catalogue is not None:
                catalogues[Path(name).stem] = catalogue  # type: ignore[assignment]
        elif name.startswith("meetings/"):
            template, errs = _validate(MeetingTemplate, data, name)
            problems += errs
            if template is not None:
                meetings.append((name, template))  # type: ignore[arg-type]
    if manifest is None:
        raise KitInvalid(source, problems)

    kit = Kit(manifest=manifest, catalogues=catalogues, meetings=[], source=source, files=dict(files))  # type: ignore[arg-type]
    languages = list(manifest.languages)  # type: ignore[attr-defined]
    problems += _check_tree("kit.yaml", manifest, languages, kit)
    for name, catalogue in catalogues.items():
        problems += _check_tree(f"catalogues/{name}.yaml", catalogue, languages, kit)
    seen_meetings: dict[str, str] = {}
    for name, template in meetings:
        problems += _check_tree(name, template, languages, kit)
        if template.id in seen_meetings:
            problems.append(
                KitProblem(name, "id", f"duplicate meeting id {template.id!r} (also in {seen_meetings[template.id]})")
            )
        seen_meetings[template.id] = name
    if not meetings and not problems:
        problems.append(KitProblem("meetings/", "", "a kit needs at least one meeting template in meetings/"))
    if problems:
        raise KitInvalid(source, problems)
    kit.meetings = sorted((_resolve(t, kit) for _, t in meetings), key=lambda t: (t.order, t.id))
    return kit


def read_kit_folder(path: Path) -> dict[str, str]:
    """The YAML files of a kit folder, keyed by their path inside it."""
    files: dict[str, str] = {}
    for file in sorted(path.rglob("*")):
        if file.is_file() and file.suffix in (".yaml", ".yml"):
            rel = file.relative_to(path).as_posix()
            if file.stat().st_size > MAX_FILE_BYTES:
                files[rel] = "x" * (MAX_FILE_BYTES + 1)
                continue
            try:
                files[rel] = file.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                raise KitInvalid(str(path), [KitProblem(rel, "", "not UTF-8 text")]) from None
    return files


def load_kit(path: str | Path) -> Kit:
    """A kit from its folder; raises KitInvalid listing every problem found."""
    path = Path(path)
    if not path.is_dir():
        raise KitInvalid(str(path), [KitProblem(str(path), "", "not a folder: a kit is a folder holding kit.yaml")])
    return load_kit_files(read_kit_folder(path), source=str(path))


KITS_DIR = Path(__file__).resolve().parent.parent / "workshop_kits"


def available_kits(root: Path = KITS_DIR) -> dict[str, Kit]:
    """Every valid kit under workshop_kits/, by id (invalid ones are skipped; `kits validate` names them)."""
    kits = {}
    for folder in sorted(p for p in root.iterdir() if (p / "kit.yaml").exists()):
        try:
            kit = load_kit(folder)
        except KitInvalid:
            continue
        kits[kit.id] = kit
    return kits
