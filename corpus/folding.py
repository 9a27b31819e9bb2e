"""Normalising words for matching: case, accents, apostrophes, and romanisation skeletons.

``fold`` is what makes "São Paulo", "SAO PAULO" and "Sao Paulo" one term. Accents are removed
only from Latin, Greek and Cyrillic letters: NFKD would also split a Hangul syllable into jamo
and a Japanese kana from its voicing mark, which are letters of their own, so those are composed
back (NFC) and kept.

``skeleton`` is a looser key for romanisation variants of one name: consonant classes that
transliterations swap (g/k/q/c, d/t, b/p, l/r, j/ch/zh, Wade-Giles hs/x and ts/z, x/ks; German
ch against English kh through ``skeletons``; Lee/Yi/Rhee/Ri as one), no vowels after the first
letter, no doubled letters. "Gaddafi", "Qaddafi" and "Kadhafi" share one; "Jong Un" and
"Jung Eun" share theirs; "Jong Il" does not.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that do not decompose under NFKD but have a plain Latin spelling.
_LETTERS = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i", "ħ": "h"}
)
_APOSTROPHES = str.maketrans({"'": None, "’": None, "ʼ": None, "‘": None, "`": None})


def _strips_accents(base: str) -> bool:
    """Whether combining marks on this base letter are accents (Latin, Greek, Cyrillic)."""
    code = ord(base)
    return code < 0x0530 or 0x1E00 <= code <= 0x1FFF


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """The matching form of a word: case-folded, accents and apostrophes removed."""
    if word.isascii():
        return word.lower().translate(_APOSTROPHES)
    decomposed = unicodedata.normalize("NFKD", word)
    kept: list[str] = []
    base = ""
    for char in decomposed:
        if unicodedata.combining(char):
            if base and _strips_accents(base):
                continue
        else:
            base = char
        kept.append(char)
    composed = unicodedata.normalize("NFC", "".join(kept))
    return composed.casefold().translate(_LETTERS).translate(_APOSTROPHES)


_DIGRAPHS = (("kh", "k"), ("gh", "g"), ("ph", "f"), ("th", "t"), ("dh", "d"), ("sh", "s"))
# Wade-Giles "hs" is pinyin "x" (Hsi/Xi); "ts"/"tz" is pinyin "z"; "x" elsewhere is "ks".
_WADE_GILES = (("hs", "s"), ("tz", "z"), ("ts", "z"))
_JS = (("tch", "j"), ("zh", "j"), ("dj", "j"))
_CLASSES = str.maketrans({"g": "k", "q": "k", "c": "k", "d": "t", "b": "p", "r": "l", "w": "v"})
_VOWELS = frozenset("aeiouy")
_INITIAL_VOWELS = frozenset("aeiou")
_SWAPS_J = {"x": "ks", "ch": "j", "tch": "j", **dict((*_WADE_GILES, *_JS, *_DIGRAPHS))}
_SWAPS_K = {**_SWAPS_J, "ch": "k", "tch": "k"}
# One pass, longest first: "tch" before "ch", a digraph before its letters.
_SWAPPED = re.compile("|".join(sorted(_SWAPS_J, key=len, reverse=True)))
# One Korean surname (이/리) in its usual spellings.
_KOREAN_LEE = frozenset({"lee", "yi", "rhee", "ri", "rhie", "yee", "li"})


@lru_cache(maxsize=200_000)
def normalised(folded: str, ch: str = "j") -> str:
    """A folded ASCII word with the letters romanisation systems swap made one (consonant
    classes, digraphs, Wade-Giles initials), vowels kept and doubled letters single.

    ``ch`` is what "ch" stands for: "j" as in Chinese and Korean (Chong/Jong), "k" as in German
    (Chodorkowski/Khodorkovsky).
    """
    if folded in _KOREAN_LEE:
        return "li"
    key = folded
    if len(key) > 2 and key[-1] == "j" and key[-2] in _VOWELS:
        key = key[:-1] + "i"  # German and Slavic j is a y: Alexej/Aleksei
    if key.startswith("x"):
        key = "s" + key[1:]
    table = _SWAPS_J if ch == "j" else _SWAPS_K
    key = _SWAPPED.sub(lambda match: table[match.group()], key).translate(_CLASSES)
    out: list[str] = []
    for char in key:
        if out and out[-1] == char:
            continue
        out.append(char)
    return "".join(out)


@lru_cache(maxsize=200_000)
def skeleton(folded: str, *, classes: bool = True, ch: str = "j") -> str:
    """The romanisation key of a folded word (see the module docstring); "" for other scripts.

    With ``classes=False`` consonants are kept as written: only vowels and doubled letters
    are dropped, so "Kyiv" and "Kiev" still share a key but "File" and "Free" do not.
    """
    if not folded.isascii() or not folded.isalpha():
        return ""
    key = normalised(folded, ch) if classes else folded
    out = ["a" if key[0] in _INITIAL_VOWELS else key[0]]
    previous = key[0]
    for char in key[1:]:
        if char != previous and char not in _VOWELS and char != "h":
            out.append(char)
        previous = char
    return "".join(out)


def skeletons(folded: str) -> frozenset[str]:
    """Every romanisation key of a word: "ch" read as "j" and as "k"."""
    if "ch" not in folded:
        return frozenset(key for key in (skeleton(folded),) if key)
    return frozenset(key for ch in ("j", "k") if (key := skeleton(folded, ch=ch)))
