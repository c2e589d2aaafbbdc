"""Reading the analyst-edited YAML files: themes, entities, measures and article sources.

Each loader validates what it reads and raises :class:`~briefing.errors.ConfigError` naming the file
and line of the first problem, so a typo never surfaces as a traceback in the middle of a build.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError, location

THEME_ID = re.compile(r"^[a-z][a-z0-9-]*$")
ENTITY_TYPES = ("person", "organisation", "place", "system", "agreement", "facility", "document")
KINDS = ("preview", "report", "analysis")
SOURCE_KEYS = ("title", "outlet", "author", "published", "kind", "url", "note")


class _Map(dict):
    """A mapping that remembers the line of each key (1-based)."""

    line: int = 0
    lines: dict


class _Seq(list):
    """A list that remembers the line of each item (1-based)."""

    line: int = 0
    lines: list


# Aliases (``*name``) and merge keys (``<<:``) let a few lines of YAML expand to gigabytes (a "YAML
# bomb"). Analysts' files need none or a handful; beyond these bounds the file is refused.
MAX_ALIASES = 20
MAX_MAPPING_KEYS = 10_000


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps line numbers, bounds aliases and rejects duplicate and non-scalar keys."""

    path: str = "?"
    aliases: int = 0

    def compose_node(self, parent, index):  # noqa: D102 (PyYAML's hook)
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                line = self.peek_event().start_mark.line + 1
                raise ConfigError(
                    f"{location(self.path, line)}: more than {MAX_ALIASES} aliases (*name); this file is refused "
                    "because aliases and merge keys (<<:) can expand without bound. Write the values out in full."
                )
        return super().compose_node(parent, index)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    if len(node.value) > MAX_MAPPING_KEYS:
        raise ConfigError(
            f"{location(loader.path, node.start_mark.line + 1)}: a mapping with {len(node.value):,} keys after merge "
            f"keys (<<:) are expanded, over the limit of {MAX_MAPPING_KEYS:,}; write the values out without merges."
        )
    out = _Map()
    out.line = node.start_mark.line + 1
    out.lines = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            raise ConfigError(
                f"{location(loader.path, line)}: a {'list' if isinstance(key_node, yaml.SequenceNode) else 'mapping'} "
                "used as a key; keys must be plain words or text. Check the indentation and the '?' or '[' on that line."
            )
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise ConfigError(
                f"{location(loader.path, line)}: duplicate key {key!r} "
                f"(first given on line {out.lines[key]}); keep one of them."
            )
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = line
    return out


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> _Seq:
    out = _Seq(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    out.lines = [child.start_mark.line + 1 for child in node.value]
    return out


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> str:
    # Keep dates as the text the analyst wrote; we validate them ourselves with a clear message.
    return loader.construct_scalar(node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)

# libyaml's parser, where PyYAML has it: the same constructors (so the same values and lines), about
# ten times faster. Whatever it finds wrong, the file is parsed again with _Loader, whose messages
# name the line; so is a file whose aliases it cannot count as _Loader does.
_CLoader = None
if getattr(yaml, "CSafeLoader", None) is not None:
    class _CLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        """CSafeLoader with _Loader's constructors."""

        path: str = "?"

    _CLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _CLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
    _CLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _alias_uses(root: yaml.Node) -> int:
    """How many times a composed document refers again to a node it already holds (its aliases)."""
    seen: set[int] = set()
    uses = 0
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            uses += 1
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += (key, value)
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return uses


_SLOW = object()


def _load_fast(text: str, path: Path) -> Any:
    """``text`` parsed with libyaml, or _SLOW when it must go through _Loader (an error, aliases, no libyaml)."""
    if _CLoader is None:
        return _SLOW
    loader = _CLoader(text)
    loader.path = str(path)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _alias_uses(node) > MAX_ALIASES:
            return _SLOW
        return loader.construct_document(node)
    except (yaml.YAMLError, ConfigError, RecursionError):
        return _SLOW
    finally:
        loader.dispose()


def load_yaml(path: Path) -> Any:
    """Parse ``path`` as YAML, keeping line numbers; raise ConfigError with the line on bad syntax."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found; create it or pass the right path.") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason}); save it as UTF-8.") from None
    data = _load_fast(text, path)
    if data is not _SLOW:
        return data
    loader = _Loader(text)
    loader.path = str(path)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ConfigError(
            f"{location(path, line)}: not valid YAML ({exc.problem or exc.context}); "
            "check indentation, colons and quotes on that line."
        ) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc}).") from None
    finally:
        loader.dispose()


def _line(obj: Any, key: Any = None) -> int | None:
    if key is not None and isinstance(obj, _Map):
        return obj.lines.get(key, obj.line)
    return getattr(obj, "line", None)


def _check_keys(path: Path, obj: Any, allowed: tuple[str, ...], what: str) -> None:
    if not isinstance(obj, dict):
        raise ConfigError(f"{location(path, _line(obj))}: each {what} must be a mapping of keys to values.")
    for key in obj:
        if key not in allowed:
            raise ConfigError(
                f"{location(path, _line(obj, key))}: unknown key {key!r} in {what}; "
                f"allowed keys are {', '.join(allowed)}."
            )


def _text(path: Path, obj: dict, key: str, what: str, required: bool = True) -> str:
    value = obj.get(key)
    if value is None or value == "":
        if required:
            raise ConfigError(f"{location(path, _line(obj))}: {what} has no {key!r}; add one.")
        return ""
    if not isinstance(value, (str, int, float)):
        raise ConfigError(f"{location(path, _line(obj, key))}: {key!r} of {what} must be text.")
    return str(value).strip()


@dataclass(frozen=True)
class Theme:
    """One theme: its id, title, description and the cues that put a sentence under it."""

    id: str
    title: str
    description: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Entity:
    """One gazetteer entry: the name reports use, its type and the aliases articles write."""

    name: str
    type: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Measure:
    """A canonical label for figures (e.g. "bilateral trade") and the phrases that signal it."""

    label: str
    cues: tuple[str, ...]
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    """What sources.yaml says of one article."""

    title: str = ""
    outlet: str = ""
    author: str = ""
    published: str = ""
    kind: str = ""
    url: str = ""
    note: str = ""


def _top_list(path: Path, data: Any, key: str) -> list:
    if not isinstance(data, dict) or key not in data:
        raise ConfigError(f"{path}: expected a top-level '{key}:' list; see the comment at the top of the file.")
    extra = [k for k in data if k != key]
    if extra:
        raise ConfigError(f"{location(path, _line(data, extra[0]))}: unknown top-level key {extra[0]!r}; only '{key}' is allowed.")
    items = data[key]
    if not isinstance(items, list):
        raise ConfigError(f"{location(path, _line(data, key))}: '{key}' must be a list of entries.")
    return items


def _str_list(path: Path, obj: dict, key: str, what: str) -> tuple[str, ...]:
    value = obj.get(key) or []
    if not isinstance(value, list):
        raise ConfigError(f"{location(path, _line(obj, key))}: {key!r} of {what} must be a list.")
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, (str, int, float)) or str(item).strip() == "":
            line = value.lines[i] if isinstance(value, _Seq) else _line(obj, key)
            raise ConfigError(f"{location(path, line)}: {key!r} of {what} holds an empty or non-text item.")
        out.append(str(item).strip())
    return tuple(out)


def load_themes(path: Path) -> list[Theme]:
    """Read and validate ``themes.yaml``."""
    items = _top_list(path, load_yaml(path), "themes")
    themes: list[Theme] = []
    seen: dict[str, int | None] = {}
    for item in items:
        _check_keys(path, item, ("id", "title", "description", "cues"), "theme")
        tid = _text(path, item, "id", "a theme")
        if not THEME_ID.match(tid):
            raise ConfigError(
                f"{location(path, _line(item, 'id'))}: theme id {tid!r} must be lowercase letters, digits or '-', "
                "starting with a letter."
            )
        if tid in seen:
            raise ConfigError(f"{location(path, _line(item, 'id'))}: duplicate theme id {tid!r} (also on line {seen[tid]}).")
        seen[tid] = _line(item, "id")
        cues = _str_list(path, item, "cues", f"theme {tid!r}")
        if not cues:
            raise ConfigError(f"{location(path, _line(item))}: theme {tid!r} has no cues; list the words that signal it.")
        for cue in cues:
            if cue.startswith("re:"):
                try:
                    re.compile(cue[3:].strip())
                except re.error as exc:
                    raise ConfigError(
                        f"{location(path, _line(item, 'cues'))}: cue {cue!r} of theme {tid!r} is not a valid regular expression ({exc})."
                    ) from None
        themes.append(
            Theme(tid, _text(path, item, "title", f"theme {tid!r}"), _text(path, item, "description", f"theme {tid!r}", False), cues)
        )
    if not themes:
        raise ConfigError(f"{path}: no themes defined; add at least one.")
    return themes


def load_entities(path: Path) -> list[Entity]:
    """Read and validate ``entities.yaml``."""
    items = _top_list(path, load_yaml(path), "entities")
    out: list[Entity] = []
    seen: dict[str, int | None] = {}
    for item in items:
        _check_keys(path, item, ("name", "type", "aliases"), "entity")
        name = _text(path, item, "name", "an entity")
        etype = _text(path, item, "type", f"entity {name!r}")
        if etype not in ENTITY_TYPES:
            raise ConfigError(
                f"{location(path, _line(item, 'type'))}: entity {name!r} has unknown type {etype!r}; "
                f"use one of {', '.join(ENTITY_TYPES)}."
            )
        if name in seen:
            raise ConfigError(f"{location(path, _line(item, 'name'))}: duplicate entity {name!r} (also on line {seen[name]}).")
        seen[name] = _line(item, "name")
        out.append(Entity(name, etype, _str_list(path, item, "aliases", f"entity {name!r}")))
    return out


def load_measures(path: Path) -> list[Measure]:
    """Read and validate ``measures.yaml`` (canonical labels for figures)."""
    if not Path(path).exists():
        return []
    items = _top_list(path, load_yaml(path), "measures")
    out: list[Measure] = []
    seen: set[str] = set()
    for item in items:
        _check_keys(path, item, ("label", "cues", "exclude"), "measure")
        label = _text(path, item, "label", "a measure")
        if label in seen:
            raise ConfigError(f"{location(path, _line(item, 'label'))}: duplicate measure {label!r}.")
        seen.add(label)
        out.append(Measure(label, _str_list(path, item, "cues", f"measure {label!r}"), _str_list(path, item, "exclude", f"measure {label!r}")))
    return out


def parse_iso_date(value: str) -> dt.date:
    """Parse YYYY-MM-DD strictly; raise ValueError otherwise."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(value)
    return dt.date.fromisoformat(value)


def load_sources(path: Path) -> dict[str, Source]:
    """Read and validate ``sources.yaml``; a missing file means no metadata, not an error."""
    if not Path(path).exists():
        return {}
    data = load_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping from article id to its details; see the comment at the top.")
    out: dict[str, Source] = {}
    for aid, item in data.items():
        if item is None:
            item = _Map()
        _check_keys(path, item, SOURCE_KEYS, f"source {aid!r}")
        values = {k: _text(path, item, k, f"source {aid!r}", required=False) for k in SOURCE_KEYS}
        if values["published"]:
            try:
                parse_iso_date(values["published"])
            except ValueError:
                raise ConfigError(
                    f"{location(path, _line(item, 'published'))}: published date {values['published']!r} of {aid!r} "
                    "is not a valid YYYY-MM-DD date; fix it or leave it empty."
                ) from None
        if values["kind"] and values["kind"] not in KINDS:
            raise ConfigError(
                f"{location(path, _line(item, 'kind'))}: kind {values['kind']!r} of {aid!r} is not one of "
                f"{', '.join(KINDS)}; fix it or leave it empty to have it inferred."
            )
        out[str(aid)] = Source(**values)
    return out


@dataclass(frozen=True)
class Config:
    """Everything extraction reads besides the articles themselves."""

    themes: list[Theme]
    entities: list[Entity]
    measures: list[Measure] = field(default_factory=list)


def load_config(themes: Path, entities: Path, measures: Path) -> Config:
    """Load and validate the three configuration files."""
    return Config(load_themes(themes), load_entities(entities), load_measures(measures))


SETTINGS_KEYS = ("title", "subtitle", "handling", "author", "keywords", "pack_rows")
PACK_ROWS = 6  # the longest table or list a report shows in the briefing pack, unless report.yaml says otherwise


def load_settings(path: Path) -> dict:
    """Read and validate ``report.yaml`` (cover, headers and PDF metadata of the briefing)."""
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected keys {', '.join(SETTINGS_KEYS)}; see the comment at the top.")
    _check_keys(path, data, SETTINGS_KEYS, "report settings")
    out: dict = {k: _text(path, data, k, "report settings", required=(k == "title")) for k in SETTINGS_KEYS
                 if k not in ("keywords", "pack_rows")}
    out["keywords"] = list(_str_list(path, data, "keywords", "report settings"))
    rows = data.get("pack_rows", PACK_ROWS)
    if isinstance(rows, bool) or not isinstance(rows, int) or rows < 1:
        raise ConfigError(f"{location(path, _line(data, 'pack_rows'))}: pack_rows must be a whole number of rows, 1 or "
                          f"more (e.g. {PACK_ROWS}); it is {rows!r}.")
    out["pack_rows"] = rows
    return out


ITEM_ID = re.compile(r"^[a-z][a-z0-9_]*$")
ITEM_KINDS = ("agreement", "programme", "arms_deal", "target", "pledge", "project", "mechanism")
EVENT_KEYS = ("name", "short", "place", "start", "end", "parties", "aliases", "voices")


@dataclass(frozen=True)
class Event:
    """The event a corpus is about: statements are timed before, at or after its dates."""

    name: str
    start: str  # YYYY-MM-DD
    end: str  # YYYY-MM-DD, on or after start
    short: str = "the event"
    place: str = ""
    parties: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    voices: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (party, who speaks or acts for it: leaders, capitals)

    def voices_of(self, party: str) -> tuple[str, ...]:
        """The names that speak or act for ``party`` ("Moscow", "President Putin"), the party itself first."""
        return (party, *dict(self.voices).get(party, ()))


@dataclass(frozen=True)
class Item:
    """A tracked deliverable of the event: an agreement, programme, arms deal, target or pledge."""

    id: str
    name: str
    kind: str
    themes: tuple[str, ...]
    aliases: tuple[str, ...]


def _date(path: Path, obj: dict, key: str, what: str) -> str:
    value = _text(path, obj, key, what)
    try:
        parse_iso_date(value)
    except ValueError:
        raise ConfigError(
            f"{location(path, _line(obj, key))}: {key} {value!r} of {what} is not a valid YYYY-MM-DD date."
        ) from None
    return value


def load_event(path: Path) -> Event | None:
    """Read and validate ``event.yaml``; a missing file means no event (timing from article kinds only)."""
    if not Path(path).exists():
        return None
    data = load_yaml(path)
    if not isinstance(data, dict) or "event" not in data:
        raise ConfigError(f"{path}: expected a top-level 'event:' mapping; see the comment at the top of the file.")
    extra = [k for k in data if k != "event"]
    if extra:
        raise ConfigError(f"{location(path, _line(data, extra[0]))}: unknown top-level key {extra[0]!r}; only 'event' is allowed.")
    ev = data["event"]
    _check_keys(path, ev, EVENT_KEYS, "the event")
    start, end = _date(path, ev, "start", "the event"), _date(path, ev, "end", "the event")
    if end < start:
        raise ConfigError(f"{location(path, _line(ev, 'end'))}: the event ends ({end}) before it starts ({start}); fix 'end'.")
    return Event(
        name=_text(path, ev, "name", "the event"), start=start, end=end,
        short=_text(path, ev, "short", "the event", required=False) or "the event",
        place=_text(path, ev, "place", "the event", required=False),
        parties=_str_list(path, ev, "parties", "the event"), aliases=_str_list(path, ev, "aliases", "the event"),
        voices=_voices(path, ev),
    )


def _voices(path: Path, ev: dict) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The optional ``voices`` mapping of the event: party -> names that speak or act for it."""
    value = ev.get("voices") or {}
    if not isinstance(value, dict):
        raise ConfigError(f"{location(path, _line(ev, 'voices'))}: 'voices' of the event must map each party to a list "
                          "of names, e.g. 'Russia: [Moscow, President Putin]'.")
    parties = _str_list(path, ev, "parties", "the event")
    for party in value:
        if party not in parties:
            raise ConfigError(f"{location(path, _line(value, party))}: 'voices' names {party!r}, which is not one of the "
                              f"event's parties ({', '.join(parties) or 'none'}); use a party's name as written there.")
    return tuple((str(p), _str_list(path, value, p, f"the voices of {p}")) for p in value)


def load_items(path: Path, theme_ids: list[str] | None = None, themes_file: Path | None = None) -> list[Item]:
    """Read and validate the watch list ``items.yaml``; a missing file means an empty list.

    ``theme_ids``, when given, are the valid themes an item may belong to, read from ``themes_file``
    (named in the error when an item's theme is not one of them).
    """
    if not Path(path).exists():
        return []
    items = _top_list(path, load_yaml(path), "items")
    out: list[Item] = []
    seen: dict[str, int | None] = {}
    for item in items:
        _check_keys(path, item, ("id", "name", "kind", "themes", "aliases"), "item")
        iid = _text(path, item, "id", "an item")
        if not ITEM_ID.match(iid):
            raise ConfigError(f"{location(path, _line(item, 'id'))}: item id {iid!r} must be lowercase letters, digits "
                              "or '_', starting with a letter.")
        if iid in seen:
            raise ConfigError(f"{location(path, _line(item, 'id'))}: duplicate item id {iid!r} (also on line {seen[iid]}).")
        seen[iid] = _line(item, "id")
        kind = _text(path, item, "kind", f"item {iid!r}")
        if kind not in ITEM_KINDS:
            raise ConfigError(f"{location(path, _line(item, 'kind'))}: item {iid!r} has unknown kind {kind!r}; "
                              f"use one of {', '.join(ITEM_KINDS)}.")
        themes = _str_list(path, item, "themes", f"item {iid!r}")
        if not themes:
            raise ConfigError(f"{location(path, _line(item))}: item {iid!r} has no themes; list the theme ids it belongs to.")
        unknown = [t for t in themes if theme_ids is not None and t not in theme_ids]
        if unknown:
            raise ConfigError(f"{location(path, _line(item, 'themes'))}: item {iid!r} names unknown theme {unknown[0]!r}; "
                              f"valid themes ({themes_file or 'the themes file in use'}): {', '.join(theme_ids or [])}.")
        out.append(Item(iid, _text(path, item, "name", f"item {iid!r}"), kind, themes,
                        _str_list(path, item, "aliases", f"item {iid!r}")))
    return out
