"""Properties of the build over arbitrary content files: whatever front matter and body an
editor (or a scraper) writes, the build either makes the site or stops with located
messages (never a traceback), writes nothing outside output/, and every page and feed it
makes parses. ND_EXAMPLES sets the number of examples (CI: 2,000; locally 60)."""

from __future__ import annotations

import json
import os
import re
import string
import tempfile
from pathlib import Path
from xml.etree import ElementTree

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdigest.config import load_config
from newsdigest.errors import BuildFailed
from newsdigest.publish.pipeline import BuildOptions, build

EXAMPLES = int(os.environ.get("ND_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
TOML = '[site]\ntitle = "P"\nbase_url = "https://example.org/"\ntimezone = "UTC"\n\n[search]\nenabled = false\n'
KEYS = ["title", "date", "updated", "author", "description", "tags", "section", "slug", "draft", "source"]
KEYS += ["image", "image_alt", "id", "aliases", "story", "lang", "expires", "extra", "bogus"]

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
SCALAR = st.one_of(
    TEXT,
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.none(),
    st.sampled_from(["2024-05-01", "2024-05-01T10:00:00+02:00", "../../etc", "/a/b/", "javascript:x", "12:30"]),
)
VALUE = st.recursive(
    SCALAR, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=3), max_leaves=8
)
FRONT = st.dictionaries(st.sampled_from(KEYS), VALUE, max_size=8)
BODY = st.text(string.printable + "<>&\"'`#*_[]()!|\\\u00e9\u200b\u202e\ufeff\x00\x0b", max_size=400)


def _parses(out: Path) -> None:
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert html.startswith("<!doctype html>") and html.rstrip().endswith("</html>"), page
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
            json.loads(block)
    for feed in [*out.rglob("feed.xml"), *out.rglob("atom.xml"), out / "sitemap.xml"]:
        ElementTree.parse(feed)
    for feed in out.rglob("feed.json"):
        json.loads(feed.read_text(encoding="utf-8"))


SITE = Path(tempfile.mkdtemp(prefix="nd-props-")) / "site"
"""One site for every example: each writes content/x.md and builds again (incremental, as
an editor's next save is), which keeps 2,000 examples within CI's time."""


@SETTINGS
@given(front=FRONT, body=BODY, raw=st.booleans())
def test_any_front_matter_and_body_builds_or_says_where(front, body, raw):
    root = SITE
    if not root.exists():
        (root / "content").mkdir(parents=True)
        (root / "site.toml").write_text(TOML)
        (root / "content/ok.md").write_text("---\ntitle: Fine\ndate: 2024-05-01\n---\nText.\n")
        build(load_config(root / "site.toml"), BuildOptions(jobs=1))
    header = json.dumps(front, ensure_ascii=False) if not raw else "\n".join(f"{k}: {v}" for k, v in front.items())
    (root / "content/x.md").write_text(f"---\n{header}\n---\n{body}\n", encoding="utf-8")
    ok_page = root / "output/2024/05/ok/index.html"
    was = ok_page.read_bytes()
    try:
        build(load_config(root / "site.toml"), BuildOptions(jobs=1))
    except BuildFailed as failed:
        assert failed.errors and all(str(e.path).startswith("content/") for e in failed.errors)
        assert all(e.message for e in failed.errors)
        assert ok_page.read_bytes() == was  # the last site stays
    else:
        _parses(root / "output")
        assert ok_page.exists()
    beside = {p.name for p in root.parent.iterdir()}
    assert beside == {"site"}, beside  # nothing beside the site folder (staging trees gone)
    inside = {p.name for p in root.iterdir() if not p.name.startswith("output.old-")}  # old trees: being removed
    assert inside <= {"content", "site.toml", "output", ".newsdigest-cache"}, inside
    assert {p.relative_to(root / "content").as_posix() for p in (root / "content").rglob("*")} == {"ok.md", "x.md"}
