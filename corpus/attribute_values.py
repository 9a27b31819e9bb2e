"""Document attribute values: their kind (text, number, date) and how filters compare them.

A value is kept as written; its kind decides how it sorts and compares. A date is ISO 8601
(``2012``-style years count as numbers unless the key names a date), compared by prefix so that
``date >= 2012`` and ``date = 2012-02`` mean what a reader expects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "number", "date"]

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\Z")
_DATE = re.compile(
    r"\d{4}-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?\Z"
)
_YEAR = re.compile(r"\d{4}\Z")
_DATE_KEYS = frozenset({"date", "year", "published", "published_at", "published_time", "created"})
MAX_KEY = 64
MAX_VALUE = 10_000
OPERATORS = ("!=", ">=", "<=", "=", ">", "<", "~")


def clean_key(key: str) -> str:
    """An attribute name with outer space removed; raises ValueError when unusable."""
    cleaned = " ".join(key.split())
    if not cleaned:
        raise ValueError("an attribute name cannot be empty")
    if len(cleaned) > MAX_KEY:
        raise ValueError(f"an attribute name has at most {MAX_KEY} characters")
    if any(mark in cleaned for mark in "=<>!~"):
        raise ValueError(f"an attribute name cannot contain = < > ! or ~: {cleaned!r}")
    return cleaned


def infer_kind(key: str, value: str) -> Kind:
    """The kind of ``value``: date (ISO 8601, or a year under a date-like key), number or text."""
    value = value.strip()
    if _DATE.match(value) or (_YEAR.match(value) and key.lower() in _DATE_KEYS):
        return "date"
    if _NUMBER.match(value):
        return "number"
    return "text"


def typed(value: str, kind: str) -> str | int | float:
    """The value as a script wants it: a number for kind number, else the text."""
    if kind == "number":
        number = float(value)
        return (
            int(number)
            if number.is_integer() and "." not in value and "e" not in value.lower()
            else number
        )
    return value


@dataclass(frozen=True, slots=True)
class AttributeFilter:
    """``key OP value``: = (equal; a date by prefix), != , < <= > >= (by kind), ~ (contains)."""

    key: str
    operator: str
    value: str

    def matches(self, value: str | None, kind: str | None) -> bool:
        """Whether a document whose attribute is ``value`` (None: absent) passes."""
        if value is None:
            return self.operator == "!="
        op = self.operator
        if op == "~":
            return self.value.casefold() in value.casefold()
        if kind == "number" and _NUMBER.match(self.value.strip()):
            left: object = float(value)
            right: object = float(self.value)
        elif kind == "date":
            # Compared on the filter's precision: 2012-05-01 is "= 2012" and "<= 2012".
            left, right = value[: len(self.value)], self.value
        else:
            left, right = value.casefold(), self.value.casefold()
        return {
            "=": left == right,
            "!=": left != right,
            ">=": left >= right,  # type: ignore[operator]
            "<=": left <= right,  # type: ignore[operator]
            ">": left > right,  # type: ignore[operator]
            "<": left < right,  # type: ignore[operator]
        }[op]


def parse_filter(expression: str) -> AttributeFilter:
    """Read ``outlet = Daily NK`` or ``date >= 2012``; raises ValueError saying what is wrong."""
    for operator in OPERATORS:
        key, found, value = expression.partition(operator)
        if found and key.strip():
            return AttributeFilter(clean_key(key), operator, value.strip())
    raise ValueError(
        f"{expression!r} is not a filter: write KEY = VALUE (or != < <= > >= ~), "
        "e.g. outlet = Daily NK"
    )
