"""Incremental builds equal cold builds; unchanged files keep their mtime; --jobs doesn't matter."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import SITE_TOML, SiteDir, article, tree
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from newsdigest.config import load_config
from newsdigest.publish.pipeline import BuildOptions, build

TAGS = ["Kyiv", "kyiv", "NATO", "Zürich", "Peace Talks", "Energy"]


def run(root: Path, out: Path | None = None, **opts) -> None:
    build(load_config(root / "site.toml"), BuildOptions(out=out, **opts))


def make(tmp_path: Path, n: int = 14) -> SiteDir:
    site = SiteDir(tmp_path / "site")
    site.write("site.toml", SITE_TOML.replace("per_page = 10", "per_page = 3"))
    for i in range(n):
        site.write(
            f"content/a{i:02d}.md",
            article(f"Article {i}", f"2024-0{1 + i % 9}-1{i % 10}", [TAGS[i % 6], TAGS[(i + 2) % 6]]),
        )
    return site


def test_jobs_do_not_change_output(tmp_path):
    # Big enough for every parallel path: the load pool (>= 96 articles), the render pool
    # with feeds split between workers (> 96 feeds: a tag per article plus shared ones),
    # and, on the rebuild, feeds rendered in a forked child beside the pages.
    site = make(tmp_path, 0)
    for i in range(130):
        tags = [f"Topic {i}", TAGS[i % 6], TAGS[(i + 3) % 6]]
        site.write(f"content/b{i:03d}.md", article(f"Story {i}", f"2024-0{1 + i % 9}-1{i % 10}", tags))
    run(site.root, tmp_path / "one", jobs=1, use_cache=False)
    run(site.root, tmp_path / "two", jobs=2, use_cache=False)
    one = tree(tmp_path / "one")
    assert len([rel for rel in one if rel.endswith("feed.xml")]) > 96
    assert one == tree(tmp_path / "two")
    path = site.root / "content/b007.md"
    path.write_text(path.read_text().replace("Some text for the body.", "Edited."))
    run(site.root, tmp_path / "two", jobs=2)  # an update of the last build's output: feeds ahead
    run(site.root, tmp_path / "one", jobs=1)
    assert tree(tmp_path / "one") == tree(tmp_path / "two") != one


def test_unchanged_files_keep_mtime_and_edit_rerenders_neighbours(tmp_path):
    site = make(tmp_path)
    run(site.root)
    out = site.out
    before = {rel: (out / rel).stat().st_mtime_ns for rel in tree(out)}
    old = tree(out)
    path = site.root / "content/a05.md"
    path.write_text(path.read_text().replace("Some text for the body.", "Edited body text."))
    run(site.root)
    new = tree(out)
    changed = {rel for rel in new if new[rel] != old.get(rel)}
    assert any(rel.endswith("/a05/index.html") for rel in changed)
    for rel in new:
        if rel not in changed:
            assert (out / rel).stat().st_mtime_ns == before[rel], rel
    # Equal to a cold build of the same content.
    run(site.root, tmp_path / "cold", use_cache=False)
    assert new == tree(tmp_path / "cold")


def test_failed_small_rebuild_keeps_output_and_leaves_no_worker(tmp_path):
    """The edit's feeds render in a forked child while a page fails to render: the build
    reports the error, output/ stays as it was, and the child is gone."""
    import pytest

    from newsdigest.errors import BuildFailed

    site = make(tmp_path)
    run(site.root, jobs=2)
    old = tree(site.out)
    path = site.root / "content/a05.md"
    path.write_text(path.read_text().replace("Some text for the body.", "Edited body text."))
    site.write("layouts/article.html", "{{ article.title }}{{ article.no_such_field.x }}\n")
    with pytest.raises(BuildFailed, match="no_such_field"):
        run(site.root, jobs=2)
    assert tree(site.out) == old
    assert not list(site.root.glob("output.*"))
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left behind


def age(root: Path, seconds: int = 3600) -> None:
    """Date every input an hour back, as files are when an editor runs a build."""
    for p in root.rglob("*"):
        if p.is_file():
            st_ = p.stat()
            os.utime(p, ns=(st_.st_atime_ns, st_.st_mtime_ns - seconds * 10**9))


def test_no_change_rebuild_touches_nothing(tmp_path):
    site = make(tmp_path)
    age(site.root)
    run(site.root)
    stamps = {p: p.stat().st_mtime_ns for p in site.out.rglob("*") if p.is_file()}
    report = build(load_config(site.root / "site.toml"))
    assert report.up_to_date
    assert stamps == {p: p.stat().st_mtime_ns for p in site.out.rglob("*") if p.is_file()}


def test_same_size_edit_in_the_same_tick_is_seen(tmp_path):
    site = make(tmp_path)
    run(site.root)
    path = site.root / "content/a03.md"
    stamp = path.stat().st_mtime_ns
    path.write_text(path.read_text().replace("Some text", "Same size"))  # same length
    os.utime(path, ns=(stamp, stamp))  # and the same mtime, as on a coarse clock
    report = build(load_config(site.root / "site.toml"))
    assert not report.up_to_date
    assert b"Same size" in next(site.out.glob("2024/*/a03/index.html")).read_bytes()


def test_template_edit_rerenders_pages_that_use_it(tmp_path):
    site = make(tmp_path)
    run(site.root)
    site.write("layouts/tag.html", "{% extends 'base.html' %}{% block content %}TAG {{ tag.name }}{% endblock %}\n")
    report = build(load_config(site.root / "site.toml"))
    tag_pages = [
        rel for rel in tree(site.out) if rel.startswith("tags/") and rel.endswith(".html") and rel != "tags/index.html"
    ]
    assert tag_pages and all(b"TAG " in (site.out / rel).read_bytes() for rel in tag_pages)
    assert report.rendered == len(tag_pages)  # tag pages only: articles, index, archive untouched
    run(site.root, tmp_path / "cold", use_cache=False)
    assert tree(site.out) == tree(tmp_path / "cold")


def test_interrupted_commit_is_repaired(tmp_path):
    site = make(tmp_path)
    run(site.root)
    (site.root / ".newsdigest-cache/dirty").touch()  # as if the last commit died halfway
    (site.out / "index.html").write_text("half-written")
    run(site.root)
    run(site.root, tmp_path / "cold", use_cache=False)
    assert tree(site.out) == tree(tmp_path / "cold")


def test_damaged_cache_is_ignored(tmp_path):
    site = make(tmp_path)
    run(site.root)
    (site.root / ".newsdigest-cache/state.pickle").write_bytes(b"garbage")
    (site.root / ".newsdigest-cache/bodies.sqlite").write_bytes(b"not a database at all" * 100)
    path = site.root / "content/a01.md"
    path.write_text(path.read_text() + "\nMore.\n")
    run(site.root)
    run(site.root, tmp_path / "cold", use_cache=False)
    assert tree(site.out) == tree(tmp_path / "cold")


class IncrementalEqualsCold(RuleBasedStateMachine):
    """After any sequence of edits, the incremental build equals a cold build, byte for byte."""

    def __init__(self) -> None:
        super().__init__()
        self.n = 0

    @initialize()
    def start(self) -> None:
        import tempfile

        self.tmp = Path(tempfile.mkdtemp(prefix="nd-stateful-"))
        self.site = make(self.tmp, 6)
        self.counter = 100
        run(self.site.root, jobs=1)

    def files(self) -> list[Path]:
        return sorted((self.site.root / "content").glob("*.md"))

    @rule(i=st.integers(0, 50), title=st.sampled_from(["Alpha", "Beta", "Ünïcode ✓", "Gamma delta"]))
    def edit_title(self, i, title):
        files = self.files()
        if files:
            p = files[i % len(files)]
            text = p.read_text()
            p.write_text(
                text.replace("title: ", f'title: "{title} {i}"\nx_old_title: ', 1).replace("x_old_title: ", "# ", 1)
            )

    @rule(i=st.integers(0, 50))
    def edit_body(self, i):
        files = self.files()
        if files:
            p = files[i % len(files)]
            p.write_text(p.read_text() + f"\nNew paragraph {i}.\n")

    @rule(day=st.integers(1, 28), tags=st.lists(st.sampled_from(TAGS), max_size=3))
    def add(self, day, tags):
        self.counter += 1
        self.site.write(f"content/n{self.counter}.md", article(f"New {self.counter}", f"2024-03-{day:02d}", tags))

    @rule(i=st.integers(0, 50))
    def delete(self, i):
        files = self.files()
        if len(files) > 1:
            files[i % len(files)].unlink()

    @rule(i=st.integers(0, 50))
    def rename(self, i):
        files = self.files()
        if files:
            p = files[i % len(files)]
            self.counter += 1
            p.rename(p.with_name(f"renamed-{self.counter}.md"))

    @rule(i=st.integers(0, 50), tags=st.lists(st.sampled_from(TAGS), max_size=4))
    def retag(self, i, tags):
        files = self.files()
        if files:
            p = files[i % len(files)]
            lines = [line for line in p.read_text().splitlines() if not line.startswith("tags:")]
            lines.insert(1, "tags: [" + ", ".join(f'"{t}"' for t in tags) + "]")
            p.write_text("\n".join(lines) + "\n")

    @rule(i=st.integers(0, 50))
    def draft(self, i):
        files = self.files()
        if files:
            p = files[i % len(files)]
            p.write_text(
                p.read_text().replace("---\n", "---\ndraft: true\n", 1)
                if "draft:" not in p.read_text()
                else p.read_text().replace("draft: true\n", "")
            )

    @rule(word=st.sampled_from(["Edition", "Ausgabe", "Édition"]))
    def edit_template(self, word):
        self.site.write("layouts/partials/footer.html", f"<footer>{word} {{{{ site.title }}}}</footer>\n")

    @rule(title=st.sampled_from(["Test Digest", "Other Digest"]), per_page=st.integers(2, 4))
    def edit_config(self, title, per_page):
        self.site.write(
            "site.toml", SITE_TOML.replace("Test Digest", title).replace("per_page = 10", f"per_page = {per_page}")
        )

    @rule(name=st.sampled_from(["a.css", "img/x.svg"]), body=st.sampled_from(["1", "2"]))
    def static(self, name, body):
        self.site.write(f"static/{name}", body)

    @invariant()
    def incremental_equals_cold(self):
        if not hasattr(self, "site"):
            return
        self.n += 1
        # Edits land within milliseconds of the last build, inside one timestamp tick:
        # the build must notice them anyway (it re-hashes files modified that recently).
        # Two jobs: a small rebuild renders its feeds in a forked child beside the pages.
        # The cold build keeps a cache of its own: the site's builds then follow one another
        # as an editor's do, each update made from the spare tree the one before left.
        run(self.site.root, jobs=2)
        cold = self.tmp / f"cold{self.n}"
        run(self.site.root, cold, jobs=1, use_cache=False, cache=self.tmp / "cold-cache")
        assert tree(self.site.out) == tree(cold)
        shutil.rmtree(cold)

    def teardown(self) -> None:
        if hasattr(self, "tmp"):
            shutil.rmtree(self.tmp, ignore_errors=True)


IncrementalEqualsCold.TestCase.settings = settings(
    max_examples=25, stateful_step_count=8, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestIncrementalEqualsCold = IncrementalEqualsCold.TestCase


def test_builds_one_after_another_are_made_from_the_spare_and_equal_cold_ones(tmp_path):
    site = make(tmp_path)
    run(site.root)
    spare = site.root / ".newsdigest-cache/spare"
    assert not spare.exists()  # a cold build's replaced tree is nobody's copy
    for n, change in enumerate(("retitle", "add", "delete", "retitle")):
        path = site.root / "content/a03.md"
        if change == "retitle":
            path.write_text(path.read_text().replace("title: ", f'title: "Retitled {n}"\n# ', 1))
        elif change == "add":
            site.write("content/new.md", article("A new one", "2024-02-02", ["NATO"]))
        else:
            (site.root / "content/a05.md").unlink()
        run(site.root)
        assert spare.is_dir() and (site.root / ".newsdigest-cache/spare.json").exists()
        run(site.root, tmp_path / f"cold{n}", use_cache=False, cache=tmp_path / f"cache{n}")
        assert tree(site.out) == tree(tmp_path / f"cold{n}"), change


def test_a_cold_build_over_a_known_output_keeps_the_tree_it_replaces_as_the_spare(tmp_path):
    """A configuration change (or --no-cache) makes a cold build, but the files the last
    build left in output/ are known: the replaced tree becomes the spare, and the next edit
    is made from it."""
    site = make(tmp_path)
    run(site.root)
    record = site.root / ".newsdigest-cache/spare.json"
    assert not record.exists()
    site.write("site.toml", SITE_TOML.replace("per_page = 10", "per_page = 4"))  # other pages, one gone
    run(site.root)
    assert record.exists()
    spare = site.root / ".newsdigest-cache/spare"
    assert (spare / "page/5/index.html").exists() and not (site.out / "page/5/index.html").exists()
    path = site.root / "content/a03.md"
    path.write_text(path.read_text().replace("title: ", 'title: "Retitled"\n# ', 1))
    run(site.root)
    run(site.root, tmp_path / "cold", use_cache=False, cache=tmp_path / "cold-cache")
    assert tree(site.out) == tree(tmp_path / "cold")
    run(site.root, use_cache=False)  # --no-cache over its own output/: the same
    assert record.exists()
    (site.root / "content/a05.md").unlink()
    run(site.root)
    run(site.root, tmp_path / "cold2", use_cache=False, cache=tmp_path / "cold-cache2")
    assert tree(site.out) == tree(tmp_path / "cold2")


def test_sitemap_is_made_again_only_when_a_listed_date_or_url_changes(tmp_path, monkeypatch):
    from newsdigest.publish import plan

    made = []
    render = plan.Sitemap.__call__
    monkeypatch.setattr(plan.Sitemap, "__call__", lambda self, r: made.append(1) or render(self, r))
    site = make(tmp_path)
    run(site.root, jobs=1)
    assert made == [1]
    sitemap = site.out / "sitemap.xml"
    path = site.root / "content/a04.md"
    path.write_text(path.read_text().replace("Some text for the body.", "Body edited, dates alone."))
    run(site.root, jobs=1)
    assert made == [1]  # the body changed, no page's URL or date did
    path.write_text(path.read_text().replace("date: 2024-05-14", "date: 2024-05-15"))
    run(site.root, jobs=1)
    assert made == [1, 1]
    assert "<lastmod>2024-05-15T00:00:00+00:00</lastmod>" in sitemap.read_text()
    run(site.root, tmp_path / "cold", use_cache=False)
    assert tree(site.out) == tree(tmp_path / "cold")
