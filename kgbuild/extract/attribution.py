"""Who an article says a fact comes from ("according to TASS", "the ministry announced",
"Medinsky said") and how it hedges it (reportedly, allegedly, it is estimated).

Attribution is found per sentence and covers the facts of that sentence. Phrases that point
back ("according to the post", "the statement emphasized") take the sources of the last
attribution; "the ministry", "the agency", "he" take the last actor of that kind.
"""

from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan, Token

from ..facts import Attribution, Span
from .context import ArticleContext
from .lexicon import mapping, terms, title_words
from .tokens import in_lexicon, sentence_of

_GENERIC_SOURCES = terms("generic_source_nouns")


def _last_actor_before(ctx: ArticleContext, position: int, wanted) -> str | None:
    """The actor mentioned last before ``position`` that satisfies ``wanted(actor)``."""
    found = None
    for _, _, key in ctx.actors.mentions_between(0, position):
        if key in ctx.actors and wanted(ctx.actors.get(key)):
            found = key
    return found


def _source_name(ctx: ArticleContext, head: Token) -> str:
    """A readable name for an anonymous source: "source within Russian law enforcement agencies"."""
    words = []
    for token in head.subtree:
        if token.i < head.i and token.dep_ == "det":
            continue
        if token.text in ("'s", "’s") and words:
            entry = ctx.actors.gazetteer.lookup(words[-1].rstrip("\0"))
            words[-1] = entry.demonyms[0] if entry is not None and entry.demonyms else words[-1].rstrip("\0")
            continue
        if token.is_punct and token.i > head.i and token.dep_ == "punct":
            break
        words.append(token.text if token.whitespace_ or token.i == head.right_edge.i else token.text + "\0")
    return re.sub(r"\s+", " ", re.sub(r"\0 ", "", " ".join(words))).strip()  # "Yerevan-based" as written


def source_of_phrase(ctx: ArticleContext, head: Token, previous: Attribution | None) -> list[str]:
    """The actor keys a source phrase headed by ``head`` stands for."""
    if key := ctx.key_at_token(head):  # "Ukraine's Coordination Headquarters" is the headquarters
        return [key]
    for key in [k for c in head.children if c.dep_ == "appos" and c.left_edge.i == head.i + 1 and (k := ctx.key_at_token(c))]:
        if ctx.actors.get(key).type == "Person" and any(c.dep_ == "poss" for c in head.children):
            return [key]  # "the president's aide Bayo Onanuga said": the person named, not whose aide
    if named := [k for p in head.children if p.lower_ == "as" and any(c.lower_ == "such" for c in p.children)
                 for o in p.children if o.dep_ == "pobj" and (k := ctx.head_actor(o))]:
        return named[:1]  # "rights groups such as Foro Penal say": the group named
    for child in head.children:
        if child.dep_ == "poss":
            if body := ctx.state_body(ctx.key_at_token(child), head):  # "Israel's army": the IDF
                return [body]
            keys = source_of_phrase(ctx, child, previous)
            if keys:
                return keys
    if collective := _collective_sources(ctx, head):
        return collective
    if in_lexicon(head, "report_nouns") or in_lexicon(head, "authored_nouns"):
        # "according to a report by CNN", "a statement by the ministry said": the author ("reports from Lebanon" have none)
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "by":
                if keys := [k for pobj in prep.children if pobj.dep_ == "pobj" and (k := ctx.key_at_token(pobj))]:
                    return keys
    if any(c.dep_ in ("compound", "amod") and in_lexicon(c, "press_office_modifiers") for c in head.children):
        # "the press service of the State Commission", "the media office of Hamas": the body speaks
        if keys := [k for prep in head.children if prep.dep_ == "prep" and prep.lower_ == "of"
                    for pobj in prep.children if pobj.dep_ == "pobj" and (k := ctx.head_actor(pobj))]:
            return keys[:1]
    # "the head of Ukrainian military intelligence Kyrylo Budanov said", "Deputy Prime Minister of
    # Armenia Tigran Avinyan announced": the person who holds the title, not the state
    named = [k for k in ctx.keys_in(head.subtree) if ctx.actors.get(k).type == "Person"] if head.lower_ in title_words() else []
    if named:
        return named[:1]
    key = ctx.head_actor(head)
    if key:
        return [key]
    for child in head.children:  # "the state news agency Petra said", "the rights group Foro Penal": the name in apposition
        if child.dep_ == "appos" and child.left_edge.i == head.i + 1 and (key := ctx.key_at_token(child)):
            return [key]
    if head.lower_ in title_words():
        after = head.right_edge.i + 1
        if after + 1 < len(head.doc) and head.doc[after].text == "," and (key := ctx.key_at_token(head.doc[after + 1])) \
                and ctx.actors.get(key).type == "Person":
            return [key]  # "according to the spokesman for the ministry, Majed al-Ansari, ...": the name set off by commas
    anaphora = mapping("anaphora_sources")
    word = head.lower_
    kind = anaphora.get(word) or anaphora.get(head.lemma_.lower())
    if kind == "Organization" and head.tag_ != "NN":
        kind = None  # "human rights organizations estimate": a collective source, not the one named before
    if word in _GENERIC_SOURCES and re.search(r"\b(both|each|the two) (sides|side|countries|parties)\b", _source_name(ctx, head)):
        return ctx.sides()
    if word in _GENERIC_SOURCES and any(c.dep_ == "prep" for c in head.children):
        places = [ctx.state_of(ctx.head_actor(pobj)) for prep in head.children if prep.dep_ == "prep" and prep.lower_ == "in"
                  for first in prep.children if first.dep_ == "pobj" for pobj in (first, *first.conjuncts)]
        if places and all(places):  # "officials in Baku and Yerevan" speak for their states
            return list(dict.fromkeys(places))
        return []  # an anonymous source: see anonymous_source
    if kind == "previous":
        return list(previous.sources) if previous else []
    if named := _named_before(ctx, head):  # "the coordination center" after "the Coordination Headquarters"
        return [named]
    if kind == "ministry":
        key = _last_actor_before(ctx, head.idx, lambda a: a.type == "Organization" and "ministry" in a.name.lower())
    elif kind == "Organization" and previous and (said := [k for k in previous.sources if ctx.actors.get(k).type == kind]):
        key = said[0]  # "the ICRC said ... Among them were 44 wounded, the organisation said": the one that spoke before
    elif kind in ("Media", "Person", "Organization"):
        key = _last_actor_before(ctx, head.idx, lambda a: a.type == kind)
    else:
        key = None
    return [key] if key else []


def _collective_sources(ctx: ArticleContext, head: Token) -> list[str]:
    """"U.S. officials", "Iranian media": a collective source of one state, a source of its own
    (the state did not say it; some of its officials or outlets did); the author of "Iranian
    media reports" or "reports in Iranian media"; one per state in "U.S. and Saudi officials"."""
    collective = mapping("collective_sources")
    teller, modified = head, head
    if head.lower_ not in collective and in_lexicon(head, "report_nouns"):
        teller = next((c for c in head.children if c.dep_ == "compound" and c.lower_ in collective), None)
        if teller is None:
            teller = next((pobj for prep in head.children if prep.dep_ == "prep" and prep.lower_ in ("in", "by", "from")
                           for pobj in prep.children if pobj.dep_ == "pobj"), head)
            modified = teller
    kind = collective.get(teller.lower_)
    if kind is None:
        return []
    modifiers = [c for c in modified.children if c.dep_ in ("compound", "amod", "nmod") and c.i < teller.i]
    outlet = [m for m in modifiers if in_lexicon(m, "outlet_modifiers") and m.i == teller.i - 1]  # "Iranian state television"
    if len(outlet) > 1:
        return []
    # the one actor among the modifiers ("a senior US government official": US), with the words
    # between it and the noun ("an Israeli military official"); rank words before it are dropped
    named: dict[str, tuple[Token, Token]] = {}  # actor key -> (the modifier, the name's first word)
    for modifier in modifiers:
        joined = {t.i for conjunct in modifier.conjuncts for t in conjunct.subtree}  # "U.S. and Saudi": one, with conjuncts
        for token in modifier.subtree:
            if token.i < teller.i and token.i not in joined and token not in outlet \
                    and (key := ctx.key_at_token(token)) is not None:
                named.setdefault(key, (modifier, token))
    region = [m for m in modifiers if m.i == teller.i - 1 and in_lexicon(m, "region_adjectives")]
    if not named and region:  # "Western diplomats said": a collective source of no one state
        return [ctx.actors.ensure(f"{region[0].text} {teller.text}", kind)]
    if len(named) != 1:
        return []
    modifier, first = next(iter(named.values()))
    # the modifier and its conjuncts in the phrase right before the noun ("U.S. and Saudi"), not
    # a name before a comma that the parser hung on them
    states = [m for m in sorted((modifier, *modifier.conjuncts), key=lambda t: t.i)
              if m.i < teller.i and not any(t.text == "," for t in head.doc[m.i + 1:teller.i])]
    if not states or any(ctx.state_of(ctx.key_at_token(m)) is None for m in states):
        return []
    if states == [modifier]:
        return [ctx.actors.ensure(head.doc[first.i:teller.i + 1].text, kind)]
    noun = " ".join(t.text for t in (*outlet, teller))
    return [ctx.actors.ensure(f"{m.text} {noun}", kind) for m in states]


def _named_before(ctx: ArticleContext, head: Token) -> str | None:
    """The organization a definite description refers back to: "the coordination center" after
    "Ukraine's Coordination Headquarters for the Treatment of Prisoners of War", the last one
    named before whose name has the description's modifier."""
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        return None
    modifiers = {c.lower_ for c in head.children if c.dep_ in ("compound", "amod") and c.pos_ in ("NOUN", "ADJ")}
    if not modifiers:
        return None
    return _last_actor_before(ctx, head.idx, lambda a: a.type == "Organization"
                              and not modifiers.isdisjoint(a.name.lower().split()))


def anonymous_source(ctx: ArticleContext, head: Token) -> str | None:
    """The words of an unnamed source ("a source within Russian law enforcement agencies", "a
    senior official", "people familiar with the matter"): the source's text, not an actor."""
    informed = in_lexicon(head, "informant_nouns") and any(in_lexicon(c, "informed_words") for c in head.children)
    if not (head.lower_ in _GENERIC_SOURCES or informed) or ctx.head_actor(head) is not None:
        return None
    return _source_name(ctx, head)


def _subject(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.lower_ != "it"]
    if subjects:
        return _speaker_before(verb, subjects[0]) or subjects[-1]
    if verb.dep_ == "advcl" and verb.i > sentence_of(verb).start and (speaker := _speaker_before(verb, sentence_of(verb)[0])) is not None:
        return speaker  # "... handed to Omani mediators, the Houthi-owned Al Masirah TV reported": a subject read as an apposition
    if verb.tag_ in ("VBD", "VBZ") and verb.lemma_ != "tell" and verb.i > sentence_of(verb).start and (
            verb.nbor(-1).text == "," or verb.nbor(-1).text in _CLOSE_QUOTES):
        # "the bodies of 1,212 soldiers were returned, reported the Coordination Headquarters": the
        # speaker after the verb, which the parser reads as its object (but "..., X told TASS": the addressee)
        inverted = next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")), None)
        if inverted is not None:
            return inverted
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
        return _subject(verb.head)
    return None


def _speaker_before(verb: Token, subject: Token) -> Token | None:
    """In “43 servicemen were freed,” the directorate said (and without the quotes): the parser
    may take the reported words' noun for the subject and hang the speaker on them; the speaker
    is the phrase between the last comma or closing quote and the verb."""
    doc = verb.doc
    marks = [t.i for t in doc[subject.i:verb.i] if t.text == "," or t.text in _CLOSE_QUOTES]
    if not marks or marks[-1] + 1 >= verb.i:
        return None
    phrase = doc[marks[-1] + 1:verb.i]
    root = phrase.root
    inside = all(phrase.start <= t.i < phrase.end for t in root.subtree if not t.is_punct)
    return root if inside and root.pos_ in ("NOUN", "PROPN") and root.i != subject.i else None


def sentence_attribution(ctx: ArticleContext, sent: SpacySpan, previous: Attribution | None) -> Attribution:
    """The sources and reporting mode of one sentence."""
    sources: list[str] = []
    source_text: str | None = None
    cue: Token | None = None
    mode = "asserted"
    lowered = ctx.text_of(sent).lower()

    def add(keys: list[str], at: Token, head: Token | None = None) -> None:
        nonlocal cue, source_text
        if head is not None and keys:
            keys = [*keys, *_spoken_for(ctx, head, keys)]
        for key in keys:
            if key not in sources:
                sources.append(key)
        if not keys and head is not None and source_text is None:
            source_text = anonymous_source(ctx, head)
        if (keys or source_text) and cue is None:
            cue = at

    for token in ctx.tokens_in(sent, "source_prepositions", "relay_verbs", "attribution_verbs"):
        if token.lower_ in terms("source_prepositions"):
            # "according to X", "as per X"
            after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else token
            heads = [c for c in after.children if c.dep_ == "pobj" and after.lower_ == "to"] \
                or [c for c in token.children if c.dep_ == "pobj"]
            for head in heads:
                add(source_of_phrase(ctx, head, previous), token, head)
            mode = "reported"
        elif token.pos_ == "VERB" and in_lexicon(token, "relay_verbs"):
            # "RIA reported, citing the defence ministry": the relayed source is a source too, and
            # so is the relay of "the RBC website cited a lawmaker as saying"
            relays = [c for c in token.children if c.dep_ == "nsubj"]
            # "..., Budanov said, quoted by Ukrainska Pravda": the outlet that relays the words
            relays += [p for agent in token.children if agent.dep_ == "agent" for p in agent.children if p.dep_ == "pobj"]
            for obj in (*relays, *(c for c in token.children if c.dep_ == "dobj")):
                add(source_of_phrase(ctx, obj, previous), token, obj)
                add(_conjuncts(ctx, obj, previous), token)
        elif token.pos_ in ("VERB", "AUX") and in_lexicon(token, "attribution_verbs") \
                and not any(c.dep_ == "neg" for c in token.children):  # "a figure the rebels have not confirmed"
            agents = [c for c in token.children if c.dep_ == "agent"]
            if agents:
                for agent in agents:
                    for pobj in (c for c in agent.children if c.dep_ == "pobj"):
                        add(source_of_phrase(ctx, pobj, previous), token, pobj)
                        add(_conjuncts(ctx, pobj, previous), token)
            elif (subject := _subject(token)) is not None:
                add(source_of_phrase(ctx, subject, previous), token, subject)
                add(_conjuncts(ctx, subject, previous), token)
    words, padded = set(lowered.split()), f" {lowered} "
    if any(cue_word in words or f" {cue_word} " in padded for cue_word in terms("report_cues")):
        mode = "reported"
    if any(f" {w} " in padded for w in terms("estimate_cues") if " " in w) or re.search(r"\bit is (estimated|believed)\b", lowered):
        mode = "estimated"
    if source_text is not None and mode == "asserted":
        mode = "reported"  # what an unnamed source says is reported, not asserted
    if any(t.lower_ in terms("allegation_cues") for t in ctx.tokens_in(sent, "allegation_cues")):
        mode = "alleged"
    span = Span(cue.idx, cue.idx + len(cue.text), cue.text) if cue is not None else None
    return Attribution(sources=sources, source_text=source_text, mode=mode, cue=span)


def _spoken_for(ctx: ArticleContext, head: Token, keys: list[str]) -> list[str]:
    """The body a spokesperson among the sources speaks for, named in the source's phrase: "Majed
    al-Ansari, spokesperson for the Ministry of Foreign Affairs of Qatar", "Qatar foreign ministry
    spokesman Majed al-Ansari" (credited with the person, as a relayed source)."""
    if not any(ctx.actors.get(k).type == "Person" for k in keys if k in ctx.actors):
        return []
    phrase = [t for node in (head, *(c for c in head.children if c.dep_ == "appos")) for t in node.subtree]
    if not any(in_lexicon(t, "spokesperson_nouns") for t in phrase):
        return []
    return [k for k in dict.fromkeys(ctx.keys_in(phrase)) if k not in keys and ctx.actors.get(k).type == "Organization"]


def _conjuncts(ctx: ArticleContext, head: Token, previous: Attribution | None) -> list[str]:
    keys: list[str] = []
    for conj in head.conjuncts:
        keys.extend(source_of_phrase(ctx, conj, previous))
    return keys


def article_attributions(ctx: ArticleContext) -> list[Attribution]:
    """One attribution per sentence, each able to refer back to the last one with sources."""
    result: list[Attribution] = []
    previous: Attribution | None = None
    for index, sent in enumerate(ctx.sents):
        attribution = sentence_attribution(ctx, sent, previous)
        result.append(attribution)
        if attribution.sources:
            previous = attribution
        if index and (attribution.sources or attribution.source_text) and not (
                result[index - 1].sources or result[index - 1].source_text) and _reports_back(ctx, sent):
            # "1,003 bodies were returned. The Coordination Headquarters reported this."
            result[index - 1] = _copy(attribution)
    _attribute_source_lines(ctx, result)
    _attribute_quoted_runs(ctx, result)
    _attribute_listed_statements(ctx, result)
    return result


def _attribute_listed_statements(ctx: ArticleContext, result: list[Attribution]) -> None:
    """"Here are the main statements made by the head of the delegation X:" and a list of lines
    after it: each line, up to the next paragraph, is X's word."""
    for index, sent in enumerate(ctx.sents):
        if not ctx.text_of(sent).rstrip().endswith(":") or not ctx.sentence_has(sent, "statement_nouns"):
            continue
        named = [k for k in ctx.keys_in(sent) if ctx.actors.get(k).type in ("Person", "Media", "Organization")]
        if not named:
            continue
        for after in range(index + 1, len(ctx.sents)):
            if result[after].sources or "\n\n" in ctx.doc.text[ctx.sents[after - 1].start_char:ctx.sents[after].start_char + 1]:
                break
            result[after] = Attribution(sources=list(named), source_text=None, mode="reported", cue=None)


def _attribute_source_lines(ctx: ArticleContext, result: list[Attribution]) -> None:
    """"Source: Umierov's statement after talks in Istanbul, news agency RIA Novosti": a line
    that labels the sources of the lead before it (a convention of some outlets); the people,
    bodies and outlets it names are that lead's sources."""
    for index, sent in enumerate(ctx.sents):
        if index == 0 or not ctx.sentence_has(sent, "source_line_labels"):
            continue
        tokens = [t for t in sent if not t.is_space]
        if len(tokens) < 3 or not in_lexicon(tokens[0], "source_line_labels") or tokens[1].text != ":":
            continue
        named = [k for k in ctx.keys_in(tokens[2:]) if ctx.actors.get(k).type in ("Person", "Media", "Organization")]
        lead = next((i for i in range(index - 1, -1, -1) if ctx.text_of(ctx.sents[i]).strip()), None)
        if named and lead is not None:
            sources = list(dict.fromkeys((*result[lead].sources, *named)))
            result[lead] = Attribution(sources=sources, source_text=result[lead].source_text, mode=result[lead].mode,
                                       cue=result[lead].cue)


_OPEN_QUOTES, _CLOSE_QUOTES = ("“", '"'), ("”", '"')
QUOTE_RUN = 6  # sentences a quotation may run over before the one that names its speaker


def _attribute_quoted_runs(ctx: ArticleContext, result: list[Attribution]) -> None:
    """“S1. S2. S3,” Yermak wrote: every sentence of a quotation is its speaker's, not only the
    last one, which names them."""
    raw = [ctx.text_of(sent) for sent in ctx.sents]
    texts = [text.strip() for text in raw]
    for start, text in enumerate(texts):
        if not text.startswith(_OPEN_QUOTES) or _closes(text[1:]) or result[start].sources:
            continue
        for end in range(start + 1, min(start + QUOTE_RUN, len(texts))):
            if texts[end].startswith(_OPEN_QUOTES):
                break
            if _closes(texts[end]):
                if result[end].sources and result[end].cue is not None \
                        and result[end].cue.start > ctx.sents[end].start_char + _closing_at(raw[end]):
                    for inside in range(start, end):
                        if not result[inside].sources:
                            result[inside] = _copy(result[end])
                break


def _closes(text: str) -> bool:
    return "”" in text or text.count('"') % 2 == 1


def _closing_at(text: str) -> int:
    return max(text.rfind(quote) for quote in _CLOSE_QUOTES)


def _copy(attribution: Attribution) -> Attribution:
    return Attribution(list(attribution.sources), attribution.source_text, attribution.mode, attribution.cue)


def _reports_back(ctx: ArticleContext, sent: SpacySpan) -> bool:
    """A sentence whose reporting verb points back at the one before: "X reported this", "This
    was announced by X", "About this reported X"."""
    for verb in ctx.tokens_in(sent, "attribution_verbs"):
        for child in verb.children:
            if child.dep_ in ("dobj", "nsubjpass") and in_lexicon(child, "back_reference_words"):
                return True
            if child.dep_ == "prep" and any(p.dep_ == "pobj" and in_lexicon(p, "back_reference_words") for p in child.children):
                return True
    return False
