"""Screenshots of an article page for the README: mobile and desktop width, light and dark.

    python bench/screenshots.py      # writes docs/screenshots/article-{mobile,desktop}-{light,dark}.png

The golden site (tests/sites/basic, with a photo-sized lead image) built and served on
127.0.0.1, shot by Debian's chromium through Playwright.
"""

from __future__ import annotations

import functools
import http.server
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from lighthouse import CHROMIUM, Host, golden_site  # noqa: E402

from newsdigest.config import load_config  # noqa: E402
from newsdigest.publish.pipeline import BuildOptions, build  # noqa: E402

OUT = ROOT / "docs/screenshots"
SIZES = {"mobile": (390, 844), "desktop": (1280, 900)}


def main() -> int:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        site, article = golden_site(tmp)
        config = load_config(site / "site.toml")
        build(config, BuildOptions(jobs=1))
        (tmp / "www").mkdir()
        (tmp / "www/news").symlink_to(config.path("output"))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Host, directory=str(tmp / "www")))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}{article}"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for form, (w, h) in SIZES.items():
                for scheme in ("light", "dark"):
                    page = browser.new_page(viewport={"width": w, "height": h}, color_scheme=scheme)
                    page.goto(url, wait_until="networkidle")
                    path = OUT / f"article-{form}-{scheme}.png"
                    page.screenshot(path=str(path))
                    print(path.relative_to(ROOT))
                    page.close()
            browser.close()
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
