"""Write and read the YAML of a spans file.

Writing: a small emitter for the JSON-like trees of the spans format (mappings, lists,
strings, integers, null, booleans). PyYAML's own dumpers take about 12 s (C) and 30 s (pure
Python) for 100,000 spans here, and the two give different bytes for the same data (libyaml
escapes emoji, the pure emitter folds U+0085 into a space unless double-quoted). This emitter
gives the same bytes everywhere, in a fraction of the time, and its output is checked against
both PyYAML loaders by the tests.

Strings are plain only when they are a conservative identifier that no YAML 1.1 reader takes for
anything but a string; every other string is double-quoted, with line breaks, control and
invisible characters escaped, so that it is on one line and round-trips exactly.

Reading: ``yaml.safe_load`` semantics, through libyaml when it is present.
"""

import re
from functools import lru_cache
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Strict:
    """Mixed into a safe loader: a key repeated in one mapping is an error (PyYAML keeps the
    last silently, so a second ``documents:`` block would drop the first), and an impossible
    date (2030-02-30) stays text for the validator to name, instead of raising."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[tuple[str, str], yaml.Mark] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = (key_node.tag, key_node.value)
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None,
                        None,
                        f"duplicate key {key_node.value!r} (first on line {seen[key].line + 1})",
                        key_node.start_mark,
                    )
                seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)  # type: ignore[misc]

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)  # type: ignore[misc]
        except ValueError:
            return self.construct_scalar(node)  # type: ignore[attr-defined]


@lru_cache(maxsize=4)
def _strict(base: type) -> type:
    """``base`` (CSafeLoader or SafeLoader) with the checks of `_Strict`."""
    loader: Any = type(f"Strict{base.__name__}", (_Strict, base), {})
    loader.add_constructor("tag:yaml.org,2002:timestamp", _Strict.construct_yaml_timestamp)
    return loader


_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
# Words some YAML 1.1 readers take for booleans or null, whatever PyYAML does with them.
_NOT_PLAIN = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"}

_NAMED_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    "\x85": "\\N",
    "\xa0": "\\_",
    "\u2028": "\\L",
    "\u2029": "\\P",
}
# Everything YAML cannot hold unescaped, line breaks, and the invisible BOM.
_NEEDS_ESCAPE = re.compile(
    '[\\\\"\x00-\x1f\x7f-\x9f\xa0\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]'
)


def dump_yaml(data: dict[str, Any]) -> str:
    """Return ``data`` (a mapping of JSON-like values) as a block-style YAML document."""
    if not data:
        return "{}\n"
    lines: list[str] = []
    _emit_mapping(data, "", lines)
    return "\n".join(lines) + "\n"


class NestedTooDeeply(ValueError):
    """YAML whose lists and mappings nest deeper than ``MAX_DEPTH``."""


# A spans file nests six levels (file, documents, document, spans, span, tags); far deeper is
# hostile. Refusing by our own count keeps the message ours, whatever the parser would say.
MAX_DEPTH = 32


def load_yaml(text: str) -> Any:
    """Parse ``text`` as ``yaml.safe_load`` does; raises ``yaml.YAMLError`` on bad YAML.

    Raises NestedTooDeeply, before building anything, for lists and mappings nested deeper
    than ``MAX_DEPTH``. The loader is libyaml's CSafeLoader when present, else the pure
    SafeLoader.
    """
    _check_depth(text)
    return yaml.load(text, Loader=_strict(_LOADER))


def _check_depth(text: str) -> None:
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise NestedTooDeeply(_TOO_DEEP)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as error:
        # libyaml reads ahead through "[[[[..." before yielding an event, and may stop at a
        # nesting limit of its own first: open brackets before the error mark tell that case.
        mark = getattr(error, "problem_mark", None)
        before = text[: mark.index] if mark is not None else ""
        opened = before.count("[") + before.count("{") - before.count("]") - before.count("}")
        if opened > MAX_DEPTH:
            raise NestedTooDeeply(_TOO_DEEP) from None
        raise


_TOO_DEEP = f"lists and mappings nested more than {MAX_DEPTH} deep"


def scalar(value: Any) -> str:
    """Return a scalar (str, int, bool or None) as YAML text on one line."""
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    raise TypeError(f"cannot write a {type(value).__name__} as YAML")


def _emit_mapping(mapping: dict[str, Any], indent: str, lines: list[str], first: str = "") -> None:
    """Emit a block mapping; ``first`` replaces the indentation of its first line."""
    lead = first or indent
    for key, value in mapping.items():
        head = f"{lead}{_key(key)}:"
        lead = indent
        kind = type(value)
        # The common scalars first: a spans file is mostly strings and offsets.
        if kind is str:
            lines.append(f"{head} {_string(value)}")
        elif kind is int:
            lines.append(f"{head} {value}")
        elif isinstance(value, dict) and value:
            lines.append(head)
            _emit_mapping(value, indent + "  ", lines)
        elif kind is list and value and type(value[0]) is dict:
            lines.append(head)
            _emit_sequence(value, indent + "  ", lines)
        else:
            lines.append(f"{head} {_flow(value)}")


def _emit_sequence(items: list[Any], indent: str, lines: list[str]) -> None:
    for item in items:
        if isinstance(item, dict) and item:
            _emit_mapping(item, indent + "  ", lines, first=indent + "- ")
        else:
            lines.append(f"{indent}- {_flow(item)}")


def _flow(value: Any) -> str:
    """Return a value on one line: a scalar, ``[a, b]`` or ``{k: v}``."""
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_string(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    return scalar(value)


@lru_cache(maxsize=4096)
def _plain_word(value: str) -> bool:
    """Whether an identifier-like string reads back as a string when written plain."""
    if value.lower() in _NOT_PLAIN:
        return False
    return yaml.resolver.Resolver().resolve(yaml.ScalarNode, value, (True, False)) == (
        "tag:yaml.org,2002:str"
    )


@lru_cache(maxsize=1024)
def _key(key: str) -> str:
    """A mapping key: the same few field names over and over."""
    return _string(key)


def _string(value: str) -> str:
    if _PLAIN.match(value) and _plain_word(value):
        return value
    return '"' + _NEEDS_ESCAPE.sub(_escape, value) + '"'


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED_ESCAPES.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02X}" if code < 0x100 else f"\\u{code:04X}"
