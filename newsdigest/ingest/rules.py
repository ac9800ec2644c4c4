"""Named cleaning rules: each says what kind of line it recognises and what to do with it.

Rules are data (like markdown-it's rule chains): an ordered list of ``Rule`` that a site
can extend (``[ingest] drop_patterns`` / ``end_markers``) or switch off by name
(``[ingest] disable_rules``). Patterns are matched, case-insensitively, against one
stripped line. ``python build.py ingest --list-rules`` prints this table.

Kinds:
- ``drop``: the line is boilerplate wherever it stands.
- ``end``: the line closes the article (a related-links box, the comments); it and
  everything after it go, once the article has begun.
- ``meta``: the line carries metadata (SEO description, keywords, byline, date); its
  value is kept for the front matter and the line leaves the body.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .. import limits


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    """What ``[ingest] disable_rules`` and ``--list-rules`` call it."""
    kind: str
    """``drop``, ``end`` or ``meta``."""
    pattern: re.Pattern[str]
    """Searched, case-insensitively, in one stripped line."""
    doc: str
    """What the rule recognises, for ``--list-rules``."""
    max_len: int = 10_000
    """Only lines at most this long can match (long lines are prose, not widgets)."""
    keyword_re: re.Pattern[str] | None = None
    """When given, the rule is tried only on lines (casefolded) where this alternation of
    plain words is found: a search in C, far cheaper than the rule's pattern over a paragraph."""


def _r(name: str, kind: str, pattern: str, doc: str, max_len: int = 10_000, keywords: str = "") -> Rule:
    """A rule; ``keywords``: ``a|b|c``, words one of which a matching line must contain."""
    words = keywords.split("|") if keywords else []
    keyword_re = re.compile("|".join(re.escape(w) for w in words)) if words else None
    return Rule(name, kind, re.compile(pattern, re.I), doc, max_len, keyword_re)


_SOCIAL = (
    r"share|teilen|partager|compartir|condividi|delen|tweet|e-?mail|mail|print|drucken|imprimer|"
    r"facebook|twitter|x|linkedin|whatsapp|telegram|pinterest|reddit|instagram|youtube|tiktok|xing|"
    r"flipboard|messenger|threads|bluesky|mastodon|copy link|link kopieren|kopieren|rss|feed"
)

RULES: tuple[Rule, ...] = (
    _r(
        "seo_description",
        "meta",
        r"^(?:meta[ -]?description|seo description|description)\s*:\s*(?P<value>.+)$",
        "`Meta Description: ...` lines become the description.",
    ),
    _r(
        "seo_keywords",
        "meta",
        r"^(?:keywords|key ?words|tags|schlagw(?:ö|oe)rter|schlagworte|stichw(?:ö|oe)rter|"
        r"mots[- ]cl[ée]s|etiquetas|palabras clave|focus keyword)\s*:\s*(?P<value>.+)$",
        "`Keywords: a, b` lines become tags.",
    ),
    _r(
        "byline",
        "meta",
        r"^(?:by|written by|words by|von|par|por|di|door|autor(?:in)?|author|text)\s*:?\s+"
        r"(?P<value>(?-i:[A-ZÀ-ÖØ-Þ][\w.'’-]*)(?:\s+(?:(?-i:[A-ZÀ-ÖØ-Þ][\w.'’-]*)|de|da|van|von|der|den|di|del|la|le|"
        r"bin|al|and|und|et|y|&)){0,6})\s*(?:$|[|,•·–—(]|-\s|\d)",
        "`By Jane Doe` lines give the author.",
        max_len=120,
    ),
    _r(
        "template_debris",
        "drop",
        r"expr:|data:blog|data:post|<\/?[a-z][a-z0-9]*\b[^>]*>|\{\{.*\}\}|\{%.*%\}|"
        r"^['\"]?\s*/?>\s*$|^[^\w\s]*'>|^\W*(?:var|function|window\.|document\.)\b",
        "Blog-template and HTML leftovers such as `expr:class='data:blog.pageType'>`.",
        keywords="expr:|data:|<|{{|{%|'>|var |function|window.|document.",
    ),
    _r("separator", "drop", r"^[\W_]{3,}$|^[\W_]$", "Rules and lines of symbols (`____`, `* * *`)."),
    _r(
        "comment_widget",
        "end",
        r"^(?:post a comment|leave a (?:comment|reply)|\d+\s+(?:comments?|kommentare?|"
        r"commentaires?|comentarios?|responses?|replies)|no comments(?: yet)?|comments?(?:\s*\(\d+\))?|"
        r"add (?:a )?comment|be the first to comment|join the (?:discussion|conversation)|kommentare?|"
        r"kommentieren|diskutieren sie mit|commentaires?|comentarios?|commenti|reacties)\W*$",
        "Comment widgets: `Post a Comment`, `0 Comments`, `Leave a Comment`.",
        max_len=60,
    ),
    _r(
        "responses",
        "end",
        r"^\d+\s+(?:responses?|replies|comments?|antworten|kommentare?|commentaires?|comentarios?)\s+"
        r"(?:to|on|zu|auf|sur|à|a|en)\b",
        "`11 responses to “…”`: the comment thread's heading.",
        max_len=300,
    ),
    _r(
        "related_box",
        "end",
        r"^(?:you (?:may|might) (?:also )?(?:like|enjoy|be interested in)|related(?: (?:articles?|posts?|"
        r"stories|news|content|coverage|reading|topics|links))?|more (?:stories|news|articles) (?:from|like this)|"
        r"more from\b.*|recommended(?: for you| stories| articles)?|editors?['’]? picks?|latest (?:posts|news|stories|articles)|"
        r"most (?:read|popular|viewed|shared)|trending(?: now| stories)?|popular (?:posts|stories|articles)|"
        r"also read|see also|further reading|what to read next|read next|up next|about the author|"
        r"das k(?:ö|oe)nnte (?:sie|dich) auch interessieren|mehr zum thema|weitere (?:artikel|nachrichten|meldungen|themen)|"
        r"auch interessant|(?:ä|ae)hnliche (?:artikel|beitr(?:ä|ae)ge)|verwandte (?:themen|artikel)|meistgelesen(?:e artikel)?|"
        r"empfehlungen|top[- ]themen|(?:à )?lire aussi|sur le m(?:ê|e)me sujet|articles similaires|vous aimerez aussi|"
        r"te puede interesar|noticias relacionadas|m(?:á|a)s noticias|lo m(?:á|a)s le(?:í|i)do|leggi anche|"
        r"articoli correlati|lees ook|gerelateerde artikelen|das k(?:ö|oe)nnte (?:dir|ihnen) auch gefallen|"
        r"(?:verwandte|(?:ä|ae)hnliche|weitere|neueste) beitr(?:ä|ae)ge|(?:ü|ue)ber (?:den autor|die autorin)|zum autor|"
        r"kommentare sind geschlossen|previous (?:post|article)|next (?:post|article)|prev post|"
        r"vorheriger (?:beitrag|artikel)|n(?:ä|ae)chster (?:beitrag|artikel)|popular topics|more from (?:the )?author|"
        r"tambi(?:é|e)n te puede interesar|te recomendamos|quiz(?:á|a)s te interese|temas relacionados|"
        r"art(?:í|i)culos relacionados|(?:ü|ue)ber diese (?:reihe|serie)|about this series)\b.{0,40}$",
        "Related-content boxes: `You may also like`, `Editors' Picks`, `Latest Posts`, `Mehr zum Thema`.",
        max_len=70,
    ),
    _r(
        "comment_form",
        "end",
        r"(?:your|deine|ihre) e-?mail(?:-adresse)? (?:address )?(?:will not|wird nicht) "
        r"(?:be )?ver(?:ö|oe)ffentlicht|will not be published|required fields are marked|erforderliche felder sind|"
        r"votre adresse (?:e-mail|de messagerie) ne sera pas publi|tu direcci(?:ó|o)n de correo electr(?:ó|o)nico no ser(?:á|a) publicada|"
        r"^(?:this entry was posted (?:in|on)|dieser eintrag wurde ver(?:ö|oe)ffentlicht in|posted in\b.*\btagged|"
        r"der beitrag wurde am\b.{0,80}ver(?:ö|oe)ffentlicht)|^para comentar\b|^pour commenter\b|"
        r"^um (?:einen )?kommentar(?:e)? (?:zu )?(?:schreiben|verfassen|abzugeben)|kommentieren m(?:ö|oe)chten|"
        r"if you (?:would like|want) to (?:comment|leave a comment)|^to leave a comment",
        "Comment forms and WordPress post footers (`Your email address will not be published`).",
        max_len=600,
        keywords="mail|published|required|erforderlich|adresse|direcci|posted|eintrag|beitrag wurde|comentar|commenter|kommentar|comment",
    ),
    _r(
        "paywall_prompt",
        "drop",
        r"already a subscriber|bereits abonnent|d(?:é|e)j(?:à|a) abonn(?:é|e)|ya eres suscriptor|"
        r"log in for (?:immediate )?access|to continue reading|um weiterzulesen|empfohlener redaktioneller inhalt|"
        r"externer inhalt|enable javascript|javascript (?:is )?(?:disabled|deaktiviert)|"
        r"^(?:advertising )?disclos(?:ure|ures)\b|^disclaimer\b|is not responsible for the (?:opinions|content)|"
        r"(?:ü|ue)bernimmt keine (?:haftung|verantwortung)|anmerkungen zu diesem artikel|report an error|"
        r"(?:if you )?(?:spot|notice) (?:an? )?(?:error|mistake|typo)",
        "Paywall, embed and disclosure notices.",
        max_len=600,
        keywords="subscriber|abonn|suscriptor|log in|continue reading|weiterzulesen|inhalt|javascript|disclos|disclaimer|responsible|haftung|verantwortung|anmerkungen|error|mistake|typo",
    ),
    _r(
        "site_notice",
        "drop",
        r"\b(?:your|dein|ihr|votre|tu) (?:browser|navigateur|navegador) (?:is|ist|est|es) "
        r"(?:out of date|outdated|leider veraltet|veraltet|nicht mehr aktuell|obsol[eè]te|obsoleto|desactualizado)|"
        r"update your browser|aktualisiere deinen browser|"
        r"^(?:warning|notice|deprecated|fatal error|parse error)\s*:.*\b(?:on line|in /)|"
        r"creative commons.{0,80}\b(?:licen[cs]e|lizenz|licencia|licenza)|\b(?:licen[cs]ed|lizenziert) under\b.{0,40}creative commons|"
        r"technische speicherung oder der (?:zugang|zugriff)",
        "Browser, server and licence notices: `Your browser is out of date`, PHP warnings, Creative Commons "
        "licence lines, consent-dialog texts.",
        max_len=500,
        keywords="browser|navigateur|navegador|warning|notice|deprecated|error|creative commons|speicherung",
    ),
    _r(
        "caption_credit",
        "drop",
        r"\((?:[^()]*\b(?:foto|photo|bild|bildquelle|symbolbild|archivbild|image|credit|quelle|"
        r"source|grafik|cr(?:é|e)dito?s?|istock(?:\.com)?|getty images|shutterstock|picture alliance)\b[^()]*)\)\s*\.?$|\((?:l|r|m|li|re|links|rechts|left|right|v\. ?l\.(?: ?n\. ?r\.)?)\.?\)",
        "Photo captions: `Jane Doe (l.) and ...`, `... (Foto: dpa)`, `(Symbolbild)`.",
        max_len=250,
    ),
    _r(
        "call_to_action",
        "drop",
        r"^(?:call to action\b|what (?:are|were) your thoughts\b|what do you think\b|"
        r"share your (?:thoughts|perspectives?|views|opinions?|experiences?)|stay (?:informed|tuned|updated)\b|"
        r"explore further\b|click here\b|subscribe (?:to|now|today)\b|sign up (?:for|to|now)\b|join (?:us|our)\b|"
        r"follow us\b|don['’]t miss\b|download (?:our|the) app|get (?:the|our) (?:latest|newsletter)|like us on|"
        r"hier klicken|jetzt (?:abonnieren|anmelden|lesen)|folgen sie uns|abonnieren sie|submit your\b|"
        r"sie lesen gern\b)",
        "Calls to action: `Click here for more…`, `Call to Action: …`, `What are your thoughts? Share…`.",
        max_len=400,
    ),
    _r(
        "call_to_action_inline",
        "drop",
        r"in the comments(?: section)? below|let us know in the comments|"
        r"share (?:this|it) with|we want to hear (?:from you|what you think)|submit (?:a|your) (?:letter|question)|"
        r"letter to the editor|artikel gefallen\?|vergiss nicht zu teilen|teilen nicht vergessen",
        "Calls to action inside a line: `... in the comments below`, `Artikel gefallen?`.",
        max_len=400,
        keywords="comments|share|hear|submit|letter|gefallen|teilen",
    ),
    _r(
        "prompt",
        "drop",
        r"jede (?:kleine )?spende|\b(?:donate|donation|spenden sie|unterst(?:ü|ue)tzen sie uns|"
        r"support (?:us|our journalism))\b|\b(?:únete|unete)\b|canal de (?:telegram|whatsapp)|"
        r"(?:telegram|whatsapp)[- ](?:channel|kanal)|(?:enable|turn on) (?:push )?notifications|"
        r"benachrichtigungen? aktivieren|push-benachrichtigung|escucha esta nota|listen to this (?:article|story)|"
        r"(?:diesen )?artikel (?:an)?h(?:ö|oe)ren|nuestro canal de youtube|our youtube channel|unser(?:em)? youtube-kanal|"
        r"sie wollen mehr von uns|want more\?|kennt ihr schon unser|per e-?mail$",
        "Short donation, channel, notification and audio-player prompts.",
        max_len=160,
        keywords="spende|donat|unterst|support|únete|unete|canal|channel|kanal|notification|benachrichtigung|"
        "escucha|listen|artikel|youtube|wollen mehr|want more|kennt ihr|mail",
    ),
    _r(
        "social_links",
        "drop",
        rf"^(?:(?:{_SOCIAL})\b[\s,|·•/:]*)+$|^(?:youtube|facebook|twitter|instagram|linkedin|"
        r"telegram|tiktok|x|whatsapp)\s*:|^(?:follow|folgen sie|suivez|s(?:í|i)guenos)\b.{0,120}\b(?:twitter|facebook|instagram|"
        r"linkedin|youtube|tiktok)\b",
        "Share bars and social links: `Share Tweet Email`, `YouTube: https://…`.",
        max_len=250,
    ),
    _r(
        "url_only",
        "drop",
        r"^\W*(?:https?://|www\.|data:[\w.+-]+/[\w.+-]+[;,])\S+\W*$|^[^\s@]+@[^\s@]+\.\w+$",
        "A line that is only a URL (`data:` URIs too) or an e-mail address.",
        max_len=limits.MAX_RAW_BYTES,  # linear-time: tried on every line, the longest too
    ),
    _r(
        "inline_data",
        "drop",
        r"^[!-~À-ɏ]{200,}$",
        "A line that is one unbroken run of 200 or more Latin characters: inline data (a base64 "
        "image) or minified code, which no prose is (scripts without word spaces have their own letters).",
        # Such a line can be megabytes (an inline image), kept it would fill the article and its tags.
        max_len=limits.MAX_RAW_BYTES,
    ),
    _r(
        "copyright",
        "drop",
        r"©|\(c\)\s*\d{4}|\bcopyright\b|(?:all|some) rights reserved|alle rechte vorbehalten|"
        r"tous droits r(?:é|e)serv(?:é|e)s|todos los derechos reservados|tutti i diritti riservati",
        "Copyright lines.",
        max_len=250,
        keywords="©|(c)|copyright|reserved|vorbehalten|réserv|reserv|riservati",
    ),
    _r(
        "cookie_notice",
        "drop",
        r"(?=.*\bcookies?\b)(?=.*\b(?:accept|consent|settings|polic|privacy|browser|website|"
        r"site|experience|zustimm|akzept|einwillig|einstellung|verwende|nutze|setzen|webseite|website|datenschutz|"
        r"utilis|accept|acept|usamos|navegaci))|\b(?:datenschutz(?:erklärung|hinweise|einstellungen)?|privacy policy|"
        r"privacy settings|politique de confidentialit(?:é|e)|pol[ií]tica de privacidad)\b",
        "Cookie and privacy prompts.",
        max_len=500,
        keywords="cookie|datenschutz|privacy|confidentialit|privacidad",
    ),
    _r(
        "newsletter",
        "drop",
        r"\bnewsletter\b|\bsubscribe\b|\babonnieren\b|\bs['’]abonner\b|\bsuscr[ií]b|"
        r"per e-?mail (?:zu )?erhalten|direkt in (?:dein|ihr) postfach|enter your e-?mail|e-mail-adresse eingeben|"
        r"\bno spam\b|kein spam|e-?mail (?:me )?(?:every|each|for every) new post|send me (?:an )?e-?mail",
        "Newsletter and subscription prompts.",
        max_len=200,
        keywords="newsletter|subscri|abonn|suscr|mail|postfach|spam",
    ),
    _r(
        "advertisement",
        "drop",
        r"^(?:advertisement|advertising|sponsored(?: content)?|ad|ads|anzeige|werbung|publicit(?:é|e)|"
        r"publicidad|pubblicit(?:à|a)|promoted|paid content|partner content)\W*$",
        "`Advertisement` and sponsor labels.",
    ),
    _r(
        "read_more",
        "drop",
        r"^(?:read more|continue reading|read the full (?:story|article)|weiterlesen|mehr lesen|"
        r"lesen sie (?:auch|mehr|weiter|hier)|mehr dazu|lire la suite|leer m(?:á|a)s|leggi (?:di pi(?:ù|u)|tutto|anche)|"
        r"more)\b(?:\W.*)?$|^(?:read|watch|listen|see|related|siehe auch|lesen sie|mehr|vea tambi(?:é|e)n|"
        r"lea tambi(?:é|e)n|ver tambi(?:é|e)n|lee tambi(?:é|e)n|(?:à )?lire aussi|voir aussi|leggi anche|lea)\s*[:»>]",
        "`Read more`, `Continue reading`, `READ MORE: <other story>`.",
        max_len=200,
    ),
    _r(
        "photo_credit",
        "drop",
        r"^(?:photos?|images?|pictures?|fotos?|bilder?|credits?|quelle|source|illustration|"
        r"grafik|video|beitragsbild|titelbild|symbolfoto|symbolbild|aufmacherbild)\s*[:©/|]|^(?:photograph(?:ed)?|"
        r"photo|picture|image|foto|bild) (?:by|von|de|par)\b|\b(?:foto|photo|bild|image|cr(?:é|e)dito)\s*:\s*[^.!?:]{1,60}$|^\(?(?:photo|foto|bild|image)\s*:|\b(?:getty images|reuters|afp|dpa|ap photo|"
        r"shutterstock|istock|imago)\b\s*(?:/|$)|/\s*(?:getty images|reuters|afp|dpa|imago|shutterstock)\b",
        "Photo credits and captions' credits: `Photo: Reuters`, `Foto: dpa`.",
        max_len=200,
        keywords="photo|foto|image|picture|bild|credit|crédit|quelle|source|illustration|grafik|video|getty|reuters|afp|dpa|shutterstock|istock|imago|titelbild|aufmacher",
    ),
    _r(
        "reading_time",
        "drop",
        r"^(?:\d+\s*(?:min(?:ute)?s?|minuten)\.?\s*(?:read|lesezeit|de lecture|lectura)?|"
        r"(?:lesezeit|reading time|temps de lecture)\s*:?\s*\d+.*)$",
        "`5 min read`, `Lesezeit: 3 Minuten`.",
        max_len=60,
    ),
    _r(
        "navigation",
        "drop",
        r"^(?:home|startseite|accueil|inicio|log ?in|log ?out|sign (?:in|up|out)|register|anmelden|"
        r"abmelden|registrieren|search|suche|suchen|recherche|buscar|menu|men(?:ü|u)|close|schlie(?:ß|ss)en|fermer|"
        r"skip to (?:main )?content|zum inhalt springen|back to top|nach oben|toggle navigation|next|previous|"
        r"zur(?:ü|u)ck|weiter|prev|older posts|newer posts|load more|mehr laden|show more|view all|alle anzeigen|"
        r"print|drucken|share|teilen|top)\W*$",
        "Menu and navigation items.",
        max_len=40,
    ),
    _r(
        "breadcrumb",
        "drop",
        r"^(?:home|startseite|accueil|inicio)\s*(?:[>»›/|]|\s)\s*\S.*$",
        "Breadcrumbs: `Home > World > Europe` (the section is kept as metadata).",
        max_len=160,
    ),
    # Last in the table: the learned cleaner knows a rule by its place here.
    _r(
        "print_notice",
        "drop",
        r"^(?:a version of this (?:article|story|review|column|report|interview|essay) (?:first |originally )?"
        r"(?:appeared|appears|was published|ran)\b|"
        r"this (?:article|story) (?:appeared|appears|was published) in (?:the )?print\b|"
        r"this copy is for your personal,? non-?commercial use\b|"
        r"(?:dieser|der) (?:artikel|beitrag|text) (?:ist|erschien|wurde)\b.{0,60}?\b(?:print|gedruckt|zeitung|ausgabe))",
        "A newspaper's print and reprint notices: `A version of this article appeared in print on July 24, 2012, "
        "on page A9 of the New York edition ...`, `This copy is for your personal, non-commercial use only ...`.",
        max_len=400,
        keywords="version of this|appear|published|this copy|erschien|ist in|wurde in",
    ),
)

RULE_NAMES = tuple(r.name for r in RULES)


def active_rules(
    disabled: Iterable[str] = (), drop_patterns: Iterable[str] = (), end_markers: Iterable[str] = ()
) -> tuple[Rule, ...]:
    """The built-in rules less the disabled ones, plus a site's own patterns (whole-line)."""
    off = set(disabled)
    unknown = off - set(RULE_NAMES)
    if unknown:
        raise ValueError(f"unknown cleaning rule(s): {', '.join(sorted(unknown))}; known: {', '.join(RULE_NAMES)}")
    rules = [r for r in RULES if r.name not in off]
    rules += [
        _r(f"site_drop_{i + 1}", "drop", rf"^(?:{p})$", f"site pattern {p!r}") for i, p in enumerate(drop_patterns)
    ]
    rules += [
        _r(f"site_end_{i + 1}", "end", rf"^(?:{p})$", f"site end marker {p!r}") for i, p in enumerate(end_markers)
    ]
    return tuple(rules)


def match(rules: tuple[Rule, ...], line: str) -> tuple[Rule, re.Match[str]] | None:
    """The first rule that recognises the line."""
    n = len(line)
    folded = line.casefold()
    for rule in rules:
        if n <= rule.max_len and (rule.keyword_re is None or rule.keyword_re.search(folded)):
            m = rule.pattern.search(line)
            if m:
                return rule, m
    return None
