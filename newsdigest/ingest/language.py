"""Which language a text is in, and its stop words (jusText's lists, 100 languages).

Stop-word density (the share of a block's words that are function words) separates
sentences from menus in any language with a stop list: jusText's insight. The language is
guessed once per document by which list its words hit most.
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

WORD = re.compile(r"\w+")


@lru_cache(maxsize=8192)
def line_key(text: str) -> str:
    """A line's words, casefolded: how lines are compared (a repeat, a title in a list, an
    extractor's block among the page's lines)."""
    return " ".join(WORD.findall(text.casefold()))


CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
# Lists that duplicate another language's (and would only split its votes).
SKIP = {"Simple_English", "Belarusian_Taraskievica", "Serbo_Croatian", "Low_Saxon", "Bishnupriya_Manipuri"}
# Tried first: when one of these clearly fits, the other 90 lists need not be asked.
COMMON = ("English", "German", "French", "Spanish", "Italian", "Portuguese", "Dutch", "Russian", "Polish")
ISO = {
    "English": "en",
    "German": "de",
    "French": "fr",
    "Spanish": "es",
    "Italian": "it",
    "Portuguese": "pt",
    "Dutch": "nl",
    "Polish": "pl",
    "Czech": "cs",
    "Slovak": "sk",
    "Swedish": "sv",
    "Danish": "da",
    "Norwegian_Bokmal": "nb",
    "Norwegian_Nynorsk": "nn",
    "Finnish": "fi",
    "Hungarian": "hu",
    "Romanian": "ro",
    "Russian": "ru",
    "Ukrainian": "uk",
    "Bulgarian": "bg",
    "Serbian": "sr",
    "Croatian": "hr",
    "Slovenian": "sl",
    "Greek": "el",
    "Turkish": "tr",
    "Arabic": "ar",
    "Hebrew": "he",
    "Persian": "fa",
    "Hindi": "hi",
    "Indonesian": "id",
    "Malay": "ms",
    "Vietnamese": "vi",
    "Korean": "ko",
    "Catalan": "ca",
    "Basque": "eu",
    "Galician": "gl",
    "Estonian": "et",
    "Latvian": "lv",
    "Lithuanian": "lt",
    "Icelandic": "is",
    "Irish": "ga",
    "Welsh": "cy",
    "Afrikaans": "af",
    "Albanian": "sq",
    "Macedonian": "mk",
    "Bosnian": "bs",
    "Tagalog": "tl",
    "Swahili": "sw",
    "Urdu": "ur",
    "Bengali": "bn",
    "Tamil": "ta",
    "Telugu": "te",
    "Luxembourgish": "lb",
}


def _stoplist_dir() -> Path:
    # Read jusText's data files directly: importing justext itself pulls in lxml.html.clean.
    spec = importlib.util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the 'justext' package (stop-word lists) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "stoplists"


@lru_cache(maxsize=1)
def stoplists() -> dict[str, frozenset[str]]:
    """language name -> its stop words (casefolded), loaded once per process."""
    return {
        path.stem: frozenset(path.read_text(encoding="utf-8").casefold().split())
        for path in sorted(_stoplist_dir().glob("*.txt"))
        if path.stem not in SKIP
    }


@dataclass(frozen=True, slots=True)
class Language:
    name: str
    """jusText list name (``English``), or ``CJK`` / ``unknown``."""
    code: str
    """ISO 639-1 where known, else empty."""
    stopwords: frozenset[str]
    """Empty for scripts without word spaces, where density is not used."""


UNKNOWN = Language("unknown", "", frozenset())


@lru_cache(maxsize=2)
def _index(common_only: bool) -> dict[str, tuple[str, ...]]:
    """Stop word -> the lists holding it (the common languages' lists only, or all)."""
    lists = stoplists()
    names = [n for n in COMMON if n in lists] if common_only else sorted(lists)
    index: dict[str, list[str]] = {}
    for name in names:
        for word in lists[name]:
            index.setdefault(word, []).append(name)
    return {w: tuple(v) for w, v in index.items()}


def _best(counts: Counter[str], common_only: bool) -> tuple[str, int]:
    """The list with the most hits among the words counted (ties by name, so the result never
    depends on dict order), and its hits."""
    index = _index(common_only)
    votes: Counter[str] = Counter()
    for word, n in counts.items():
        for name in index.get(word, ()):
            votes[name] += n
    if not votes:
        return (min(COMMON) if common_only else min(stoplists())), 0
    return min(votes.items(), key=lambda kv: (-kv[1], kv[0]))


def detect(text: str, sample_words: int = 800) -> Language:
    """Guess the language from the words of (the start of) a text."""
    sample = text[:20000]
    if len(CJK.findall(sample)) > len(sample) * 0.2:
        code = (
            "ja" if re.search(r"[\u3040-\u30ff]", sample) else "ko" if re.search(r"[\uac00-\ud7af]", sample) else "zh"
        )
        return Language("CJK", code, frozenset())
    counts = Counter(WORD.findall(sample.casefold())[:sample_words])
    if not counts:
        return UNKNOWN
    lists = stoplists()
    total = sum(counts.values())
    name, hits = _best(counts, common_only=True)
    if hits < total * 0.25:  # not clearly a common language: ask every list
        other, other_hits = _best(counts, common_only=False)
        # Big lists (Estonian, Finnish: thousands of words) hit names and numbers by chance;
        # a rarer language must win clearly to displace a common one.
        if other_hits > hits * 1.5:
            name, hits = other, other_hits
    if hits == 0:
        return UNKNOWN
    return Language(name, ISO.get(name, ""), lists[name])
