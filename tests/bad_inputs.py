"""Bad inputs, each with the message it must give, word for word from its file:line:col on.

Used in-process by test_build.py (output/ kept whole) and through the real command line by
test_messages.py (no traceback reaches the terminal). Each case: files to write over a good
site, the site.toml, and the expected text.
"""

from __future__ import annotations

from conftest import SITE_TOML, article

BAD_INPUTS = {
    "missing title": (
        {"content/bad.md": "---\ndate: 2024-01-01\n---\nx\n"},
        SITE_TOML,
        "content/bad.md:1:1: front matter 'title': required, and must be non-empty text\n"
        "    hint: add a line such as 'title: Your headline'\n",
    ),
    "yaml syntax": (
        {"content/bad.md": "---\ntitle: A\ntags: [a, b\n---\nx\n"},
        SITE_TOML,
        "content/bad.md:4:1: front matter is not valid YAML: did not find expected ',' or ']'\n",
    ),
    "bad date": (
        {"content/bad.md": "---\ntitle: A\ndate: 2024-02-30\n---\nx\n"},
        SITE_TOML,
        "content/bad.md:3:7: front matter 'date': expected an ISO 8601 date, got '2024-02-30'\n"
        "    hint: write an ISO 8601 date such as 2024-05-01 or 2024-05-01T09:30:00+02:00\n",
    ),
    "tags not a list": (
        {"content/bad.md": "---\ntitle: A\ntags: Kyiv\n---\nx\n"},
        SITE_TOML,
        "content/bad.md:3:7: front matter 'tags': expected a list of text, got 'Kyiv'\n",
    ),
    "duplicate url": (
        {"content/bad.md": article("A", "2024-01-01", slug="a"), "content/zz.md": article("B", "2024-01-02", slug="a")},
        SITE_TOML,
        "content/zz.md:4:7: writes the same URL /2024/01/a/ as content/bad.md\n",
    ),
    "unknown site.toml key": (
        {},
        SITE_TOML + "[feed]\nitmes = 3\n",
        "error: site.toml:10: [feed] unknown key 'itmes'; did you mean 'items'?\n",
    ),
    "template syntax": (
        {
            "layouts/article.html": "{% extends 'base.html' %}\n{% block content %}\n"
            "{% for x in %}{% endfor %}\n{% endblock %}\n"
        },
        SITE_TOML,
        "layouts/article.html:3: template syntax error: Expected an expression, got 'end of statement block'\n",
    ),
    "template runtime": (
        {"layouts/tags.html": "ok\n{{ no_such_variable }}\n"},
        SITE_TOML,
        "layouts/tags.html:2: template error: 'no_such_variable' is undefined\n",
    ),
    "page collides": (
        {"content/bad.md": article("Tags", None, slug="tags")},
        SITE_TOML,
        "content/bad.md: writes tags/index.html, which a page the site makes itself writes too\n",
    ),
    "no front matter": (
        {"content/bad.md": "title: A\n\nText.\n"},
        SITE_TOML,
        "content/bad.md:1:1: no front matter: the file must start with a line '---'\n",
    ),
    "front matter not closed": (
        {"content/bad.md": "---\ntitle: A\nText.\n"},
        SITE_TOML,
        "content/bad.md:1:1: front matter is not closed: no second '---' line\n",
    ),
    "unknown field": (
        {"content/bad.md": "---\ntitle: A\nauthr: B\n---\nx\n"},
        SITE_TOML,
        "content/bad.md:3:1: front matter 'authr': unknown field\n    hint: did you mean 'author'?\n",
    ),
    "not utf-8": (
        {"content/bad.md": b"---\ntitle: caf\xe9\n---\nx\n"},
        SITE_TOML,
        "content/bad.md:2:11: not valid UTF-8 (byte 14)\n    hint: save the file as UTF-8\n",
    ),
    "bad slug": (
        {"content/bad.md": "---\ntitle: A\nslug: Not A Slug\n---\nx\n"},
        SITE_TOML,
        "content/bad.md:3:7: front matter 'slug': expected lowercase ASCII letters, digits and '-', got 'Not A Slug'\n"
        "    hint: use slug: not-a-slug\n",
    ),
    "javascript image": (
        {"content/bad.md": "---\ntitle: A\nimage: javascript:alert(1)\n---\nx\n"},
        SITE_TOML,
        "content/bad.md:3:8: front matter 'image': expected an http(s) URL or a /site/path, "
        "got 'javascript:alert(1)'\n",
    ),
    "toml syntax": (
        {},
        "[site]\ntitle = My digest\n",
        "error: site.toml:2:9: not valid TOML: Invalid value\n",
    ),
    "yaml alias": (
        {"content/bad.md": "---\ntitle: A\nx: &x [a, b]\ntags: *x\n---\nx\n"},
        SITE_TOML,
        "content/bad.md:4:7: front matter uses a YAML alias (*name), which newsdigest does not expand\n",
    ),
    "backslash url": (
        {"content/bad.md": "---\ntitle: A\nsource: {name: X, url: '/\\\\evil.example/x'}\n---\nx\n"},
        SITE_TOML,
        "content/bad.md:3:9: front matter 'source': url: expected an http(s) URL, got '/\\\\\\\\evil.example/x'\n",
    ),
}
