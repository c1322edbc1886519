"""Reading a brand pack's files safely: size, encoding and characters first, then YAML with bounds.

Packs are uploaded over the API, so every way a file can make the loader crash or run away is refused
with a PackError naming the file, the line and what to fix (one place, used by knowledge/pack.py for
brand.yaml, faq.yaml and voice.md):

- a file over its size limit (knowledge/limits.py) is refused before it is read;
- control characters (other than tab and line breaks) are refused with their line: YAML forbids most of
  them, and in a voice guide or an answer they would reach prompts and drafts;
- YAML nested deeper than `MAX_YAML_DEPTH`: PyYAML composes nodes recursively, and 3,000 levels raised
  RecursionError with a 205 kB traceback; and more than `MAX_YAML_NODES` values, which cost time and
  memory (about 8 µs and 400 bytes each) before any check on the content could run;
- aliases that expand the document beyond `MAX_ALIAS_GROWTH` of its size ("billion laughs": PyYAML shares
  aliased nodes, but validation walks every reference) or that refer to the node they sit in;
- every YAML error, and values YAML turns into numbers or dates that Python cannot hold (a 5,000-digit
  integer, 2024-13-45), keep their line; mappings remember the line of each key for later messages.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from knowledge.errors import PackError
from knowledge.limits import KIB, MAX_ALIAS_GROWTH, MAX_YAML_DEPTH, MAX_YAML_NODES, MIB

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
"""What YAML's reader refuses, applied to every pack file: C0 and C1 controls except tab, line feed,
carriage return and next-line, and the two non-characters."""


def size_text(n: int) -> str:
    """A byte count for people: 812 bytes, 70.2 KiB, 8 MiB."""
    for unit, scale in (("MiB", MIB), ("KiB", KIB)):
        if n >= scale:
            return f"{round(n / scale, 1):g} {unit}"
    return f"{n} bytes"


def read_text(path: Path, max_bytes: int, shorten: str) -> str:
    """`path` as text, refused (PackError) when missing, over `max_bytes`, not UTF-8 or holding a control
    character; `shorten` says how to get under the limit."""
    if not path.is_file():
        raise PackError(path, "file is missing", f"create {path.name} (see DESIGN.md, 'The brand pack')")
    size = path.stat().st_size
    if size > max_bytes:
        raise PackError(path, f"is {size_text(size)}; the limit is {size_text(max_bytes)}", shorten)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise PackError(path, "is not UTF-8 text", "save the file as UTF-8") from None
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise PackError(
            path, f"contains the control character U+{ord(bad.group()):04X} at column {column}",
            "delete it; only tabs and line breaks are allowed (it often comes from copying out of a PDF or a "
            "spreadsheet)", line,
        )
    return text


class Located(dict[str, Any]):
    """A YAML mapping that remembers the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


def _event_source(text: str) -> Any:
    """libyaml's parser when PyYAML was built with it (4x faster on a large faq.yaml), else PyYAML's own."""
    return yaml.CSafeLoader(text) if yaml.__with_libyaml__ else yaml.SafeLoader(text)


class _PackLoader(Composer, SafeConstructor, Resolver):
    """SafeLoader's composer and constructor over a parser's events, with line-remembering mappings, a
    depth bound and an alias budget (the composer is PyYAML's Python one so that it can be bounded)."""

    def __init__(self, text: str):
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self._parser = _event_source(text)
        self._depth = 0
        self._nodes = 0
        self._open_anchors: list[str] = []
        self._alias_budget = len(text) * MAX_ALIAS_GROWTH
        self._sizes: dict[int, int] = {}

    def check_event(self, *choices: Any) -> bool:
        return bool(self._parser.check_event(*choices))

    def peek_event(self) -> Any:
        return self._parser.peek_event()

    def get_event(self) -> Any:
        return self._parser.get_event()

    def dispose(self) -> None:
        self._parser.dispose()

    def _expanded_size(self, node: yaml.Node) -> int:
        """Characters of text plus one per node, counting every alias inside as often as it appears."""
        key = id(node)
        if key not in self._sizes:
            if isinstance(node, yaml.ScalarNode):
                self._sizes[key] = 1 + len(node.value)
            elif isinstance(node, yaml.MappingNode):
                self._sizes[key] = 1 + sum(self._expanded_size(k) + self._expanded_size(v) for k, v in node.value)
            else:
                self._sizes[key] = 1 + sum(self._expanded_size(child) for child in node.value)
        return self._sizes[key]

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in self._open_anchors:
                raise PackError("", f"the alias *{event.anchor} refers to the value it sits in",
                                "write the value out instead of the alias", line)
            node = super().compose_node(parent, index)
            self._alias_budget -= self._expanded_size(node) if node is not None else 0
            if self._alias_budget < 0:
                raise PackError("", "its aliases (*name) make the document more than "
                                f"{1 + MAX_ALIAS_GROWTH:g} times as large as the file",
                                "write the values out instead of aliasing aliases", line)
            return node
        self._nodes += 1
        if self._nodes > MAX_YAML_NODES:
            raise PackError("", f"holds more than {MAX_YAML_NODES:,} values (texts, lists and mappings)",
                            "look for a runaway list, or split the content across several brands", line)
        self._depth += 1
        if self._depth > MAX_YAML_DEPTH:
            raise PackError("", f"nests lists and mappings more than {MAX_YAML_DEPTH} levels deep",
                            "flatten it; see DESIGN.md for the shape of the file", line)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self._open_anchors.append(anchor)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1
            if anchor is not None:
                self._open_anchors.pop()

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as exc:  # int("9" * 5000), date(2024, 13, 45) ...
            kind = _KINDS.get(str(node.tag).rsplit(":", 1)[-1], "a value")
            reason = str(exc).split(":")[0]  # not Python's advice on sys.set_int_max_str_digits
            raise PackError("", f"cannot read {_preview(node)} as {kind} ({reason})",
                            "put it in quotes if it is text, or correct it", node.start_mark.line + 1) from None


_KINDS = {"int": "a whole number", "float": "a number", "timestamp": "a date", "binary": "base64 data"}


def _preview(node: yaml.Node) -> str:
    text = node.value if isinstance(node.value, str) else ""
    return repr(text[:30] + "…") if len(text) > 30 else repr(text)


def _construct_mapping(loader: _PackLoader, node: yaml.MappingNode) -> Located:
    mapping = Located()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            raise PackError("", "a key is a list or a mapping", "keys are plain words such as id or answer", line)
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise PackError("", f"key {key!r} appears twice", "remove one of them", line)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = line
    return mapping


_PackLoader.add_constructor(Resolver.DEFAULT_MAPPING_TAG, _construct_mapping)  # type: ignore[arg-type,type-var]


def load_yaml(path: Path, max_bytes: int, shorten: str) -> Any:
    """The YAML document in `path` (mappings as `Located`), or a PackError with the file, line and fix."""
    text = read_text(path, max_bytes, shorten)
    loader: _PackLoader | None = None
    try:
        loader = _PackLoader(text)
        return loader.get_single_data()
    except PackError as exc:
        raise PackError(path, exc.problem, exc.fix, exc.line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise PackError(path, f"is not valid YAML ({exc.problem or exc.context})", "fix the syntax at that line",
                        line) from None
    except yaml.YAMLError as exc:  # e.g. a ReaderError, which carries a character position, not a mark
        position = getattr(exc, "position", None)
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else None
        raise PackError(path, f"is not valid YAML ({exc})", "fix the file at that line", line) from None
    except RecursionError:
        raise PackError(path, "nests too deeply to read", "flatten it; see DESIGN.md for the shape of the file") \
            from None
    finally:
        if loader is not None:
            loader.dispose()
