from pathlib import Path

from newsdigest.publish.inputs import template_files
from newsdigest.publish.templates import make_env, template_fingerprints


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)


def test_fingerprint_follows_extends_includes_and_card_partial(tmp_path):
    make_env(tmp_path)
    before = template_fingerprints(template_files(tmp_path))
    write(tmp_path, "partials/article_card.html", "<article>{{ card.title }}</article>\n")
    after = template_fingerprints(template_files(tmp_path))
    changed = {name for name in after if after[name] != before.get(name)}
    # index and tag pages draw cards with card_html(); article pages don't.
    assert {"partials/article_card.html", "index.html", "tag.html"} <= changed
    assert "article.html" not in changed and "tags.html" not in changed
    write(tmp_path, "base.html", "{% block content %}{% endblock %}\n")
    again = template_fingerprints(template_files(tmp_path))
    assert all(again[n] != after[n] for n in ("index.html", "article.html", "tags.html", "404.html"))


def test_computed_include_depends_on_everything(tmp_path):
    write(tmp_path, "tag.html", "{% set name = 'partials/footer.html' %}{% include name %}\n")
    before = template_fingerprints(template_files(tmp_path))
    write(tmp_path, "partials/pagination.html", "<nav></nav>\n")
    after = template_fingerprints(template_files(tmp_path))
    assert before["tag.html"] != after["tag.html"]
    assert before["article.html"] == after["article.html"]
