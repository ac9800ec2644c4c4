"""The built site in a real browser: Debian's chromium driven by Playwright (never a browser
download), axe-core from npm (tests/browser/, installed by .ci/run with ``npm ci``).

Every page kind is checked in light and dark mode for WCAG 2.2 AA and best-practice
violations (none allowed) and console errors; search answers a query with JavaScript on;
the search page and an article work with JavaScript off. The site is the golden one, with
search on, served under its base path (/news/) by a local server this test starts.

Without chromium or axe-core these tests skip, unless NEWSDIGEST_BROWSER_TESTS=required
(CI sets it): then a missing browser is a failure, not a skip.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from newsdigest.config import load_config
from newsdigest.publish.pipeline import BuildOptions, build

HERE = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("NEWSDIGEST_CHROMIUM", "/usr/bin/chromium"))
AXE = HERE / "browser/node_modules/axe-core/axe.min.js"
REQUIRED = os.environ.get("NEWSDIGEST_BROWSER_TESTS") == "required"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = {
    "front page": "/news/",
    "article": "/news/2024/05/talks/",
    "tag page": "/news/tags/geneva/",
    "tag index": "/news/tags/",
    "archive": "/news/archive/",
    "source page": "/news/sources/eu-today/",
    "digest": "/news/digest/",
    "search": "/news/search/",
    "404": "/news/404.html",
}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def _missing() -> str:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    if not AXE.exists():
        return "axe-core is not installed (cd tests/browser && npm ci)"
    return ""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    why = _missing()
    if why:
        if REQUIRED:
            pytest.fail(why)
        pytest.skip(why)
    root = tmp_path_factory.mktemp("browser")
    site = root / "basic"
    shutil.copytree(HERE / "sites/basic", site, ignore=shutil.ignore_patterns("expected"))
    toml = site / "site.toml"
    toml.write_text(toml.read_text().replace("enabled = false", "enabled = true"))
    build(load_config(toml), BuildOptions(jobs=1))
    docroot = root / "www"
    docroot.mkdir()
    (docroot / "news").symlink_to(site / "output")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:  # the test's output is pytest's
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(docroot)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser(served):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


def _open(browser, url: str, scheme: str = "light", javascript: bool = True):
    context = browser.new_context(color_scheme=scheme, java_script_enabled=javascript)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="networkidle")
    return context, page, errors


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(PAGES))
def test_no_accessibility_violations_and_no_console_errors(browser, served, kind, scheme):
    context, page, errors = _open(browser, served + PAGES[kind], scheme)
    try:
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            AXE_TAGS,
        )
        found = [f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})" for v in result["violations"]]
        assert found == [], f"{kind} ({scheme})"
        assert page.locator("h1").count() == 1, kind
        # A 404 page's own request is the one error the console may show.
        assert [e for e in errors if not (kind == "404" and "404" in e)] == [], kind
    finally:
        context.close()


def test_search_finds_the_article_with_javascript(browser, served):
    context, page, errors = _open(browser, served + "/news/search/?q=ministers")
    try:
        first = page.locator(".search-results li a").first
        first.wait_for(timeout=10_000)
        assert first.inner_text() == "Talks resume in Geneva"
        assert first.get_attribute("href") == "/news/2024/05/talks/"
        assert page.locator(".search-fallback").is_hidden()
        assert "article" in page.locator(".search-status").inner_text()
        # A tag filter alone lists that tag's articles.
        page.select_option("#search-tag", "Geneva")
        page.locator(".search-results li a").first.wait_for(timeout=10_000)
        assert "tag=Geneva" in page.url
        assert errors == []
    finally:
        context.close()


def test_pages_work_without_javascript(browser, served):
    context, page, _ = _open(browser, served + "/news/search/", javascript=False)
    try:
        assert page.locator(".search-form").is_hidden()
        assert page.locator(".search-fallback").is_visible()
        page.click("text=Every tag")
        assert page.url.endswith("/news/tags/")
        page.goto(served + "/news/2024/05/talks/")
        assert page.locator("h1").inner_text() == "Talks resume in Geneva"
        assert page.locator(".lead-image img").get_attribute("width") == "16"
    finally:
        context.close()
