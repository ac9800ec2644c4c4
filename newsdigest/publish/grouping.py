"""The last build's story grouping, kept in the build state and used again when nothing that
grouping reads has changed.

Grouping reads, of each published article in order: its URL and slug, its date, its
``story:``, its source, and the three things its text gives (``story_terms``, ``sketch``,
``numbers``). A build in a fresh process that finds the same ones, in the same order, as
the last build (an edit of tags, a description, an image, a link, punctuation or a word
too short to be a term) takes the last grouping instead of working it out again: at ten
thousand articles that is the whole cost of grouping (0.3 s) saved on such an edit. Any
other edit groups afresh, as a cold build does. The result is the same either way: the
grouping is a function of exactly what the key hashes.

The grouping is kept by the articles' places in the published list (numbers pickle
smaller and faster than URLs) and put back together with this build's Article objects.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Article, Story
from .stories import Stories


def key_of(articles: Sequence[Article]) -> bytes:
    """A hash of everything ``stories.group`` reads of these articles, in this order."""
    h = hashlib.blake2b(digest_size=16)
    for a in articles:
        m, src = a.meta, a.meta.source
        h.update(
            "\0".join(
                (
                    a.url,
                    a.slug,
                    repr(a.sort_key[0]),
                    "\1" if m.story is None else m.story,
                    "\1" if src is None else f"{src.name}\0{src.url}",
                    a.numbers,
                    str(len(a.sketch)),
                    str(len(a.story_terms)),
                )
            ).encode("utf-8", "surrogatepass")
        )
        h.update(a.sketch)
        h.update(a.story_terms)
    return h.digest()


@dataclass(frozen=True, slots=True)
class Grouping:
    """``Stories`` with every article written as its place in the published list."""

    key: bytes
    stories: tuple[tuple[str, tuple[int, ...], int, tuple[str, ...]], ...]
    """(id, articles newest first, central article, aliases) per story, in order."""
    story_of: tuple[tuple[int, int], ...]
    """(article, its story's place in ``stories``), in ``Stories.story_of``'s order."""
    copies: tuple[tuple[int, tuple[int, ...]], ...]
    copy_of: tuple[tuple[int, int], ...]
    related: tuple[tuple[int, tuple[int, ...]], ...]


def remember(found: Stories, articles: Sequence[Article], key: bytes) -> Grouping:
    place = {a.url: i for i, a in enumerate(articles)}

    def at(seq: Sequence[Article]) -> tuple[int, ...]:
        return tuple(place[a.url] for a in seq)

    story_place = {id(s): k for k, s in enumerate(found.stories)}
    return Grouping(
        key,
        tuple((s.id, at(s.articles), place[s.central.url], s.aliases) for s in found.stories),
        tuple((place[url], story_place[id(s)]) for url, s in found.story_of.items()),
        tuple((place[url], at(v)) for url, v in found.copies.items()),
        tuple((place[url], place[a.url]) for url, a in found.copy_of.items()),
        tuple((place[url], at(v)) for url, v in found.related.items()),
    )


def recall(grouping: Grouping, articles: Sequence[Article]) -> Stories:
    """The Stories ``grouping`` was remembered from, made of ``articles`` (the same ones by
    ``key_of``, this build's objects)."""

    def of(places: tuple[int, ...]) -> tuple[Article, ...]:
        return tuple(articles[i] for i in places)

    stories = tuple(
        Story(sid, of(members), articles[central], aliases) for sid, members, central, aliases in grouping.stories
    )
    return Stories(
        stories,
        {articles[i].url: stories[k] for i, k in grouping.story_of},
        {articles[i].url: of(v) for i, v in grouping.copies},
        {articles[i].url: articles[j] for i, j in grouping.copy_of},
        {articles[i].url: of(v) for i, v in grouping.related},
    )
