"""Offices and roles bound to people: "Turkish Foreign Minister Hakan Fidan", "Kremlin
spokesperson Dmitry Peskov", "Vladimir Medinsky, a senior advisor to Russian President Vladimir
Putin", "the head of the Ukrainian delegation, Rustem Umerov", "X led the Russian delegation",
"X, who heads the Russian negotiating team"."""

from __future__ import annotations

from spacy.tokens import Doc, Span as SpacySpan, Token

from ..facts import Role
from .context import ArticleContext
from .lexicon import role_phrases, terms, title_words
from .syntax import entity_of, speaker_of_pronoun
from .tokens import in_lexicon, path_to_root, sentence_of

_DELEGATION = terms("delegation_team_nouns")
_LED_GROUPS = (*_DELEGATION, "side", "delegations")  # what "was led by X" can be said of
_LEAD_VERBS = terms("lead_verbs")
_COUNTERPARTS = terms("counterpart_nouns")


def _role_in_words(words: list[str]) -> str | None:
    """The normalised role of the longest title phrase ending ``words``."""
    lowered = [w.lower() for w in words]
    for phrase, role in role_phrases():
        if len(phrase) <= len(lowered) and tuple(lowered[-len(phrase):]) == phrase:
            return role
    return None


def _appositives(root: Token) -> list[Token]:
    """The appositions that describe a name: its own, less one after a name joined to it ("A and B,
    the US envoy": the parser hangs the envoy on A), plus such a one when the name is that B."""
    last = max((c.i for c in root.children if c.dep_ == "conj"), default=root.i)
    own = [c for c in root.children if c.dep_ == "appos" and not root.i < last < c.i]
    if root.dep_ == "conj" and root.i == max(c.i for c in root.head.children if c.dep_ == "conj"):
        own += [c for c in root.head.children if c.dep_ == "appos" and c.i > root.i]
    return own


def _premodifier_roles(ctx: ArticleContext, first: Token) -> tuple[list[str], str | None]:
    """The titles written just before a name, and whose they are: "[Turkish|Ukraine's|Kremlin]
    Foreign Minister <name>", "Ukraine's lead negotiator and Defence Minister <name>" (two)."""
    doc, vocabulary = first.doc, title_words()
    i, words, of, start, earlier = first.i - 1, [], None, sentence_of(first).start, []
    while i >= start:
        token = doc[i]
        low = token.lower_
        if not words and token.is_title and (title := _portfolio_title(doc, i, start)) is not None:
            i = title  # "Israeli Minister of Strategic Affairs <name>": the title before the portfolio
            continue
        if low in vocabulary or low in terms("title_modifiers"):
            words.insert(0, token.text)
        elif low == "and" and words and i > start and doc[i - 1].lower_ in vocabulary:
            earlier.append(words)  # "lead negotiator and Defence Minister": a title before the title
            words = []
        elif low in ("'s", "’s") or (not words and low.rstrip(".") in terms("honorifics")):
            pass  # "Prime Minister Sheikh <name>": the honorific between title and name

        elif (key := ctx.key_at_token(token)) is not None and ctx.actors.get(key).type in ("State", "Organization"):
            of = ctx.state_of(key) if ctx.actors.get(key).type == "Organization" and ctx.is_state_body(key) else key
            if not words:  # "the Deputy Prime Minister of the Republic of Armenia <name>"
                words = _title_before_of(ctx, token, key)
            break
        else:
            break
        i -= 1
    roles = [_role_in_words([w for w in title if w.lower() not in terms("title_qualifiers")])
             for title in (*earlier, words) if "former" not in (w.lower() for w in title)]
    return [role for role in roles if role is not None], of


def _portfolio_title(doc: Doc, i: int, start: int) -> int | None:
    """The position of the title word before "of <Portfolio>" that ends at ``i`` ("Minister of
    Strategic Affairs"), when the words back to "of" are capitalised and not all title words; else None."""
    j, start = i, max(start, i - 6)  # a portfolio is a few words: the scan stays short in a long title-case line
    while j > start and (doc[j].is_title or doc[j].lower_ in ("and", "&")) and doc[j].lower_ != "of":
        j -= 1
    # not "Minister of Foreign Affairs" (a title of its own) nor "the office of Armenian Prime Minister" (a title after "of")
    portfolio = doc[j + 1:i + 1]
    known = all(t.lower_ in title_words() for t in portfolio) or any(t.lower_ in terms("title_heads") for t in portfolio)
    return j - 1 if j > start and doc[j].lower_ == "of" and doc[j - 1].lower_ in title_words() and not known else None


def _title_before_of(ctx: ArticleContext, last: Token, key: str) -> list[str]:
    """The title words of "<title> of [the] [Republic of] <actor>", the actor's mention ending at ``last``."""
    doc, vocabulary, start = last.doc, title_words(), sentence_of(last).start
    entity = entity_of(last)  # "the Republic of Armenia": from the start of the whole name
    i = entity.start if entity is not None else last.i
    while i > start and ctx.key_at_token(doc[i - 1]) == key:
        i -= 1
    i -= 1
    if i > start and doc[i].lower_ == "the":
        i -= 1
    while i - 2 > start and doc[i].lower_ == "of" and in_lexicon(doc[i - 1], "state_form_nouns"):
        i -= 2  # "of the Republic of" (NER may leave the state's form out of its name)
        if doc[i].lower_ == "the":
            i -= 1
    if i <= start or doc[i].lower_ != "of":
        return []
    words = []
    for token in reversed(doc[start:i]):
        if token.lower_ not in vocabulary and token.lower_ not in terms("title_modifiers"):
            break
        words.insert(0, token.text)
    return words


def _delegation_party(ctx: ArticleContext, phrase_head: Token) -> str | None:
    for token in phrase_head.subtree:
        if token.lower_ in _LED_GROUPS:
            members = [p for prep in token.children if prep.dep_ == "prep" and prep.lower_ == "of"
                       for p in prep.children if p.dep_ == "pobj"]  # "a delegation of senior Hamas officials"
            keys = [ctx.state_of(k) for k in ctx.keys_in(c for head in (token, *members) for c in head.subtree if c.i <= head.i)]
            keys = [k for k in keys if k]
            if keys:
                return keys[0]
            if token.dep_ == "dobj" and in_lexicon(token.head, "sending_verbs"):
                # "Israel has dispatched a delegation, led by X": the sender's delegation
                senders = [ctx.state_of(ctx.head_actor(c)) for c in token.head.children if c.dep_ == "nsubj"]
                if senders and senders[0]:
                    return senders[0]
    return None


def _negotiating_for(ctx: ArticleContext, verb: Token) -> str | None:
    """The side a person negotiates for: "X is negotiating on behalf of Addis Ababa"."""
    if not in_lexicon(verb, "negotiating_verbs"):
        return None
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("on", "for")):
        behalf = next((p for p in prep.children if p.dep_ == "pobj"), None)
        if behalf is not None and behalf.lower_ == "behalf":
            behalf = next((p for q in behalf.children if q.dep_ == "prep" and q.lower_ == "of" for p in q.children if p.dep_ == "pobj"), None)
        if behalf is not None and (key := ctx.state_of(ctx.head_actor(behalf))):
            return key
    return None


def _represented_at_talks(ctx: ArticleContext, verb: Token) -> str | None:
    """The side of "represents the government in the negotiations": whom a person speaks for at talks."""
    if not in_lexicon(verb, "representing_verbs") or not any(
            p.dep_ == "prep" and p.lower_ in ("in", "at") and any(in_lexicon(o, "talks_core_nouns") for o in p.children)
            for p in verb.children):
        return None
    return next((key for o in verb.children if o.dep_ == "dobj" and (key := ctx.state_of(ctx.head_actor(o)))), None)


def _appositive_roles(ctx: ArticleContext, head: Token) -> list[tuple[str, str | None]]:
    """Roles of a title phrase headed by ``head`` ("the head of the Russian delegation",
    "a senior advisor to Russian President Vladimir Putin")."""
    found = []
    for phrase in (head, *head.conjuncts):
        if phrase.lower_ == "head" and any(t.lower_ in _DELEGATION for t in phrase.subtree):
            found.append(("head of delegation", _delegation_party(ctx, phrase)))
            continue
        left = [t.text for t in phrase.lefts if t.dep_ in ("compound", "amod")] + [phrase.text]
        role = _role_in_words(left)
        if role is None:
            continue
        of = None
        for child in phrase.children:
            if child.dep_ == "prep" and child.lower_ in ("to", "of", "for"):
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    key = ctx.head_actor(pobj) or next(iter(ctx.keys_in(pobj.subtree)), None)
                    if key:
                        of = key if ctx.actors.get(key).type != "Organization" else (ctx.state_of(key) or key)
        if of is None:
            for child in phrase.lefts:
                # "The Taliban released photographs showing their foreign minister": whose title it is
                key = ctx.key_at_token(speaker_of_pronoun(child) if child.dep_ == "poss" and child.pos_ == "PRON" else child)
                if key and ctx.actors.get(key).type in ("State", "Organization"):
                    of = ctx.state_of(key) or key
                elif key and child.dep_ == "poss" and ctx.actors.get(key).type == "Person":
                    of = key  # "Trump's envoy": the envoy of a person
        found.append((role, of))
    return found


def _name_of_state(ctx: ArticleContext, name: Token) -> str | None:
    """The state a titled name is said to be of: "Foreign Minister <name> of Azerbaijan"."""
    for pobj in (p for prep in name.children if prep.dep_ == "prep" and prep.lower_ == "of"
                 for p in prep.children if p.dep_ == "pobj"):
        if (key := ctx.head_actor(pobj)) is not None and ctx.actors.get(key).type == "State":
            return key
    return None


def _title_above(appositive: Token) -> list[Token]:
    """The title noun a name stands in apposition to, also when the parser attached the name to
    a noun inside the title ("The head of the Ukrainian delegation in Istanbul, <name>")."""
    node = appositive.head
    for _ in range(5):
        if node.pos_ in ("NOUN", "PROPN") and (node.lower_ == "head" or _role_in_words([node.text])):
            return [node]
        if node.head.i == node.i:
            break
        node = node.head
    return []


def _title_before_comma(name: SpacySpan) -> Token | None:
    """The title phrase that ends at the comma right before a name ("the head of the Russian
    delegation, <name>"): its title noun, whose phrase the comma closes."""
    doc = name.doc
    if name.start < 2 or doc[name.start - 1].text != ",":
        return None
    before = doc[name.start - 2]
    titles = _title_above(before) or ([before] if before.lower_ == "head" else [])
    return titles[0] if titles and titles[0].right_edge.i == before.i else None


def _counterpart_state(ctx: ArticleContext, counterpart: Token) -> str | None:
    """The state of "his Armenian counterpart": the counterpart's own demonym, never the state
    of the official it is the counterpart of."""
    for child in counterpart.children:
        if child.dep_ in ("amod", "compound", "poss") and (key := ctx.state_of(ctx.key_at_token(child))):
            return key
    return None


def _gapped_group(name: Token) -> Token | None:
    """The delegation a name leads in a gapped clause: "... was led by A and the Ukrainian
    side by B" (B hangs from "by" under "side", a conjunct of the first clause, or stands in
    apposition to a title there)."""
    if name.dep_ == "appos" and name.head.dep_ == "pobj":
        name = name.head  # "... and the Armenian side by his counterpart <name>"
    prep = name.head
    if name.dep_ != "pobj" or prep.lower_ != "by" or prep.dep_ != "prep":
        return None
    group = prep.head
    if group.lower_ not in _LED_GROUPS or group.dep_ != "conj":
        return None
    for node in path_to_root(group)[1:6]:
        if node.lemma_ in _LEAD_VERBS:
            return group
    return None


def extract_roles(ctx: ArticleContext) -> list[Role]:
    """Roles of every person the article names, each with the sentence that states it."""
    roles: list[Role] = []
    seen: set[tuple[str, str, str | None]] = set()

    def add(person: str, role: str, of: str | None, sent) -> None:
        if of == person or (person, role, of) in seen:
            return
        if of is None and any(r.person == person and r.role == role for r in roles):
            return
        seen.add((person, role, of))
        roles.append(Role(person=person, role=role, of=of, evidence=ctx.span(sent)))

    for actor in ctx.actors.actors:
        if actor.type != "Person":
            continue
        for mention in actor.mentions:
            span = ctx.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
            if span is None:
                continue
            sent, root = span.sent, span.root
            titles, of = _premodifier_roles(ctx, span[0])
            for role in titles:
                add(actor.key, role, of or _name_of_state(ctx, root), sent)
            for child in _appositives(root):
                for role, of in _appositive_roles(ctx, child):
                    add(actor.key, role, of, sent)
            if root.dep_ == "appos":
                # "his Armenian counterpart <name>", however the parser attached the name
                counterpart = next((t for t in (root.head, span[0].nbor(-1) if span.start else span[0])
                                    if t.lower_ in _COUNTERPARTS), None)
                titles = _title_above(root)
                for title in titles:
                    for role, of in _appositive_roles(ctx, title):
                        add(actor.key, role, _counterpart_state(ctx, counterpart) if counterpart else of, sent)
                if counterpart is not None and not titles and (state := _counterpart_state(ctx, counterpart)):
                    add(actor.key, "counterpart", state, sent)  # "met with his Azerbaijani counterpart X"
            if root.dep_ != "appos" and (title := _title_before_comma(span)) is not None:
                # "according to the head of the Russian delegation, <name>", the name parsed apart from the title
                for role, of in _appositive_roles(ctx, title):
                    add(actor.key, role, of, sent)
            described = [root, *(c for c in root.children if c.dep_ == "appos")]
            for clause in (k for d in described for c in d.children if c.dep_ == "relcl" for k in (c, *c.conjuncts)):
                if (represented := _represented_at_talks(ctx, clause)) is not None:
                    add(actor.key, "head of delegation", represented, sent)  # "<name>, who represents the government in the talks"
            for clause in (c for d in described for c in d.children if c.lemma_ in _LEAD_VERBS and (c.dep_ == "relcl" or (
                    c.dep_ == "conj" and any(s.dep_ == "nsubj" and s.tag_ == "WP" for s in c.children)))):
                # "<name>, who heads the Russian negotiating team", "<name>, the aide who led the Russian side",
                # "<name>, security adviser and who led the delegation" (the parser joins the clause to the name)
                for obj in (c for c in clause.children if c.dep_ == "dobj" and c.lower_ in _LED_GROUPS):
                    add(actor.key, "head of delegation", _delegation_party(ctx, obj), sent)
            if root.dep_ == "nsubj":  # "<name> arrived as the head of the Saudi delegation", "serves as foreign minister"
                for title in (t for prep in root.head.children if prep.dep_ == "prep" and prep.lower_ == "as"
                              for t in prep.children if t.dep_ == "pobj"):
                    for role, of in _appositive_roles(ctx, title):
                        add(actor.key, role, of, sent)
            if root.dep_ == "attr" and root.head.lemma_ == "be":  # "the head of the ELN delegation will be <name>"
                for subject in (c for c in root.head.children if c.dep_ == "nsubj"):
                    for role, of in _appositive_roles(ctx, subject):
                        add(actor.key, role, of, sent)
            subject = root.head if root.dep_ == "appos" and root.head.dep_ == "nsubj" else root  # "the adviser <name> is negotiating"
            if subject.dep_ == "nsubj" and (represented := _negotiating_for(ctx, subject.head)):
                add(actor.key, "head of delegation", represented, sent)  # "<name> is negotiating on behalf of Addis Ababa"
            if root.dep_ == "nsubj" and root.head.lemma_ in _LEAD_VERBS:
                for obj in (c for c in root.head.children if c.dep_ == "dobj" and c.lower_ in _DELEGATION):
                    add(actor.key, "head of delegation", _delegation_party(ctx, obj), sent)
            titled = root.head if root.dep_ == "appos" and root.head.dep_ == "pobj" else root  # "by his counterpart X"
            if titled.dep_ == "pobj" and titled.head.dep_ == "agent" and titled.head.head.lemma_ in _LEAD_VERBS:
                verb = titled.head.head
                led = [c for c in verb.children if c.dep_ == "nsubjpass" and c.lower_ in _LED_GROUPS]
                if verb.head.lower_ in _LED_GROUPS:
                    led.append(verb.head)
                elif verb.head.dep_ == "pobj" and verb.head.head.lower_ == "of" and verb.head.head.head.lower_ in _LED_GROUPS:
                    led.append(verb.head.head.head)  # "a delegation of senior Hamas officials led by X"
                before = [t for t in sent if t.i < titled.head.i and t.lower_ in _LED_GROUPS]
                if before and sum(c.dep_ == "agent" for c in verb.children) > 1:
                    led = before[-1:]  # "led by A and the Ukrainian side by B": each group its own agent
                for delegation in led:
                    add(actor.key, "head of delegation", _delegation_party(ctx, delegation), sent)
            if (gapped := _gapped_group(root)) is not None:
                add(actor.key, "head of delegation", _delegation_party(ctx, gapped), sent)
    states = person_states(ctx, roles)
    for role in roles:
        if role.role == "head of delegation" and role.of is None and role.person in states:
            role.of = states[role.person]
    return roles


def person_states(ctx: ArticleContext, roles: list[Role]) -> dict[str, str]:
    """Person key -> the state their first role is of ("Turkish Foreign Minister Hakan Fidan"), or
    the state of the known person their role is of ("Trump's envoy"), or, when the article gives
    them none, the state the gazetteer says they act for."""
    states: dict[str, str] = {}
    for role in roles:
        if role.of and role.person not in states and role.role != "advisor":
            actor = ctx.actors.get(role.of) if role.of in ctx.actors else None
            if actor is not None and actor.type == "State":
                states[role.person] = role.of
            elif actor is not None and actor.type == "Person" and (state := ctx.known_state_of(role.of)):
                states[role.person] = state  # "Trump's envoy" acts for Trump's state
            elif actor is not None and actor.type == "Organization" and not ctx.is_state_body(role.of) \
                    and role.of not in terms("neutral_intermediaries"):
                states[role.person] = role.of  # "the Taliban's foreign minister" acts for the Taliban
    for actor in ctx.actors.actors:
        if actor.type == "Person" and actor.key not in states and (state := ctx.known_state_of(actor.key)):
            states[actor.key] = state
    return states
