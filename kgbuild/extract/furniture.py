"""Page furniture around the story: title-case headlines, credit and caption lines, list labels,
datelines and bylines. Names found there are where and by whom a story was filed, not actors
(:mod:`kgbuild.extract.actors`), and dates found there are not the events' days
(:meth:`kgbuild.extract.context.ArticleContext.dates_of`)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span as SpacySpan, Token

from .lexicon import terms
from .tokens import doc_sentences, doc_tokens, per_doc

ICON_STRIP_LABELS = 3  # words ending in "icon" that make a line a strip of a site's icon labels
_CREDIT_CUES = re.compile("|".join(map(re.escape, sorted(terms("credit_cues")))))  # one scan of a line for them all
_CREDIT_ENDINGS = tuple(terms("credit_endings"))


def is_headline_like(sent: SpacySpan, tokens: Sequence[Token] | None = None) -> bool:
    """A title-case line ("Russian Delegation Hands Over 640 POWs"), where NER guesses badly
    (``tokens``: the sentence's tokens, when made already)."""
    words = [t for t in (sent if tokens is None else tokens) if t.is_alpha and not t.is_stop and len(t) > 1]
    if len(words) < 4:
        return False
    capitalised = sum(1 for t in words if t.text[0].isupper())
    return capitalised / len(words) >= 0.75 and not sent.text.rstrip().endswith((".", "?", "!", '"', "”"))


def is_credit_line(sent: SpacySpan, tokens: Sequence[Token] | None = None, text: str | None = None) -> bool:
    """A photo caption credit, copyright or publisher line ("PHOTO: REUTERS", "© AFP",
    "Photo by X/AFP via Getty Images"), a byline ("By Jane Doe"), a lone agency name ("AFP") or
    a scraped strip of icon labels: page furniture, not the story.
    ``text`` is the article's, when the caller has it."""
    lowered = (sent.text if text is None else text[sent.start_char:sent.end_char]).lower()
    lowered = re.sub(r"\s*/\s*", "/", lowered)  # "Jane Doe / AP / AP": the agency after a slash, however spaced
    words = [t for t in (sent if tokens is None else tokens) if t.is_alpha]
    if len(words) >= 3 and words[0].lower_ in terms("byline_lead_words") and words[1].lower_ in terms("byline_openers"):
        words = words[1:]  # "Text by: Jane Doe"
    byline = 2 <= len(words) <= 5 and words[0].lower_ in terms("byline_openers") and all(t.is_title or t.is_upper for t in words[1:])
    # "JANE DOE / POOL / AFP", "JERUSALEM/CAIRO:": names in capitals between slashes, a credit or a dateline
    photo_credit = "/" in lowered and len(words) >= 2 and all(t.is_upper for t in words)
    # "bookmarkicon cameraicon chevron downicon editicon v-expandicon": a site's icon labels, scraped
    icons = sum(t.lower_.endswith("icon") for t in words)
    icon_strip = icons >= ICON_STRIP_LABELS and icons * 4 >= len(words)
    credit = _CREDIT_CUES.search(lowered) is not None or lowered.rstrip().endswith(_CREDIT_ENDINGS)
    return credit or (len(words) <= 2 and not any(t.is_lower for t in words)) or byline or photo_credit or icon_strip


def is_line_label(span: SpacySpan) -> bool:
    """A title-case label opening a line of a list ("Prisoner Exchange: Moscow proposed ...",
    "Working Groups: ..."): a heading, not a name."""
    doc = span.doc
    starts_line = span.start == 0 or "\n" in doc[span.start - 1].text or doc[span.start - 1].text_with_ws.endswith("\n")
    return starts_line and span.end < len(doc) and doc[span.end].text == ":"


@per_doc
def dateline_ends(doc: Doc) -> list[int]:
    """:func:`dateline_end` of each of the Doc's sentences, in order (for the actors and the
    events passes alike)."""
    tokens = doc_tokens(doc)
    return [dateline_end(sent, tokens) for sent in doc_sentences(doc)]


def dateline_end(sentence: SpacySpan, tokens: Sequence[Token] | None = None) -> int:
    """The index just past a sentence's dateline ("NAIROBI, Kenya (AP) —", "KIEV | Xinhua |"), or its start when it
    has none. ``tokens`` are the article's, when the caller has them made."""
    tokens = tokens if tokens is not None else sentence.doc
    pipes = 0
    for i in range(sentence.start, min(sentence.end, sentence.start + 12)):
        if tokens[i].text == ")" and i + 1 < len(tokens) and tokens[i + 1].text in ("-", "—", "–"):
            return i + 1
        pipes += tokens[i].text == "|"
        if pipes == 2:
            return i + 1  # "KIEV | Xinhua | The next round ...": the place and the agency between bars
    # "NAQURA - Hezbollah handed over", "BAKU, Azerbaijan — ", "GAZA: The group released": a place in
    # capitals, perhaps with its country, then a dash or a colon
    capitals = 0
    for i in range(sentence.start, min(sentence.end, sentence.start + 8)):
        token = tokens[i]
        if token.text in ("-", "—", "–", "--", ":") and capitals:
            return i + 1
        if token.is_alpha and token.text.isupper() and len(token.text) >= 3:
            capitals += 1
        elif not (token.is_space or token.text == "," or (capitals and token.is_title and tokens[i - 1].text == ",")):
            break
    return _place_dash_end(sentence, tokens) or _byline_end(sentence, tokens)


def _place_dash_end(sentence: SpacySpan, tokens: Sequence[Token]) -> int | None:
    """The index past "Addis Abeba — " at a paragraph's start: a place in title case (up to three
    words, not an organisation) and a long dash, before a capitalised word."""
    start = sentence.start
    if start and not (tokens[start - 1].is_space and "\n" in tokens[start - 1].text):
        return None
    i = start
    while i < min(sentence.end, start + 3) and tokens[i].is_title and tokens[i].ent_type_ not in ("ORG", "NORP"):
        i += 1
    if start < i < sentence.end - 1 and tokens[i].text in ("—", "–") and tokens[i + 1].is_title:
        return i + 1
    return None


def _byline_end(sentence: SpacySpan, tokens: Sequence[Token]) -> int:
    """The index past a byline run into a sentence ("Jane Doe, Gulf Daily, May 3, 2024 Yesterday
    the rebels freed ..."): names and an outlet in capitals, commas, then a dated year; else
    the sentence's start."""
    limit = min(sentence.end, sentence.start + 16)
    i, commas = sentence.start + (tokens[sentence.start].lower_ == "by"), 0
    while i < limit:
        token = tokens[i]
        if token.text == ",":
            commas += 1
        elif token.ent_type_ == "DATE" and commas >= 2:
            end = i  # the date runs to its year (NER may run it on: "May 3, 2024 Yesterday")
            while end < limit and tokens[end].ent_type_ == "DATE" and not (tokens[end].like_num and len(tokens[end].text) == 4):
                end += 1
            return end + 1 if end < limit and tokens[end].ent_type_ == "DATE" else sentence.start
        elif not (token.is_title or token.is_upper or token.is_space):
            break
        i += 1
    return sentence.start


def credits_a_photo(span: SpacySpan) -> bool:
    """An outlet named as the credit of a photo or a dateline's agency ("PHOTO: Reuters", "Jane
    Doe / AP", "[Reuters]", "Handout via Xinhua", "KIEV | Xinhua |"): page furniture, not a source."""
    doc = span.doc
    before = doc[span.start - 1].text if span.start else "\n"
    after = doc[span.end].text if span.end < len(doc) else "\n"
    if before in ("/", "|", "[") or after in ("/", "|", "]"):
        return True
    lead = " ".join(t.lower_ for t in doc[max(0, span.start - 3):span.start])
    return any(lead.endswith(cue) for cue in terms("photo_credit_leads"))
