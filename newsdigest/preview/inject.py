"""What ``serve`` adds to the HTML pages it sends (never to the files in output/): a small
script that listens for rebuilds and reloads the page, and, while the last build failed,
an overlay with its errors. Pure functions of the page and the error state."""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape

from ..errors import NewsdigestError, SourceError

EVENTS = "/__newsdigest/events"
"""The server-sent events stream the script listens to."""

_SCRIPT = """<script id="newsdigest-live">(() => {
  const show = (problems) => {
    let box = document.getElementById("newsdigest-overlay");
    if (!box) {
      box = document.createElement("div");
      box.id = "newsdigest-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "%s";
      document.body.appendChild(box);
    }
    box.replaceChildren();
    const head = document.createElement("strong");
    head.textContent = "The last build failed; this is the last good version of the page.";
    box.appendChild(head);
    for (const p of problems) {
      const pre = document.createElement("pre");
      pre.style.whiteSpace = "pre-wrap";
      pre.textContent = p.where + ": " + p.message + (p.hint ? "\\n    hint: " + p.hint : "");
      box.appendChild(pre);
    }
  };
  const events = new EventSource("%s");
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("failed", (e) => show(JSON.parse(e.data)));
})();</script>"""

OVERLAY_STYLE = (
    "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;margin:0;"
    "padding:1rem 1.25rem;background:#fff4f4;color:#5c0000;border-top:4px solid #b00020;"
    "font:14px/1.4 ui-monospace,monospace"
)


@dataclass(frozen=True, slots=True)
class Problem:
    """One build error as the overlay shows it."""

    where: str
    """``content/a.md:3:7`` (file, line and column as far as known)."""
    message: str
    hint: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"where": self.where, "message": self.message, "hint": self.hint}


def problems_of(error: NewsdigestError) -> tuple[Problem, ...]:
    """The errors of a failed build, one Problem per file and line."""
    found: list[SourceError] = list(getattr(error, "errors", ()))
    if found:
        return tuple(Problem(e.where, e.message, e.hint or "") for e in found)
    return (Problem("build", error.format_message()),)


def script() -> str:
    return _SCRIPT % (OVERLAY_STYLE, EVENTS)


def overlay(problems: tuple[Problem, ...]) -> str:
    """The overlay as HTML, for pages sent while the last build failed: it shows without
    JavaScript too. Every part is escaped (an error quotes the user's file)."""
    items = "".join(
        f'<pre style="white-space:pre-wrap">{escape(p.where)}: {escape(p.message)}'
        + (f"\n    hint: {escape(p.hint)}" if p.hint else "")
        + "</pre>"
        for p in problems
    )
    return (
        f'<div id="newsdigest-overlay" role="alert" style="{OVERLAY_STYLE}">'
        "<strong>The last build failed; this is the last good version of the page.</strong>"
        f"{items}</div>"
    )


def inject(html: bytes, problems: tuple[Problem, ...]) -> bytes:
    """The page with the live-reload script (and the overlay, if any) before ``</body>``,
    or at the end when it has none."""
    extra = (overlay(problems) if problems else "") + script()
    data = extra.encode("utf-8")
    at = html.lower().rfind(b"</body>")
    return html + data if at < 0 else html[:at] + data + html[at:]


def event(name: str, payload: object) -> bytes:
    """One server-sent event."""
    return f"event: {name}\ndata: {json.dumps(payload, ensure_ascii=True)}\n\n".encode("ascii")
