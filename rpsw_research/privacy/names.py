"""Finding the names of a key in Indonesian text.

Matching policy (documented in the README):

* **Whole words only.** A name never matches inside a longer word: ``Sari`` does not
  match ``Sarinah`` or ``sarimi``; ``Ani`` does not match ``Rani``, ``Ania``, ``tani``.
  A reduplicated word (``ani-ani``) is not a name either.
* **Clitics.** ``-nya``, ``-lah``, ``-kah``, ``-pun`` may follow a name, with or without
  hyphen (``Siti-nya``, ``Sitinya``, ``Sitilah``): the name is replaced, the clitic kept.
* **Honorifics are kept** (``Bu``, ``Mbak``, ``Kak``, ``Pak``, ...), only the name after
  them is replaced: ``mbak Siti`` -> ``mbak K1``.
* **Line breaks and runs of spaces** between the words of a name are allowed
  (``Siti\\nAminah``, ``Siti   Aminah``).
* **Case.** Names match case-insensitively, except names that are also ordinary words
  (``Indah``/``indah``, ``Bunga``, ``Sari``, ``Putri``...): those match only when written
  with a capital first letter, or in any case right after an honorific (``kak putri``).
  A form is such a word when every word of it is in the Indonesian lemma dictionary of
  spacy-lookups-data, in the built-in list below, or in the key's ``common_words``.
  Per entry, ``match: capitalised`` forces the capital rule, ``match: any`` switches
  it off. A capitalised ordinary word at the start of a sentence (``Indah sekali``) is
  therefore replaced too: for privacy, over-masking beats a leak.
* **Spelling variants.** Besides the listed ``variants``, old-spelling forms are added
  (``Sukarno``->``Soekarno``, ``Joko``->``Djoko``, ``Yusuf``->``Jusuf``, ``Cahya``->``Tjahja``,
  final ``i``/``y``: ``Siti``->``Sity``). Generated forms match only when capitalised.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .key import KeyEntry, PrivacyKey

HONORIFICS = frozenset(
    """
bapak pak bpk ibu bu mbak mba mas kak kakak adik adek dik dek teh teteh neng bang abang
om tante bude budhe pakde pakdhe bunda umi abi uni uda cik cici koh mak emak nenek nek
kakek kek eyang mbok mbah ustadz ustaz ustadzah ustazah haji hajah hajjah hj dr dokter
bidan suster sus saudara saudari sdr sdri nona nyonya ny tuan mami papi ayah mama papa
""".split()
)

# Given names that are also ordinary Indonesian words but are missing from the lemma
# dictionary of spacy-lookups-data (which already holds sari, indah, bunga, jaya...).
COMMON_WORD_NAMES = frozenset(
    """
putri putra mawar melati intan permata mutiara berlian rezeki rejeki wangi harum dewi
ayu rahmat fajar senja bulan embun pelangi tiara kenanga dahlia cempaka kembang sinar
surya angin awan langit bahagia sabar ikhlas sejahtera abadi mulia agung harapan bagus
ratu kencana emas perak mustika lintang gading hidayah nikmat karunia anugerah berkah
cahya rahayu selamat slamet setia tulus rindu sayang manis elok cantik lembayung
""".split()
)

CLITICS = ("nya", "lah", "kah", "pun")
_LETTER_BEFORE = r"(?<![^\W_])"
_LETTER_AFTER = r"(?![^\W_])"
_GAP = r"(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*)"  # spaces, or one line break
_CLITIC = r"(?P<clitic>-?(?i:" + "|".join(CLITICS) + r"))?"
_HONORIFIC = r"(?i:" + "|".join(sorted(HONORIFICS, key=lambda h: (-len(h), h))) + r")\.?"
_OLD_MARKERS = ("oe", "dj", "tj", "sj")


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """Indonesian word forms of spacy-lookups-data's lemma table (keys and lemmas)."""
    try:
        data_dir = resources.files("spacy_lookups_data") / "data"
        with gzip.open(str(data_dir / "id_lemma_lookup.json.gz"), "rt", encoding="utf-8") as fh:
            table = json.load(fh)
    except (ModuleNotFoundError, FileNotFoundError, OSError, ValueError):
        return frozenset()
    return frozenset(w.casefold() for w in (*table.keys(), *table.values()))


def is_common_word(word: str, extra: frozenset[str] = frozenset()) -> bool:
    """True when ``word`` is also an ordinary Indonesian word (``indah``, ``bunga``)."""
    folded = word.casefold()
    return folded in COMMON_WORD_NAMES or folded in extra or folded in dictionary_words()


def spelling_variants(word: str) -> set[str]:
    """Old/new-spelling and final ``i``/``y`` variants of one word (without ``word``)."""
    lower = word.casefold()
    bases = {lower, _old_spelling(lower)}
    if any(marker in lower for marker in _OLD_MARKERS):
        bases.add(_new_spelling(lower))
    out = set(bases)
    for base in bases:
        if base.endswith("i"):
            out.add(base[:-1] + "y")
        elif base.endswith("y"):
            out.add(base[:-1] + "i")
    out.discard(lower)
    return {v[:1].upper() + v[1:] for v in out if len(v) >= 2}


def _old_spelling(word: str) -> str:
    word = word.replace("j", "dj").replace("y", "j").replace("c", "tj")
    return word.replace("u", "oe").replace("kh", "ch")


def _new_spelling(word: str) -> str:
    word = word.replace("oe", "u").replace("dj", "\0").replace("tj", "c").replace("ch", "kh")
    return word.replace("j", "y").replace("\0", "j")


def _word_regex(word: str, capital: bool) -> str:
    if not capital:
        return "(?i:" + re.escape(word) + ")"
    first = word[0]
    return re.escape(first.upper()) + ("(?i:" + re.escape(word[1:]) + ")" if word[1:] else "")


def _form_regex(words: list[list[tuple[str, bool]]]) -> str:
    """A regex for a form: per word, alternatives of (spelling, capital-only)."""
    parts = []
    for alternatives in words:
        regexes = sorted(
            {_word_regex(w, cap) for w, cap in alternatives}, key=lambda r: (-len(r), r)
        )
        parts.append("(?:" + "|".join(regexes) + ")")
    return _GAP.join(parts)


@dataclass(frozen=True)
class NameHit:
    """A name found in a text: the span of the name itself (honorific/clitic excluded)."""

    start: int
    end: int
    entry: KeyEntry


class NameMatcher:
    """Compiled patterns of a :class:`PrivacyKey`; build once, scan many texts."""

    def __init__(self, key: PrivacyKey) -> None:
        self.key = key
        self._patterns: list[tuple[KeyEntry, re.Pattern[str], re.Pattern[str] | None]] = []
        for entry in key.entries:
            strict, relaxed = [], []
            for form in sorted(entry.forms(), key=lambda f: (-len(f), f)):
                words = form.split()
                ordinary = all(is_common_word(w, key.common_words) for w in words)
                capital = entry.match == "capitalised" or (entry.match == "auto" and ordinary)
                alternatives = []
                for word in words:
                    alts = [(word, capital)]
                    if entry.auto_variants:
                        alts += [(v, True) for v in sorted(spelling_variants(word))]
                    alternatives.append(alts)
                strict.append(_form_regex(alternatives))
                relaxed.append(
                    _form_regex([[(w, False) for w, _ in alts] for alts in alternatives])
                )
            name = "(?P<name>" + "|".join(strict) + ")"
            strict_re = re.compile(_LETTER_BEFORE + name + _CLITIC + _LETTER_AFTER)
            relaxed_re = None
            if entry.kind == "person":
                name = "(?P<name>" + "|".join(relaxed) + ")"
                relaxed_re = re.compile(
                    _LETTER_BEFORE + _HONORIFIC + r"[^\S\n]+" + name + _CLITIC + _LETTER_AFTER
                )
            self._patterns.append((entry, strict_re, relaxed_re))

    def find(self, text: str) -> list[NameHit]:
        """Every name occurrence in ``text``, sorted; may overlap (resolved later)."""
        hits: dict[tuple[int, int, int], NameHit] = {}
        for index, (entry, strict_re, relaxed_re) in enumerate(self._patterns):
            for pattern in (strict_re, relaxed_re):
                if pattern is None:
                    continue
                for match in pattern.finditer(text):
                    start, end = match.span("name")
                    if _reduplicated(text, start, end):
                        continue
                    hits.setdefault((start, end, index), NameHit(start, end, entry))
        return [hits[k] for k in sorted(hits)]


def _reduplicated(text: str, start: int, end: int) -> bool:
    """``ani-ani``, ``sari-sari``: a reduplicated ordinary word, not a name."""
    word = text[start:end].casefold()
    after = text[end : end + len(word) + 2].casefold()
    if after.startswith("-" + word) and not after[len(word) + 1 : len(word) + 2].isalnum():
        return True
    before = text[max(0, start - len(word) - 2) : start].casefold()
    return before.endswith(word + "-") and not before[: -len(word) - 1][-1:].isalnum()


def form_matches(text: str, form: str) -> bool:
    """True when ``form`` occurs in ``text`` as a whole word (case-insensitive)."""
    pattern = _LETTER_BEFORE + _GAP.join(re.escape(w) for w in form.split()) + _LETTER_AFTER
    return re.search(pattern, text, flags=re.IGNORECASE) is not None
