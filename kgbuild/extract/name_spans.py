"""Names NER cut short, made whole again: "the National Guard of" + "Ukraine", "the Office of
the Special Envoy" + "of the Secretary-General", "State Commission for Prisoners of War, Hostages
and" + "Missing Persons"."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan

from .lexicon import terms

ORGANIZATION_WORDS = terms("organization_words")


def with_named_complement(span: SpacySpan) -> SpacySpan:
    """"the National Guard of" + "Ukraine", "the Movement for Democracy in" + "Chad": a name the
    gazetteer's ruler or NER cut before the place it ends with, made whole again."""
    doc = span.doc
    joint = span[-1].lower_ if len(span) else ""
    if joint == "the" and len(span) > 1:  # "the Armed Forces of the" + "Philippines"
        joint = span[-2].lower_
    if joint not in ("of", "for", "in") or span.end >= len(doc) or doc[span.end].ent_iob_ != "B":
        return span
    end = span.end + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[span.start:end]


def with_titled_complement(span: SpacySpan) -> SpacySpan:
    """"the Office of the Special Envoy" + "of the Secretary-General for Yemen": a name NER cut
    before its capitalised complement, made whole (over "of", "for", "the", hyphens and
    capitalised words, to a capitalised word or a place, not into a person's name after it)."""
    doc = span.doc
    if not len(span) or not span[-1].is_title or span.end >= len(doc) or doc[span.end].lower_ not in ("of", "for"):
        return span
    end, i = span.end, span.end
    while i < len(doc) and doc[i].ent_type_ != "PERSON" and (doc[i].lower_ in ("of", "for", "the") or doc[i].text in ("-", "–")
                                                            or doc[i].is_title or doc[i].ent_type_ == "GPE"):
        i += 1
        if doc[i - 1].is_title or doc[i - 1].ent_type_ == "GPE":
            end = i
    return doc[span.start:end] if end - span.end >= 2 else span


def with_listed_name_parts(span: SpacySpan) -> SpacySpan:
    """"State Commission for Prisoners of War, Hostages and" + "Missing Persons": a name that
    lists what a body deals with, of which NER tagged only the last item, made whole again (back
    over capitalised words, commas and "and" to the organisation word it starts with)."""
    doc = span.doc
    if not span.start or doc[span.start - 1].lower_ not in (",", "and"):
        return span
    start = None
    for i in range(span.start - 1, max(-1, span.start - 14), -1):
        token = doc[i]
        if token.is_title and token.lower_ in ORGANIZATION_WORDS:
            if doc[i + 1].lower_ not in ("for", "on", "of"):
                break  # "the Armed Forces, National Guard and Border Service": several bodies
            start = i  # "Commission"; and a capitalised word before it ("State Commission")
            while start > 0 and doc[start - 1].is_title and not doc[start - 1].is_stop:
                start -= 1
            break
        if not (token.is_title or token.text == "," or token.lower_ in ("and", "of", "for", "on")):
            break
    return doc[start:span.end] if start is not None else span



def with_listed_name_tail(span: SpacySpan) -> SpacySpan:
    """"the State Commission on Prisoners of War," + "Hostages and Missing Persons of Azerbaijan":
    a body's name that NER ended at the comma of its list, made whole (forward over capitalised
    words, commas, "and" and "of", to a capitalised word or a place)."""
    doc = span.doc
    if len(span) < 3 or span[-1].text != "," or not any(t.is_title and t.lower_ in ORGANIZATION_WORDS for t in span):
        return span
    end, i = span.end - 1, span.end
    while i < min(len(doc), span.end + 12) and (doc[i].is_title or doc[i].lower_ in ("and", "of", "for", ",")
                                                or doc[i].ent_type_ == "GPE"):
        i += 1
        if doc[i - 1].is_title or doc[i - 1].ent_type_ == "GPE":
            end = i
    return doc[span.start:end]  # without the comma, when nothing follows
