"""Training pages made harder: readers' comment threads, sidebars and header lines put around
a training page's article, every inserted line labelled "not article".

The corpora the shipped cleaner may be fitted on (eval-dev, eval-segments, readability) hold
few pages with comment threads or blog sidebars, which fill many real pages (a 2012 blog
corpus is full of them); without examples the model keeps a thread of prose-like comments
below a short post. The shapes here are those of the common comment systems and blog
templates (WordPress, Blogger, Disqus, Slashdot-style, newspaper forums) and the inserted
text is the training pages' own prose (the same page's sentences or other pages'), so the
model learns the structure, not the words. Seeded: the same pages give the same output.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

FIRST = [
    "John",
    "Mary",
    "Peter",
    "Sarah",
    "Mike",
    "Laura",
    "David",
    "Anna",
    "Chris",
    "Emily",
    "Tom",
    "Jessica",
    "Mark",
    "Linda",
    "Paul",
    "Karen",
    "Steve",
    "Nancy",
    "Dan",
    "Lisa",
    "Thomas",
    "Stefan",
    "Julia",
    "Markus",
    "Sabine",
    "Jürgen",
    "Claudia",
    "Andreas",
    "Petra",
    "Klaus",
    "Marie",
    "Pierre",
    "Sophie",
    "Jean",
    "Camille",
    "Luc",
    "Carlos",
    "María",
    "José",
    "Lucía",
    "Giulia",
    "Marco",
    "Luca",
    "Francesca",
    "Jan",
    "Pieter",
    "Sanne",
    "Ahmed",
    "Priya",
    "Wei",
    "Yuki",
    "Olga",
    "Ivan",
    "Kate",
    "Ben",
    "Rachel",
    "Greg",
    "Heather",
    "Josh",
    "Amy",
]
LAST = [
    "Smith",
    "Johnson",
    "Brown",
    "Miller",
    "Davis",
    "Wilson",
    "Taylor",
    "Clark",
    "Lewis",
    "Walker",
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Martin",
    "Bernard",
    "Dubois",
    "Garcia",
    "Rodríguez",
    "López",
    "Rossi",
    "Russo",
    "Bianchi",
    "Jansen",
    "Kowalski",
    "Novak",
    "Chen",
    "Kim",
    "Nguyen",
    "Patel",
    "O'Brien",
    "MacDonald",
    "Hughes",
    "Evans",
    "Reed",
]
MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "de": [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "es": [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
}
SHORT = {
    "en": [
        "Great post!",
        "Thanks for sharing.",
        "I totally agree with you.",
        "This is so true!",
        "Well said.",
        "Love this!",
        "Interesting article, thanks.",
        "What a load of nonsense.",
        "Couldn't agree more.",
        "Thank you for writing this.",
        "LOL",
        "+1",
        "Exactly!",
        "Nice work!",
        "I disagree completely.",
        "Keep up the good work!",
        "Wow.",
        "So sad.",
    ],
    "de": ["Toller Artikel!", "Danke für den Beitrag.", "Sehe ich genauso.", "Unglaublich.", "Danke!", "Super!"],
    "fr": ["Merci pour cet article.", "Très intéressant !", "Tout à fait d'accord.", "Bravo !"],
    "es": ["¡Muy buen artículo!", "Gracias por compartir.", "Totalmente de acuerdo."],
}
CONVERSATION = {
    "en": ["I think {x}", "@{n} {x}", "Thanks, {n}! {x}", "Not sure I agree. {x}", "Agreed. {x}", "Actually, {x}"],
    "de": ["Ich finde, {x}", "@{n} {x}", "Danke, {n}! {x}", "Na ja, {x}"],
    "fr": ["Je pense que {x}", "@{n} {x}", "Merci {n} ! {x}"],
    "es": ["Creo que {x}", "@{n} {x}", "Gracias {n}. {x}"],
}
HEADERS = {
    "en": [
        "{n} Comments",
        "Comments",
        "Comments ({n})",
        "{n} Responses to “{t}”",
        "{n} thoughts on “{t}”",
        "Leave a Reply",
        "Discussion",
        "Reader comments",
        "What readers are saying",
        "Join the conversation",
        "Show comments",
        "{n} comments so far",
        "Readers' Comments",
        "Add a comment",
        "{n} Replies",
        "Responses",
        "{{ {n} comments… read them below or add one }}",
        "Comment viewing options",
        "Sort by: Newest",
    ],
    "de": ["Kommentare ({n})", "{n} Kommentare", "Kommentare", "Leserkommentare", "Diskutieren Sie mit"],
    "fr": ["Commentaires", "{n} commentaires", "Réactions", "Laisser un commentaire"],
    "es": ["Comentarios", "{n} comentarios", "Deja un comentario"],
}
FORM = {
    "en": [
        "Leave a Reply",
        "Cancel reply",
        "Your email address will not be published. Required fields are marked *",
        "Comment",
        "Name *",
        "Email *",
        "Website",
        "Post Comment",
        "Notify me of follow-up comments by email.",
        "Notify me of new posts by email.",
    ],
    "de": ["Schreibe einen Kommentar", "Deine E-Mail-Adresse wird nicht veröffentlicht.", "Kommentar", "Name *"],
    "fr": ["Laisser un commentaire", "Votre adresse e-mail ne sera pas publiée.", "Commentaire", "Nom *"],
    "es": ["Deja un comentario", "Tu dirección de correo electrónico no será publicada.", "Comentario"],
}
ACTIONS = {
    "en": ["Reply", "[Reply]", "Reply ↓", "Report abuse", "Like", "Permalink", "Report", "Recommend", "Flag"],
    "de": ["Antworten", "Melden", "Auf diesen Kommentar antworten", "Empfehlen"],
    "fr": ["Répondre", "Signaler un abus"],
    "es": ["Responder", "Denunciar"],
}
SIDEBAR_TITLES = {
    "profile": ["About Me", "Über mich", "About the author", "Profile"],
    "archive": ["Blog Archive", "Archive", "Archiv", "Archives"],
    "labels": ["Labels", "Tags", "Categories", "Kategorien", "Themen"],
    "recent": ["Recent Posts", "Popular Posts", "Most Read", "Neueste Beiträge", "Articles récents"],
    "links": ["Blogroll", "Links", "Friends", "Partner"],
}


@dataclass
class Labelled:
    """A page's lines with a label per line (1 article, 0 not, None unknown) and a weight."""

    id: str
    corpus: str
    lines: list[str]
    labels: list[float | None]
    weights: list[float]


def language_of(lines: list[str]) -> str:
    text = " " + " ".join(lines[:200]).casefold() + " "
    score = {
        "de": sum(text.count(w) for w in (" der ", " die ", " und ", " nicht ")),
        "fr": sum(text.count(w) for w in (" le ", " les ", " et ", " des ")),
        "es": sum(text.count(w) for w in (" el ", " los ", " que ", " y ")),
        "en": sum(text.count(w) for w in (" the ", " and ", " of ", " to ")),
    }
    return max(sorted(score), key=lambda k: score[k])


def _name(r: random.Random) -> str:
    k = r.random()
    if k < 0.4:
        return f"{r.choice(FIRST)} {r.choice(LAST)}"
    if k < 0.6:
        return r.choice(FIRST)
    if k < 0.8:
        digits = str(r.randint(1, 99)) if r.random() < 0.5 else ""
        return f"{r.choice(FIRST).lower()}{r.choice(['_', '', '.'])}{r.choice(LAST).lower()}{digits}"
    return f"{r.choice(FIRST)} {r.choice(LAST)[0]}."


def _date(r: random.Random, lang: str) -> str:
    y, m, d, h, mi = r.randint(2005, 2024), r.randint(1, 12), r.randint(1, 28), r.randint(0, 23), r.randint(0, 59)
    months = MONTHS.get(lang, MONTHS["en"])
    if lang == "de":
        return r.choice([f"{d}. {months[m - 1]} {y} um {h:02d}:{mi:02d} Uhr", f"{d:02d}.{m:02d}.{y}, {h:02d}:{mi:02d}"])
    if lang == "fr":
        return r.choice([f"le {d} {months[m - 1]} {y} à {h:02d}h{mi:02d}", f"il y a {r.randint(2, 20)} heures"])
    if lang == "es":
        return r.choice([f"{d} de {months[m - 1]} de {y} a las {h:02d}:{mi:02d}", f"hace {r.randint(2, 20)} horas"])
    h12, half = (h % 12) or 12, "am" if h < 12 else "pm"
    return r.choice(
        [
            f"{months[m - 1]} {d}, {y} at {h12}:{mi:02d} {half}",
            f"{d}. {months[m - 1][:3]}, {y}",
            f"{y}-{m:02d}-{d:02d} {h:02d}:{mi:02d}",
            f"{m}/{d}/{y} {h12}:{mi:02d} {half.upper()}",
            f"{r.randint(2, 50)} minutes ago",
            f"{r.randint(2, 20)} hours ago",
            f"{months[m - 1][:3]} {d}, {y}",
        ]
    )


def _sentence(r: random.Random, prose: list[str], own: list[str]) -> str:
    source = own if own and r.random() < 0.5 else prose
    if not source:
        return "Thanks."
    sentences = re.split(r"(?<=[.!?])\s+", r.choice(source))
    k = r.randint(1, min(2, len(sentences)))
    s = r.randint(0, len(sentences) - k)
    return " ".join(sentences[s : s + k])


def _comment_body(r: random.Random, lang: str, prose: list[str], own: list[str]) -> list[str]:
    if r.random() < 0.25:
        return [r.choice(SHORT.get(lang, SHORT["en"]))]
    out = []
    for _ in range(r.choice([1, 1, 1, 2, 2, 3, 4])):
        x = _sentence(r, prose, own)
        if r.random() < 0.35:
            x = r.choice(CONVERSATION.get(lang, CONVERSATION["en"])).format(x=x[:1].lower() + x[1:], n=r.choice(FIRST))
        out.append(x)
    return out


def comment_thread(r: random.Random, lang: str, prose: list[str], own: list[str], title: str) -> list[str]:
    """A comment section in one of fourteen systems' shapes."""
    actions = ACTIONS.get(lang, ACTIONS["en"])
    style = r.randrange(14)
    says = {"en": "says:", "de": "sagt:", "fr": "dit :", "es": "dice:"}.get(lang, "says:")
    lines = []
    if r.random() < 0.7:
        lines.append(r.choice(HEADERS.get(lang, HEADERS["en"])).format(n=r.randint(1, 400), t=title[:80]))
    form = FORM.get(lang, FORM["en"])
    if r.random() < 0.2:
        lines += form[: r.randint(2, len(form))]
    for k in range(r.randint(2, 30)):
        nm, dt, body = _name(r), _date(r, lang), _comment_body(r, lang, prose, own)
        if style == 0:
            block = [f"{nm} {says}", dt, *body, r.choice(actions)]
        elif style == 1:
            block = [nm, dt, *body, r.choice(actions)]
        elif style == 2:
            block = [nm, f"• {dt}", *body, *["Reply", "•", "Share ›"][: r.randint(1, 3)]]
        elif style == 3:
            block = [f"{nm} said...", *body, dt]
        elif style == 4:
            kind = r.choice(["Funny", "Insightful", "Informative", "Interesting"])
            block = [
                f"{r.choice(['Re: ', ''])}{title[:50]} (Score:{r.randint(0, 5)}, {kind})",
                f"by {nm.replace(' ', '')} ({r.randint(10000, 2999999)}) on {dt} (#{r.randint(10**7, 10**8)})",
                *body,
                *["Reply to This", "Flag as Inappropriate"][: r.randint(0, 2)],
            ]
        elif style == 5:
            block = [f"{nm} {'schrieb am' if lang == 'de' else 'on'} {dt}:", *body]
        elif style == 6:
            block = [f"#{k + 1}", f"{nm} wrote:", *body]
        elif style == 7:
            block = [f"{dt} / {nm} {says}", *body, "[Reply]"]
        elif style == 8:
            block = [f"{nm} | {dt}", *body]
        elif style == 9:
            block = [f"{k + 1}. {nm}", *body, dt]
        elif style == 10:
            like = r.choice(["Like", "Gefällt mir"])
            block = [nm, *body, f"{like} · Reply · {r.randint(1, 60)}{r.choice('mhdwy')}"]
        elif style == 11:
            block = ["Avatar", nm, dt, *body]
        elif style == 12:
            block = [*body, f"— {nm}, {dt}"]
        else:
            block = [f"{dt} {nm}", *body, f"{r.randint(0, 99)} {r.choice(['likes', 'points', 'replies'])}"]
        lines += block
        if r.random() < 0.12:
            lines += [f"{_name(r)} Reply:", _date(r, lang), *_comment_body(r, lang, prose, own)]
    if r.random() < 0.3:
        lines.append(r.choice(["Load more comments", "Newer Comments »", "« Older Comments", "View all comments"]))
    if r.random() < 0.35:
        lines += form[: r.randint(2, len(form))]
    return lines


def sidebar(r: random.Random, lang: str, prose: list[str], titles: list[str]) -> list[str]:
    """A blog sidebar box: a profile, an archive, labels, recent posts or a blogroll."""
    kind = r.choice(sorted(SIDEBAR_TITLES))
    head = r.choice(SIDEBAR_TITLES[kind])
    months = MONTHS.get(lang, MONTHS["en"])
    if kind == "profile":
        lines = [head, f"Name: {_name(r)}", f"Location: {r.choice(['New York', 'Berlin', 'Paris', 'London'])}"]
        return (
            lines[: r.randint(1, 3)]
            + ([r.choice(prose)] if prose else [])
            + ["View my complete profile"][: r.randint(0, 1)]
        )
    if kind == "archive":
        out, year = [head], r.randint(2005, 2024)
        for _ in range(r.randint(1, 3)):
            out.append(f"{r.choice(['► ', '▼ ', ''])}{year} ({r.randint(5, 400)})")
            out += [f"{r.choice(['► ', ''])}{m} ({r.randint(1, 300)})" for m in r.sample(months, r.randint(3, 12))]
            year -= 1
        return out
    if kind == "labels":
        words = [w for t in titles for w in t.split() if len(w) > 3][:200] or ["news"]
        if r.random() < 0.5:
            return [head, " ".join(r.sample(words, min(len(words), r.randint(8, 40))))]
        return [head] + [f"{w} ({r.randint(1, 99)})" for w in r.sample(words, min(len(words), r.randint(4, 15)))]
    if kind == "recent":
        out = [head]
        for t in r.sample(titles, min(len(titles), r.randint(3, 10))):
            out.append(t)
            if r.random() < 0.3:
                out.append(_date(r, lang))
        return out
    own = ["Blog", "Place", "Notes", "Kitchen"]
    return [head] + [f"{r.choice(FIRST)}'s {r.choice(own)}" for _ in range(r.randint(3, 12))]


def _header_lines(r: random.Random, lang: str) -> list[str]:
    """A date and a byline or comment count such as stand above a post."""
    out = [_date(r, lang)] if r.random() < 0.5 else []
    if r.random() < 0.5 or not out:
        n = r.randint(0, 99)
        out.append(
            r.choice([f"Posted by {_name(r)}", f"By {_name(r)}", f"{n} Comments", f"{_name(r)} | {_date(r, lang)}"])
        )
    r.shuffle(out)
    return out


def pools(pages: list[Labelled]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Per language: article sentences (comment bodies, bios) and headline-shaped lines (post titles)."""
    prose: dict[str, list[str]] = {}
    titles: dict[str, list[str]] = {}
    for page in pages:
        lang = language_of(page.lines)
        for line, label in zip(page.lines, page.labels, strict=True):
            if label is not None and label >= 0.5 and len(line) > 60 and line.endswith((".", "!", "?")):
                prose.setdefault(lang, []).append(line)
            if (
                20 <= len(line) <= 90
                and not line.endswith((".", ":"))
                and sum(w[:1].isupper() for w in line.split()) >= 2
            ):
                titles.setdefault(lang, []).append(line)
    return prose, titles


def augment(page: Labelled, prose: dict[str, list[str]], titles: dict[str, list[str]], seed: int) -> Labelled | None:
    """The page with a comment thread after its article (three times in four), one or two
    sidebars before or after it, and (every other page) header lines above it."""
    positive = [label is not None and label >= 0.5 for label in page.labels]
    if not any(positive):
        return None
    r = random.Random(seed)
    lang = language_of(page.lines)
    lang_prose = prose.get(lang) or prose.get("en") or []
    lang_titles = titles.get(lang) or titles.get("en") or ["News"]
    first = positive.index(True)
    last = len(positive) - 1 - positive[::-1].index(True)
    own = [line for line, p in zip(page.lines, positive, strict=True) if p and len(line) > 60]
    inserts: list[tuple[int, list[str]]] = []
    if seed % 2:
        inserts.append((first, _header_lines(r, lang)))
    if r.random() < 0.75:
        at = last + 1
        while at < len(positive) and at - last <= r.randint(0, 6) and not positive[at]:
            at += 1
        inserts.append((at, comment_thread(r, lang, lang_prose, own, page.lines[first])))
    for _ in range(r.choice([0, 1, 1, 2])):
        if r.random() < 0.5:
            at = r.randint(max(0, first - 10), first)
            while 0 < at < len(positive) and positive[at - 1]:
                at -= 1
        else:
            at = r.randint(last + 1, len(positive))
        inserts.append((at, sidebar(r, lang, lang_prose, lang_titles)))
    lines, labels, weights = list(page.lines), list(page.labels), list(page.weights)
    for at, new in sorted(inserts, key=lambda x: -x[0]):
        lines[at:at] = new
        labels[at:at] = [0.0] * len(new)
        weights[at:at] = [1.0] * len(new)
    return Labelled(page.id + "#augmented", page.corpus, lines, labels, weights)
