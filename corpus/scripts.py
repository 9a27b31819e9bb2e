"""Names written in other scripts: romanising a word, and the loose key that compares spellings
across scripts.

Hangul, Han characters, Cyrillic, Arabic and the rest are romanised with anyascii (ISC licence,
a few microseconds a word): 김정은 -> "gimjeongeun", 沈阳 -> "shenyang", Навальный -> "navalnyy",
القذافي -> "qdhfy" (the article dropped). Romanisations of one name in two systems rarely agree
letter for letter, and Arabic writes no short vowels, so the cross-script key (``loose_keys``)
keeps only consonant classes, collapsed: "kmjnkn" for both 김정은 and "Kim Jong-un".

A Korean noun carries its particles and administrative suffixes attached (신의주에서 "in Sinuiju",
혜산시 "Hyesan city"); ``hangul_stems`` lists the word with them removed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

# Particles and suffixes a Korean place or person name carries, longest first within a step.
_HANGUL_SUFFIXES = (
    "에서는",
    "에서도",
    "에서",
    "에게",
    "으로",
    "까지",
    "부터",
    "에는",
    "에도",
    "께서",
    "로",
    "에",
    "의",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "과",
    "와",
    "도",
    "만",
    "시",
    "군",
    "구",
)
_ARABIC_ARTICLE = "ال"
_LOOSE_JS = (("tch", "j"), ("zh", "j"), ("dj", "j"), ("ts", "z"), ("tz", "z"))
_LOOSE_DIGRAPHS = (("kh", "k"), ("gh", "k"), ("ph", "f"), ("th", "t"), ("dh", "t"), ("sh", "s"))
_LOOSE_CLASSES = str.maketrans(
    {"g": "k", "q": "k", "c": "k", "d": "t", "b": "p", "r": "l", "w": "v", "x": "s"}
)
_DROPPED = frozenset("aeiouyh")
_VOWELS = frozenset("aeiouy")


def is_hangul(char: str) -> bool:
    """Whether a character is a Hangul syllable or jamo."""
    code = ord(char)
    return 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F


def is_han(char: str) -> bool:
    """Whether a character is a CJK ideograph (Chinese characters, hanja, kanji)."""
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def has_han(word: str) -> bool:
    """Whether a word holds CJK ideographs (written without spaces between words)."""
    return _HAN.search(word) is not None


@lru_cache(maxsize=200_000)
def romanise(word: str) -> str:
    """A folded non-Latin word in Latin letters, lowercase, letters only ("" if none)."""
    if word.startswith(_ARABIC_ARTICLE) and len(word) > 3:
        word = word[len(_ARABIC_ARTICLE) :]
    return "".join(char for char in anyascii(word).lower() if char.isalpha())


@lru_cache(maxsize=200_000)
def loose_keys(latin: str, *, keep_h: bool = False) -> frozenset[str]:
    """Cross-script keys of a lowercase Latin spelling: consonant classes, vowels and "h"
    dropped, repeats collapsed. "ch" is read both as "j" (Chinese, Korean) and "k" (German).

    ``keep_h`` keeps a lone "h" (Arabic writes it as a letter of its own: Halab, not Libya).
    """
    dropped = _VOWELS if keep_h else _DROPPED
    keys = set()
    for ch in ("j", "k"):
        key = latin.replace("ch", ch)
        for pair, single in (*_LOOSE_JS, *_LOOSE_DIGRAPHS):
            key = key.replace(pair, single)
        key = key.translate(_LOOSE_CLASSES)
        out: list[str] = []
        for char in key:
            if char in dropped or not char.isalpha() or (out and out[-1] == char):
                continue
            out.append(char)
        if out:
            keys.add("".join(out))
    return frozenset(keys)


def hangul_stems(word: str) -> list[str]:
    """The word with trailing particles and suffixes removed, one or two at a time (신의주에서
    -> 신의주; 혜산시에서 -> 혜산시, 혜산); stems of at least two syllables."""
    found: list[str] = []
    frontier = [word]
    for _ in range(2):
        following = []
        for current in frontier:
            for suffix in _HANGUL_SUFFIXES:
                if current.endswith(suffix) and len(current) - len(suffix) >= 2:
                    stem = current[: -len(suffix)]
                    if stem not in found:
                        found.append(stem)
                        following.append(stem)
        frontier = following
    return found
