"""A deterministic synthetic news corpus: realistic articles (about 1,080 words, headings,
lists, links, 3-6 tags from a pool of 300, dates 2022-2024) written as a newsdigest site."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "it",
    "as",
    "with",
    "was",
    "on",
    "by",
    "at",
    "from",
    "this",
    "be",
    "are",
    "government",
    "talks",
    "ceasefire",
    "minister",
    "region",
    "report",
    "officials",
    "troops",
    "border",
    "economy",
    "sanctions",
    "analysts",
    "capital",
    "forces",
    "agreement",
    "parliament",
    "election",
    "voters",
    "budget",
    "winter",
    "energy",
    "prices",
    "said",
    "would",
    "could",
    "after",
    "before",
    "during",
    "while",
    "negotiations",
    "security",
    "spokesman",
    "statement",
    "pressure",
    "support",
    "military",
    "diplomatic",
    "western",
    "leaders",
    "summit",
    "proposal",
    "reform",
    "inflation",
    "markets",
    "growth",
    "exports",
    "industry",
    "workers",
    "strike",
    "union",
    "court",
    "ruling",
    "investigation",
    "police",
    "city",
    "council",
    "mayor",
    "residents",
    "housing",
    "transport",
    "climate",
    "weather",
    "storm",
    "flood",
]
PLACES = [
    "Kyiv",
    "Moscow",
    "Brussels",
    "Berlin",
    "Paris",
    "London",
    "Washington",
    "Warsaw",
    "Vienna",
    "Geneva",
    "Ankara",
    "Beijing",
    "Tokyo",
    "Madrid",
    "Rome",
    "Prague",
    "Budapest",
    "Oslo",
    "Helsinki",
    "Riga",
    "Vilnius",
    "Tallinn",
    "Minsk",
    "Odesa",
    "Kharkiv",
]


def tag_pool(n: int = 300) -> list[str]:
    rng = random.Random(7)
    pool = set()
    while len(pool) < n:
        pool.add(" ".join(rng.choice(WORDS + PLACES).capitalize() for _ in range(rng.choice((1, 1, 2)))))
    return sorted(pool)


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(9, 22))]
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), rng.choice(PLACES))
    return " ".join(words).capitalize() + "."


def article(i: int, rng: random.Random, tags: list[str]) -> str:
    date = datetime(2022, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(3 * 365 * 24 * 60))
    title = " ".join(rng.choice(WORDS + PLACES) for _ in range(rng.randint(5, 10))).title()
    chosen = rng.sample(tags, rng.randint(3, 6))
    parts, words = [], 0
    while words < 1080:
        kind = rng.random()
        if kind < 0.1 and parts:
            text = "## " + " ".join(rng.choice(WORDS) for _ in range(4)).capitalize()
        elif kind < 0.17:
            text = "\n".join(f"- {sentence(rng)}" for _ in range(3))
        else:
            text = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
            if rng.random() < 0.2:
                text += f" See [the report](https://example.org/report/{rng.randrange(10**6)})."
        words += len(text.split())
        parts.append(text)
    front = (
        f'---\ntitle: "{title} {i}"\ndate: {date.isoformat()}\nauthor: Reporter {i % 40}\n'
        f'tags: [{", ".join(chosen)}]\ndescription: "{sentence(rng)}"\n---\n'
    )
    return front + "\n\n".join(parts) + "\n"


def write_corpus(root: Path, n: int, seed: int = 1) -> Path:
    """Create ``root`` with site.toml and ``n`` articles in content/ (same n, seed -> same bytes)."""
    rng = random.Random(seed)
    tags = tag_pool()
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    # Search off: the build figures stay comparable with the reference commit's (which has
    # none); what Pagefind adds is measured on its own (README, "Search").
    (root / "site.toml").write_text(
        '[site]\ntitle = "Synthetic Digest"\nbase_url = "https://example.org/"\n\n[search]\nenabled = false\n'
    )
    for i in range(n):
        (content / f"article-{i:05d}.md").write_text(article(i, rng, tags), encoding="utf-8")
    return root
