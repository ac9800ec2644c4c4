from conftest import article

from newsdigest.config import load_config
from newsdigest.publish.articles import collect, validate
from newsdigest.publish.assemble import assemble
from newsdigest.publish.cache import BuildCache
from newsdigest.publish.inputs import scan


class Loaded:
    """What the build makes of content/: published articles newest first, and every problem."""

    def __init__(self, root, drafts=False):
        cfg = load_config(root / "site.toml")
        cache = BuildCache(cfg.path("cache"))
        cache.prepare()
        got = collect(cfg, scan(cfg.path("content"), cfg.root), None, cache, jobs=1)
        site, left, _, _ = assemble(got.articles, drafts)
        self.drafts_skipped = left.drafts
        self.articles = site.articles
        self.errors = validate(got, drafts, cfg.root)


def load_content(cfg, drafts=False):
    return Loaded(cfg.root, drafts)


def test_loads_sorted_newest_first_and_permalinks(make_site):
    site = make_site(
        {
            "content/old.md": article("Old", "2023-01-05"),
            "content/new.md": article("New", "2024-02-03"),
            "content/sub/undated.md": article("Undated", None),
        }
    )
    loaded = load_content(load_config(site.root / "site.toml"))
    assert not loaded.errors
    assert [a.url for a in loaded.articles] == ["/2024/02/new/", "/2023/01/old/", "/undated/"]
    assert loaded.articles[0].body_line == 5


def test_duplicate_url_names_both_files(make_site):
    site = make_site(
        {
            "content/a.md": article("A", "2024-01-01", slug="same"),
            "content/b.md": article("B", "2024-01-09", slug="same"),
        }
    )
    [e] = load_content(load_config(site.root / "site.toml")).errors
    assert str(e.path) == "content/b.md" and "content/a.md" in e.message and "/2024/01/same/" in e.message


def test_every_bad_file_reported(make_site):
    site = make_site(
        {
            "content/a.md": "---\ndate: 2024-01-01\n---\nno title\n",
            "content/b.md": "no front matter",
            "content/c.md": article("C", "2024-13-45"),
            "content/d.md": article("D"),
        }
    )
    loaded = load_content(load_config(site.root / "site.toml"))
    assert sorted(str(e.path) for e in loaded.errors) == ["content/a.md", "content/b.md", "content/c.md"]
    assert [a.meta.title for a in loaded.articles] == ["D"]


def test_non_utf8_reported_with_line(make_site):
    site = make_site()
    (site.root / "content/x.md").write_bytes(b"---\ntitle: A\n---\nok\ncaf\xe9\n")
    [e] = load_content(load_config(site.root / "site.toml")).errors
    assert str(e) == "content/x.md:5:4: not valid UTF-8 (byte 23)\n    hint: save the file as UTF-8"


def test_drafts_only_when_asked(make_site):
    site = make_site({"content/d.md": article("D", draft="true"), "content/p.md": article("P")})
    cfg = load_config(site.root / "site.toml")
    assert [a.meta.title for a in load_content(cfg).articles] == ["P"]
    assert load_content(cfg).drafts_skipped == 1
    assert {a.meta.title for a in load_content(cfg, drafts=True).articles} == {"D", "P"}
