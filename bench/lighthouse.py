"""Lighthouse scores of the built site: performance, accessibility, best practices and SEO
for the front page and an article page, mobile and desktop.

    python bench/lighthouse.py              # the golden site (tests/sites/basic), search on
    python bench/lighthouse.py --site DIR   # another site (built first)

Lighthouse 12.2.3 from npm (installed into bench/.work/lighthouse/ on first use) drives
Debian's chromium (/usr/bin/chromium; never a browser download). The site is served from
127.0.0.1 by a small server that does what a static host does: gzip for text, long cache
lifetimes for the theme's assets, a short one for pages. Prints one line per page and form
factor, and whether every score is 100. Needs Node.js and npm.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsdigest.config import load_config  # noqa: E402
from newsdigest.publish.pipeline import BuildOptions, build  # noqa: E402

WORK = ROOT / "bench/.work/lighthouse"
LIGHTHOUSE = WORK / "node_modules/.bin/lighthouse"
CHROMIUM = os.environ.get("NEWSDIGEST_CHROMIUM", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TEXT = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".pf_meta")
LONG = (".css", ".js", ".svg", ".png", ".jpg", ".webp", ".wasm", ".pagefind", ".pf_fragment", ".pf_index")


class Host(http.server.SimpleHTTPRequestHandler):
    """Static hosting as a CDN does it: compressed text, cache headers."""

    def log_message(self, *args) -> None:
        return

    def end_headers(self) -> None:
        path = self.path.split("?")[0]
        long = path.endswith(LONG)
        self.send_header("Cache-Control", "public, max-age=31536000, immutable" if long else "public, max-age=600")
        super().end_headers()

    def do_GET(self) -> None:
        local = Path(self.translate_path(self.path.split("?")[0]))
        if local.is_dir():
            local = local / "index.html"
        gzipped = "gzip" in self.headers.get("Accept-Encoding", "")
        if not local.is_file() or not gzipped or not local.name.endswith(TEXT):
            super().do_GET()
            return
        body = gzip.compress(local.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(local)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def install() -> None:
    if LIGHTHOUSE.exists():
        return
    WORK.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "i", "-E", "lighthouse@12.2.3", "--no-audit", "--no-fund"], cwd=WORK, check=True)


def golden_site(tmp: Path) -> tuple[Path, str]:
    site = tmp / "basic"
    shutil.copytree(ROOT / "tests/sites/basic", site, ignore=shutil.ignore_patterns("expected"))
    toml = site / "site.toml"
    toml.write_text(toml.read_text().replace("enabled = false", "enabled = true"))
    # The fixture's lead image is 16x9 pixels (small goldens); a real one is photo-sized.
    (site / "static/images/geneva.png").write_bytes(png(1200, 675))
    return site, "/news/2024/05/talks/"


def png(width: int, height: int) -> bytes:
    """A plain PNG of that size (one colour): a stand-in lead image."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = (b"\x00" + b"\x60\x70\x80" * width) * height
    head = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def scores(url: str, desktop: bool, tmp: Path) -> dict[str, int]:
    report = tmp / "report.json"
    flags = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking"
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}", f"--chrome-flags={flags}"]
    command += [f"--only-categories={','.join(CATEGORIES)}"] + (["--preset=desktop"] if desktop else [])
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    data = json.loads(report.read_text())
    got = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
    for c in CATEGORIES:  # what cost points, to read beside the figure
        for ref in data["categories"][c]["auditRefs"]:
            audit = data["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                print(f"    {c}: {ref['id']}: {audit['title']}", file=sys.stderr)
    return got


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, help="a site folder (default: the golden site, search on)")
    ap.add_argument("--article", default="", help="the article page's path (with --site)")
    args = ap.parse_args()
    install()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        site, article = (args.site, args.article) if args.site else golden_site(tmp)
        config = load_config(site / "site.toml")
        build(config, BuildOptions(jobs=1))
        base = config.base_path
        www = tmp / "www"
        (www / base.strip("/")).parent.mkdir(parents=True, exist_ok=True)
        if base.strip("/"):
            (www / base.strip("/")).symlink_to(config.path("output"))
        else:
            www.symlink_to(config.path("output"))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Host, directory=str(www)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        all_100 = True
        print(f"{'page':28} {'form':8} " + " ".join(f"{c:>15}" for c in CATEGORIES))
        for label, path in (("front page", base), ("article", article or base)):
            for desktop in (False, True):
                got = scores(origin + path, desktop, tmp)
                all_100 &= all(v == 100 for v in got.values())
                print(f"{label + ' ' + path:28} {'desktop' if desktop else 'mobile':8} "
                      + " ".join(f"{got[c]:>15}" for c in CATEGORIES), flush=True)  # fmt: skip
        server.shutdown()
    print("all 100" if all_100 else "not all 100")
    return 0


if __name__ == "__main__":
    sys.exit(main())
