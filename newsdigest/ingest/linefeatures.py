"""What the learned cleaner reads of each line of a page: a row of numbers per line.

Features in the jusText / boilerpipe / Dragnet manner, all from the text alone:

- **the line itself**: length, words, stop-word density in the page's language, sentence
  punctuation, commas, capitals, digits, CJK share, the named rule it matches and the
  jusText class before and after context, how often it (or its shape, or its first word)
  recurs on the page, the words it shares with the page's prose and with its neighbours,
  the lexicon's article-vs-boilerplate log-odds of its words;
- **where it is**: position, share of the page's text and prose above and below it;
- **its neighbours**: a few of the above for the lines up to three above and below;
- **its surroundings**: counts of prose, short and bad lines, comment-shaped, date-shaped and
  name-shaped lines in windows around it, and how far it is from the nearest date, byline,
  headline-shaped line, end marker, comment-shaped line and line of each keyword class
  (comments, sharing, related links, ads, legal, subscription, tags, navigation) above and
  below; and where it stands relative to the end markers that follow prose.

Pure Python over the already classified blocks (rules and jusText classes come from
``boilerplate``); ``bench/train_cleaner.py`` computes exactly these rows to fit the model.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat

from .language import WORD, Language
from .lexicon import Lexicon

CLASS_INDEX = {"bad": 0.0, "short": 1.0, "near": 2.0, "good": 3.0}
KIND_INDEX = {"": 0.0, "drop": 1.0, "end": 2.0, "meta": 3.0}
SENTENCE_END = (".", "!", "?", "…", '"', "”", "»", "。", "！", "？", ".)", "’", "'")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
DATE = re.compile(
    r"\b\d{1,2}[./-]\s?\d{1,2}[./-]\s?\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b|"
    r"\b\d{1,2}\.? (?:jan|feb|mär|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|dez|dec)[a-zä]*\.? \d{4}\b"
)
TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
COMMENT = re.compile(
    r"\b(?:says|said|sagt|schreibt|schrieb|wrote|dit|dice|scrive|zegt)\b\s*(?:\.\.\.|:|,)?\s*$|"
    r"^\[?(?:reply|antworten|répondre|responder|rispondi|beantwoorden|report(?: abuse)?|melden|signaler|flag|like|"
    r"recommend|empfehlen|quote|zitieren)\]?\s*[↓›»]?\s*$|\bpermalink\b|\|\s*reply\b|\breply\s*(?:↓|›|»)?\s*$|"
    r"\b(?:at|um|à|a las)\s+\d{1,2}[:h.]\d{2}\s*(?:am|pm|uhr)?\s*$|"
    r"\b\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\s*$|"
    r"^(?:vor|il y a|hace)\s+\d+\s+\w+\s*$|\breply:\s*$|^#\d+\s*$|\b\d+\s+(?:likes?|points?|votes?|replies)\b"
)
NAME_ISH = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|[a-z]+[\w.]*\d*)(?:\s+[A-ZÀ-ÖØ-Þ][\w'’.-]*){0,3}$")
BYLINE = re.compile(
    r"^(?:by|posted by|written by|von|par|por|door|autor|author|text)\b|\bposted (?:by|on|in)\b|\|\s*by\b"
)
KEYWORDS = {
    "comment": r"comment|kommentar|commentaire|comentario|commento|reactie|reacci|respon[ds]|\brepl(?:y|ies)\b|"
    r"antwort|discus|diskus|leserbrief",
    "share": r"share|teilen|partager|compartir|condividi|tweet|facebook|twitter|linkedin|whatsapp|pinterest|"
    r"\be-?mail\b|\bprint\b|drucken|imprimer",
    "related": r"related|recommend|also like|also read|more from|more on\b|read more|read next|popular|trending|"
    r"most read|most viewed|you may|you might|weitere|mehr zum|lesen sie|auch interessant|lire aussi|relacionad|"
    r"te puede|leggi anche|correlat|see also|more stories|more news|top stories|latest",
    "ad": r"advertis|anzeige|werbung|publicit|sponsor|promoted|adchoices|\bads?\b",
    "legal": r"©|copyright|all rights reserved|privacy|datenschutz|impressum|\bterms\b|cookie|nutzungsbedingungen|"
    r"mentions légales|aviso legal|disclaimer",
    "subscribe": r"subscri|newsletter|abonn|sign up|signup|regist|log ?in\b|anmelden|follow us|folgen sie",
    "tags": r"^(?:tags?|labels?|categor|filed under|schlagw|themen|topics?|stichw|posted in|kategorie)",
    "nav": r"^(?:home|start(?:seite)?|menu|menü|navigation|search|suche|next|previous|prev|back|zurück|weiter|top|"
    r"skip to|jump to|accueil)\b",
}
KEYWORD_RES = {k: re.compile(v) for k, v in KEYWORDS.items()}
"""DATE, COMMENT, BYLINE and these are matched against the casefolded line (no ``re.I``: faster)."""
_DIGITS = re.compile(r"\d+")
_DIGIT = re.compile(r"\d")
_PUNCT = re.compile(r"[^\w\s]|_")
_UPPER_RUN = re.compile(r"[A-ZÀ-ÖØ-Þ][^\W\d_]*")
_LOWER_RUN = re.compile(r"[^\W\d_A]+")
NEIGHBOURS = (-3, -2, -1, 1, 2, 3)
END_AFTER_PROSE = 150
FAR = 6.0
"""The distance feature's value when there is no such line (log of ~400 lines)."""


@dataclass(frozen=True, slots=True)
class LineInput:
    """One line as the feature extractor receives it from the boilerplate stage."""

    text: str
    cls: str
    """jusText-style class after context: good, near, short, bad."""
    first: str
    """The class before context."""
    rule: int
    """1-based index of the named rule that matched, 0 for none."""
    kind: str
    """The matched rule's kind (drop, end, meta) or empty."""


LOCAL = (
    "lchars",
    "lwords",
    "stopd",
    "lstop",
    "sent_end",
    "colon_end",
    "sents",
    "commas",
    "punct",
    "digits",
    "titlecase",
    "first_upper",
    "cjk",
    "rule",
    "kind",
    "cls0",
    "cls",
    "relmax",
    "relmed",
    "repeat",
    "first_rep",
    "shape_rep",
    "cohesion",
    "content",
    "ncoh5",
    "ncoh15",
    "ncoh_prev",
    "ncoh_next",
    "lex_mean",
    "lex_min",
    "lex_max",
    "lex_first",
    "lex_line",
    "lex_line_n",
)
NEIGHBOUR_FEATURES = ("lchars", "stopd", "sent_end", "titlecase", "cohesion")
_NEIGHBOUR_AT = tuple(LOCAL.index(f) for f in NEIGHBOUR_FEATURES)
POSITION = ("pos", "lpos", "lrpos", "ln", "charfrac", "prose_above", "prose_below", "has_stopwords")
WINDOWS = (
    "win5_good",
    "win5_short",
    "win5_bad",
    "win15_good",
    "win15_short",
    "win15_bad",
    "com_prev10",
    "com_around12",
    "date_win6",
    "name_prev6",
    "name_next6",
    "same_first5",
)
END = ("after_end", "end_dist", "n_end_above", "n_end_any", "end_prose")
ANCHORS = ("date", "byline", "head", "end", "com", *KEYWORDS)


def feature_names() -> tuple[str, ...]:
    """The columns of a row, in order (the model file stores them and refuses any other order)."""
    names = list(LOCAL) + list(POSITION)
    names += [f"{f}@{o}" for o in NEIGHBOURS for f in NEIGHBOUR_FEATURES]
    names += list(WINDOWS) + list(END)
    names += [f"{a}_up" for a in ANCHORS] + [f"{a}_dn" for a in ANCHORS]
    return tuple(names)


def _shape(text: str) -> str:
    """The line's outline: digit runs as 0, words as A (capitalised) or a, the rest as it is."""
    return _LOWER_RUN.sub("a", _UPPER_RUN.sub("A", _DIGITS.sub("0", text[:60])))


def _prefix(values: Sequence[float]) -> list[float]:
    out = [0.0]
    total = 0.0
    for v in values:
        total += v
        out.append(total)
    return out


def _distances(flags: Sequence[bool]) -> tuple[list[float], list[float]]:
    """log1p of the distance to the nearest flagged line above and below (FAR when none)."""
    n = len(flags)
    up, down = [FAR] * n, [FAR] * n
    last = -1
    for i in range(n):
        if last >= 0:
            up[i] = math.log1p(i - last)
        if flags[i]:
            last = i
    last = -1
    for i in range(n - 1, -1, -1):
        if last >= 0:
            down[i] = math.log1p(last - i)
        if flags[i]:
            last = i
    return up, down


def _neighbour_cohesion(words: Sequence[tuple[str, ...]]) -> tuple[list[float], ...]:
    """Per line, the share of its content words that recur in another line within 5 lines
    either side, within 15, in the 5 above and in the 5 below (-1 without content words).
    Two passes over the words find each word's nearest other occurrence above and below."""
    n = len(words)
    up: list[list[int]] = []
    last: dict[str, int] = {}
    for i, ws in enumerate(words):
        up.append([i - last[w] if w in last else 1_000 for w in ws])
        for w in ws:
            last[w] = i
    down: list[list[int]] = [[]] * n
    last = {}
    for i in range(n - 1, -1, -1):
        ws = words[i]
        down[i] = [last[w] - i if w in last else 1_000 for w in ws]
        for w in ws:
            last[w] = i
    near, wide, above, below = [-1.0] * n, [-1.0] * n, [-1.0] * n, [-1.0] * n
    within5, within15 = (5).__ge__, (15).__ge__
    for i in range(n):
        k = len(words[i])
        if not k:
            continue
        a, b = up[i], down[i]
        nearest = list(map(min, a, b))
        near[i] = sum(map(within5, nearest)) / k
        wide[i] = sum(map(within15, nearest)) / k
        above[i] = sum(map(within5, a)) / k
        below[i] = sum(map(within5, b)) / k
    return near, wide, above, below


def page_features(lines: Sequence[LineInput], language: Language, lexicon: Lexicon | None) -> list[list[float]]:
    """One row per line, columns as ``feature_names()``."""
    n = len(lines)
    if n == 0:
        return []
    stop = language.stopwords
    texts = [x.text for x in lines]
    lengths = [len(t) for t in texts]
    folded = [t.casefold() for t in texts]
    words = [WORD.findall(f) for f in folded]
    content = [tuple({w for w in ws if len(w) > 2 and w not in stop and not w.isdigit()}) for ws in words]
    cls0 = [CLASS_INDEX[x.first] for x in lines]
    kinds = [KIND_INDEX[x.kind] for x in lines]
    prose = [lengths[i] if cls0[i] >= 2 else 0 for i in range(n)]

    counts = Counter(texts)
    firsts = [ws[0] if ws else "" for ws in words]
    first_counts = Counter(firsts)
    shapes = [_shape(t) for t in texts]
    shape_counts = Counter(shapes)
    topic: Counter[str] = Counter()
    for i in range(n):
        if cls0[i] >= 2:
            topic.update(content[i])
    ordered = sorted(lengths)
    longest = ordered[-1] or 1
    median = ordered[n // 2] or 1
    total_chars = sum(lengths) or 1

    ncoh5, ncoh15, ncoh_prev, ncoh_next = _neighbour_cohesion(content)

    local: list[list[float]] = []
    for i, x in enumerate(lines):
        t, ws, n_chars = texts[i], words[i], lengths[i]
        nw = len(ws)
        n_stop = sum(map(stop.__contains__, ws)) if stop else 0
        initials = "".join([w[0] for w in t.split()])
        n_alpha = sum(map(str.isalpha, initials))
        title = sum(map(str.isupper, initials)) / n_alpha if n_alpha else 0.0
        punct = len(_PUNCT.findall(t))
        digits = len(_DIGIT.findall(t))
        c = content[i]
        own = 1 if cls0[i] >= 2 else 0
        cohesion = sum(map(own.__lt__, map(topic.get, c, repeat(0)))) / len(c) if c else -1.0
        ends = t.endswith(SENTENCE_END)
        row = [
            math.log1p(n_chars),
            math.log1p(nw),
            n_stop / nw if nw else 0.0,
            math.log1p(n_stop),
            float(ends),
            float(t.endswith(":")),
            (t.count(". ") + t.count("? ") + t.count("! ") + float(ends)) / (nw + 1),
            t.count(",") / (nw + 1),
            punct / (n_chars or 1),
            digits / (n_chars or 1),
            title,
            float(t[:1].isupper()),
            len(CJK.findall(t)) / (n_chars or 1),
            float(x.rule),
            kinds[i],
            cls0[i],
            CLASS_INDEX[x.cls],
            n_chars / longest,
            n_chars / median,
            math.log(counts[t]),
            math.log(first_counts[firsts[i]]) if firsts[i] else 0.0,
            math.log(shape_counts[shapes[i]]),
            cohesion,
            math.log1p(len(c)),
            ncoh5[i],
            ncoh15[i],
            ncoh_prev[i],
            ncoh_next[i],
            *(lexicon.line_features(ws, nw) if lexicon is not None else (0.0,) * 6),
        ]
        local.append(row)

    short = [1.0 if v == 1.0 else 0.0 for v in cls0]
    good = [1.0 if v >= 2.0 else 0.0 for v in cls0]
    bad = [1.0 if v == 0.0 else 0.0 for v in cls0]
    comment = [n_ < 150 and bool(COMMENT.search(f)) for f, n_ in zip(folded, lengths, strict=True)]
    date = [n_ < 80 and bool(DATE.search(f)) for f, n_ in zip(folded, lengths, strict=True)]
    dateish = [n_ < 60 and bool(DATE.search(f) or TIME.search(f)) for f, n_ in zip(folded, lengths, strict=True)]
    name = [n_ < 40 and not t.endswith(".") and bool(NAME_ISH.match(t)) for t, n_ in zip(texts, lengths, strict=True)]
    byline = [n_ < 100 and bool(BYLINE.search(f)) for f, n_ in zip(folded, lengths, strict=True)]
    head = [
        10 <= n_ <= 150
        and not t.endswith((".", "!", ",", ";", ":"))
        and sum(1 for w in t.split() if w[:1].isupper()) >= max(2, len(t.split()) // 2)
        for t, n_ in zip(texts, lengths, strict=True)
    ]
    end = [k == 2.0 for k in kinds]
    short_lines = [f if n_ < 100 else "" for f, n_ in zip(folded, lengths, strict=True)]
    keyword = {k: [bool(f) and bool(rx.search(f)) for f in short_lines] for k, rx in KEYWORD_RES.items()}

    p_good, p_short, p_bad = _prefix(good), _prefix(short), _prefix(bad)
    p_com, p_date, p_name = _prefix(comment), _prefix(dateish), _prefix(name)
    p_prose = _prefix(prose)
    anchors = [_distances(f) for f in (date, byline, head, end, comment, *keyword.values())]
    prose_total = p_prose[-1]

    # end markers: the first one after END_AFTER_PROSE characters of prose bounds the article
    limit = n
    seen_prose = 0.0
    n_end_above = [0.0] * n
    count_after_prose = 0
    for i in range(n):
        n_end_above[i] = float(count_after_prose)
        if end[i] and seen_prose >= END_AFTER_PROSE:
            count_after_prose += 1
            if limit == n:
                limit = i
        seen_prose += prose[i]

    # the rest, column by column (cheaper in Python than row by row), then zipped into rows
    columns: list[Sequence[float]] = list(zip(*local, strict=True)) if local else []
    cum = _prefix(lengths)
    columns += [
        [i / n for i in range(n)],
        [math.log1p(i) for i in range(n)],
        [math.log1p(n - 1 - i) for i in range(n)],
        [math.log1p(n)] * n,
        [cum[i] / total_chars for i in range(n)],
        [math.log1p(p_prose[i]) for i in range(n)],
        [math.log1p(prose_total - p_prose[i + 1]) for i in range(n)],
        [float(bool(stop))] * n,
    ]
    for o in NEIGHBOURS:
        for k in _NEIGHBOUR_AT:
            col = columns[k]
            shifted = ([-1.0] * -o + list(col[:o])) if o < 0 else (list(col[o:]) + [-1.0] * o)
            columns.append(shifted[-n:] if o < 0 else shifted[:n])
    lo5, hi5 = [max(0, i - 5) for i in range(n)], [min(n, i + 6) for i in range(n)]
    lo15, hi15 = [max(0, i - 15) for i in range(n)], [min(n, i + 16) for i in range(n)]

    def window(prefix: list[float], lo: list[int], hi: list[int]) -> list[float]:
        return [prefix[b] - prefix[a] for a, b in zip(lo, hi, strict=True)]

    columns += [
        window(p_good, lo5, hi5),
        window(p_short, lo5, hi5),
        window(p_bad, lo5, hi5),
        window(p_good, lo15, hi15),
        window(p_short, lo15, hi15),
        window(p_bad, lo15, hi15),
        [p_com[i] - p_com[max(0, i - 10)] for i in range(n)],
        [p_com[min(n, i + 13)] - p_com[max(0, i - 12)] - float(comment[i]) for i in range(n)],
        [p_date[min(n, i + 7)] - p_date[max(0, i - 6)] for i in range(n)],
        [p_name[i] - p_name[max(0, i - 6)] for i in range(n)],
        [p_name[min(n, i + 7)] - p_name[i + 1] for i in range(n)],
        [float(firsts[lo5[i] : hi5[i]].count(firsts[i]) - 1) if firsts[i] else 0.0 for i in range(n)],
    ]
    ends_seen, end_prose_above = [0.0] * n, [-1.0] * n
    n_end, end_prose, seen_end = 0, 0.0, False
    for i in range(n):
        ends_seen[i] = float(n_end)
        end_prose_above[i] = math.log1p(end_prose) if seen_end else -1.0
        if end[i]:
            n_end, end_prose, seen_end = n_end + 1, p_prose[i], True
    columns += [
        [float(i > limit) for i in range(n)],
        [math.copysign(math.log1p(abs(i - limit)), i - limit) if limit < n else -9.0 for i in range(n)],
        n_end_above,
        ends_seen,
        end_prose_above,
    ]
    columns += [up for up, _down in anchors] + [down for _up, down in anchors]
    return [list(row) for row in zip(*columns, strict=True)]
