"""Articles from content files: a body the cache lost is rendered again, or the file named."""

from __future__ import annotations

import pytest
from conftest import article

from newsdigest.config import load_config
from newsdigest.errors import BuildFailed
from newsdigest.publish.articles import body_html, collect
from newsdigest.publish.cache import BuildCache
from newsdigest.publish.inputs import scan


def loaded(site):
    cfg = load_config(site.root / "site.toml")
    cache = BuildCache(cfg.path("cache"))
    cache.prepare()
    got = collect(cfg, scan(cfg.path("content"), cfg.root), None, cache, jobs=1)
    return cfg, cache, got.articles[0]


def test_a_body_the_cache_lost_is_rendered_again_from_its_file(make_site):
    site = make_site({"content/a.md": article("A", body="Some *body*.")})
    cfg, cache, a = loaded(site)
    cache.prune_html(set())  # the cache lost it
    assert body_html(cache, a, cfg) == "<p>Some <em>body</em>.</p>\n"


def test_a_file_changed_during_the_build_is_a_build_error_naming_it(make_site):
    site = make_site({"content/a.md": article("A", body="Some *body*.")})
    cfg, cache, a = loaded(site)
    cache.prune_html(set())
    site.write("content/a.md", article("A", body="Edited meanwhile."))
    with pytest.raises(BuildFailed) as info:
        body_html(cache, a, cfg)
    assert str(info.value.errors[0]).startswith("content/a.md: changed while the build was running")
