"""What every event extractor needs about one parsed article: sentences, actor lookups by
token, the sides of the conflict, and spans for evidence."""

from __future__ import annotations

import copy
from bisect import bisect_left
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from spacy.tokens import Doc, Span as SpacySpan, Token

from ..corpus import Document
from ..facts import Span
from .actors import ActorIndex
from .conflict_sides import armed_group_words, conflict_places, governed_states
from .furniture import dateline_ends
from .lexicon import matcher, matcher_anchor_words, pattern_label, terms
from .numbers import is_number_word
from .patterns import PatternMatch, find_patterns, pattern_record
from .tokens import doc_forms, doc_sentences, doc_tokens, in_lexicon


_BACKER = re.compile(r"\w+[-–](?:" + "|".join(terms("backing_participles")) + r")\b", re.IGNORECASE)


class ArticleContext:
    """A parsed article with its actors, plus the lookups extractors share.

    What earlier passes found about the article (the states of people, the actors that are not
    sides, the sides seen releasing people) is given, never changed: a pass that learns more
    returns it, and the next pass gets a context made with :meth:`evolve`.
    """

    def __init__(self, doc: Doc, actors: ActorIndex, document: Document,
                 person_states: Mapping[str, str] = MappingProxyType({}),
                 non_sides: frozenset[str] = frozenset(),
                 explicit_sides: Mapping[str, int] = MappingProxyType({})):
        self.doc = doc
        self.actors = actors
        self.document = document
        self.person_states = MappingProxyType(dict(person_states))  # person key -> state key, from roles
        self.non_sides = frozenset(non_sides)  # intermediaries, hosts, transit countries, sources
        self.explicit_sides = MappingProxyType(dict(explicit_sides))  # actors seen releasing people
        self.sents: list[SpacySpan] = list(doc_sentences(doc))
        self.tokens: list[Token] = list(doc_tokens(doc))  # made once: spaCy builds a new Token at every doc[i]
        self.ents: list[SpacySpan] = list(doc.ents)  # made once: doc.ents and span.ents rebuild them
        self._ent_starts = [ent.start for ent in self.ents]
        self._forms = doc_forms(doc)
        self._where: dict[str, list[int]] = {}  # form or lemma -> its token positions
        for i, (form, lemma) in enumerate(self._forms):
            self._where.setdefault(form, []).append(i)
            if lemma != form:
                self._where.setdefault(lemma, []).append(i)
        self._positions: dict[tuple[str, ...], list[int]] = {}  # memo of the tokens of lexicons
        self._numbers = [i for i, (form, _) in enumerate(self._forms) if is_number_word(form)]
        self._dateline_tokens = frozenset(i for sent, end in zip(self.sents, dateline_ends(doc)) for i in range(sent.start, end))
        self._sentence_words: dict[int, set[str]] = {}  # memo of sentence_has
        self._government: str | None = None  # "" once looked up and not found
        self._war_places: set[str] | None = None  # memo of war_places
        self._armed_groups: dict[str, set[str]] | None = None  # armed group -> the words of its names
        self._by_name_head: dict[str, list[tuple[int, str]]] | None = None  # head word -> (first mention, organisation)
        self._patterns: dict[tuple[str, int], list[PatternMatch]] = {}  # memo of patterns_in
        self._matches: dict[int, list[tuple[str, int, int]]] = {}  # memo of matches_in, by sentence start

    def evolve(self, **found) -> ArticleContext:
        """The same article with what a pass found (``person_states``, ``non_sides`` or
        ``explicit_sides``) replaced; lookups already computed are kept."""
        evolved = copy.copy(self)
        for name, value in found.items():
            if name not in ("person_states", "non_sides", "explicit_sides"):
                raise TypeError(f"ArticleContext.evolve() got an unexpected field {name!r}")
            evolved.__dict__[name] = frozenset(value) if name == "non_sides" else MappingProxyType(dict(value))
        return evolved

    def dates_of(self, sent: SpacySpan) -> list[SpacySpan]:
        """The sentence's date phrases that can be an event's day: without what a byline or
        dateline says ("Jane Doe, Gulf Daily, May 3, 2024 Yesterday ...": "Yesterday"), nor the
        start of a period ("talks held since March 5")."""
        dates = []
        for ent in self.ents_of(sent):
            if ent.label_ == "DATE" and not (ent.root.dep_ == "pobj" and ent.root.head.lower_ == "since") \
                    and not _names_by_date(ent):
                start = next((t.i for t in ent if t.i not in self._dateline_tokens), None)
                if start is not None:
                    dates.append(ent if start == ent.start else self.doc[start:ent.end])
        return dates

    def sentence_has(self, sent: SpacySpan, name: str) -> bool:
        """True when a word of the named lexicon occurs in the sentence (by form or lemma)."""
        return not self._words_of(sent).isdisjoint(terms(name))

    def _words_of(self, sent: SpacySpan) -> set[str]:
        """The sentence's words, lower-cased forms and lemmas (kept once computed)."""
        words = self._sentence_words.get(sent.start)
        if words is None:
            words = self._sentence_words[sent.start] = {w for forms in self._forms[sent.start:sent.end] for w in forms}
        return words

    def lower_words(self, sent: SpacySpan) -> set[str]:
        """The sentence's lower-case word forms (lemmas left out)."""
        return {form for form, _ in self._forms[sent.start:sent.end]}

    def tokens_of(self, sent: SpacySpan) -> list[Token]:
        """The sentence's tokens (the article's, made once)."""
        return self.tokens[sent.start:sent.end]

    def tokens_in(self, sent: SpacySpan, *lexicons: str) -> list[Token]:
        """The sentence's tokens whose form or lemma is in one of the named lexicons, in text
        order: what a pass looking for trigger words visits, instead of every token."""
        positions = self._lexicon_positions(lexicons)
        return [self.tokens[i] for i in positions[bisect_left(positions, sent.start):bisect_left(positions, sent.end)]]

    def ents_of(self, sent: SpacySpan) -> list[SpacySpan]:
        """The named entities within a sentence."""
        return [ent for ent in self.ents[bisect_left(self._ent_starts, sent.start):bisect_left(self._ent_starts, sent.end)]
                if ent.end <= sent.end]

    def number_tokens(self, sent: SpacySpan) -> list[Token]:
        """The sentence's number tokens (digits, number words), in text order."""
        return [self.tokens[i] for i in self._numbers[bisect_left(self._numbers, sent.start):bisect_left(self._numbers, sent.end)]]

    def _lexicon_positions(self, names: tuple[str, ...]) -> list[int]:
        """The article's tokens whose form or lemma is in one of the named lexicons, in text order (kept once found)."""
        positions = self._positions.get(names)
        if positions is None:
            where = self._where
            positions = self._positions[names] = sorted({i for name in names for word in terms(name) if word in where
                                                         for i in where[word]})
        return positions

    def patterns_in(self, sent: SpacySpan, fact_type: str) -> list[PatternMatch]:
        """Matches of the dependency patterns of ``nlp/patterns/<fact_type>.jsonl`` in a
        sentence (searched only when it has the words some pattern asks for; kept once found)."""
        key = (fact_type, sent.start)
        if key not in self._patterns:
            found = find_patterns(sent, fact_type, self._words_of(sent))
            self._patterns[key] = [m for m in found if (needed := pattern_record(fact_type, m.pattern).get("sentence_has"))
                                   is None or self.sentence_has(sent, needed)]
        return self._patterns[key]

    def matches_in(self, sent: SpacySpan) -> list[tuple[str, int, int]]:
        """Matches of the pattern Matcher within a sentence, as (label, start, end) in document
        token offsets (searched once, and only in sentences holding a word the patterns need)."""
        found = self._matches.get(sent.start)
        if found is None:
            anchors = matcher_anchor_words()
            found = []
            if anchors is None or not self._words_of(sent).isdisjoint(anchors):
                vocab = self.doc.vocab
                found = [(pattern_label(vocab.strings[match_id]), sent.start + start, sent.start + end)
                         for match_id, start, end in matcher(vocab)(sent)]
            self._matches[sent.start] = found
        return found

    def in_dateline(self, token: Token) -> bool:
        """``token`` is part of its sentence's dateline ("ABU DHABI —", "NAIROBI, Kenya (AP) —")."""
        return token.i in self._dateline_tokens

    # ------------------------------------------------------------ actors at tokens

    def key_at_token(self, token: Token) -> str | None:
        """The actor mentioned at ``token`` (a name, alias or demonym the index knows); a bare
        "government" is the state whose government the article names."""
        key = self.actors.key_at(token.idx, token.idx + len(token.text))
        if key is None and token.i in self._dateline_tokens:
            return None  # "NAIROBI, Kenya (AP) —": where the story was filed
        if key is None and (token.ent_type_ in ("NORP", "GPE") or token.text[:1].isupper()):
            key = self.actors.resolve(token.text) if token.text[:1].isupper() else None
        if key is None and in_lexicon(token, "government_nouns"):
            key = self.government()
        if key is None and in_lexicon(token, "armed_group_anaphora") and not self._named_group_before(token):
            key = self.armed_group(token.lower_)  # "peace talks with the insurgents", but "Abu Sayyaf militants" are named
        if key is None and in_lexicon(token, "bare_force_nouns") and not any(
                c.dep_ in ("amod", "compound", "poss", "nmod", "nummod") for c in token.children):
            key = self.armed_group()  # "the forces in control of the region", not "Israeli forces"
        if key is None and in_lexicon(token, "institution_anaphora_nouns"):
            key = self._institution_named_before(token)
        return key

    def _institution_named_before(self, noun: Token) -> str | None:
        """"according to the headquarters", "the ministry said": the one organisation named
        before whose name has that word, when the noun has only its article."""
        if noun.pos_ != "NOUN" or not noun.is_lower or any(c.dep_ != "det" for c in noun.lefts) or not any(
                c.dep_ == "det" and c.lower_ == "the" for c in noun.children):
            return None
        named = [actor.key for actor in self.actors.actors if actor.type == "Organization"
                 and noun.lower_ in actor.name.lower().split() and actor.mentions and actor.mentions[0].span.start < noun.idx]
        return named[0] if len(named) == 1 else None

    def _named_group_before(self, noun: Token) -> bool:
        """"Abu Sayyaf militants": an organisation named before the group noun (not a demonym,
        "Palestinian militants", which is the article's group)."""
        keys = (self.actors.key_at(c.idx, c.idx + len(c.text)) for c in noun.children if c.dep_ in ("compound", "poss"))
        return any(key and self.actors.get(key).type == "Organization" for key in keys)

    def armed_group(self, word: str | None = None) -> str | None:
        """The one armed group the article names (a non-state organisation whose name or alias
        says what it is: "National Liberation Army", "Rapid Support Forces"); None when it names
        none or several, unless ``word`` (the anaphor: "the rebels") is in the name of one of them
        only ("Houthi rebels" beside Hamas's "Islamic Resistance Movement")."""
        if self._armed_groups is None:
            self._armed_groups = armed_group_words(self)
        groups = list(self._armed_groups)
        if len(groups) > 1 and word is not None:
            groups = [key for key in groups if word in self._armed_groups[key]]
        return groups[0] if len(groups) == 1 else None

    def government(self) -> str | None:
        """The one state the article names a government of ("Yemen's government", "the Yemeni
        government", "the government of Yemen", else "the war in Yemen"); None when it names none
        or several."""
        if self._government is None:
            states = governed_states(self)
            self._government = next(iter(states)) if len(states) == 1 else ""
        return self._government or None

    def war_places(self) -> set[str]:
        """The states the war is said to be in ("the conflict in Sudan"), found once per article."""
        if self._war_places is None:
            self._war_places = conflict_places(self, ("conflict_nouns",))
        return self._war_places

    def tokens_with(self, word: str) -> list[Token]:
        """The article's tokens whose lower-case form or lemma is ``word``, in text order."""
        return [self.tokens[i] for i in self._where.get(word, ())]

    def keys_in(self, tokens: Iterable[Token]) -> list[str]:
        """Actors mentioned within these tokens, in text order, without repeats."""
        seen: list[str] = []
        for token in sorted(tokens, key=lambda t: t.i):
            key = self.key_at_token(token)
            if key and key not in seen:
                seen.append(key)
        return seen

    def head_actor(self, token: Token) -> str | None:
        """The actor a noun phrase headed by ``token`` names: the head itself, its compound
        name parts, a possessor ("Kyiv's delegation") or a demonym modifier ("the Russian side")."""
        key = self.key_at_token(token)
        if key:
            return key
        found = [(child.dep_, key) for child in token.children
                 if child.dep_ in ("compound", "poss", "amod", "nmod") and (key := self.key_at_token(child))]
        # "Colombia's ELN rebels": the group named beside the noun, not the country around it
        named_group = [key for dep, key in found if dep == "compound" and self.actors.get(key).type == "Organization"]
        if named_group:
            return named_group[0]
        for dep, key in found:
            if dep == "poss" and (body := self.state_body(key, token)):
                return body
        if found and in_lexicon(token, "generic_group_nouns") and self.actors.get(found[0][1]).type == "State" \
                and (group := self.armed_group()) is not None:
            return group  # "the Palestinian group" in a story of one armed group: that group, not a state
        if not found and in_lexicon(token, "generic_group_nouns") and token.tag_ == "NN" and any(
                c.dep_ == "det" and c.lower_ in ("the", "this") for c in token.children) and any(
                c.dep_ in ("amod", "compound") and in_lexicon(c, "armed_description_words") for c in token.children):
            return self.armed_group()  # "the terror group freed 100 people": the article's one armed group (not "armed groups")
        if not found and in_lexicon(token, "administration_nouns"):  # "the administration of Nayib Bukele"
            found = [("of", key) for prep in token.children if prep.dep_ == "prep" and prep.lower_ == "of"
                     for pobj in prep.children if pobj.dep_ == "pobj" and (key := self.key_at_token(pobj))]
        return found[0][1] if found else self._state_of_office(token) or self._named_by_its_head(token)

    def _named_by_its_head(self, noun: Token) -> str | None:
        """"the coalition" after "the Saudi-led coalition": the one organisation named before with this head word."""
        if noun.tag_ != "NN" or in_lexicon(noun, "institution_nouns") or any(c.dep_ in ("amod", "compound", "poss") for c in noun.children) \
                or not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children):
            return None
        if self._by_name_head is None:  # once per article, not a scan of its mentions at every noun
            self._by_name_head = {}
            for actor in (a for a in self.actors.actors if a.type == "Organization" and a.mentions):
                self._by_name_head.setdefault(_name_head(actor.name), []).append((min(m.span.start for m in actor.mentions), actor.key))
        keys = {key for first, key in self._by_name_head.get(noun.lower_, ()) if first < noun.idx}
        return keys.pop() if len(keys) == 1 else None

    def _state_of_office(self, title: Token) -> str | None:
        """The state whose office an untagged title names: "the President of Azerbaijan", "the president of Belarus X"."""
        if not in_lexicon(title, "title_heads"):
            return None
        for place in (o for prep in title.children if prep.dep_ == "prep" and prep.lower_ == "of"
                      for o in prep.children if o.dep_ == "pobj"):
            inner = [o for prep in place.children if prep.dep_ == "prep" and prep.lower_ == "of"
                     for o in prep.children if o.dep_ == "pobj"]
            inner += [c for c in place.children if c.dep_ == "compound" and c.ent_type_ == "GPE" and place.ent_type_ == "PERSON"]
            for candidate in (place, *inner):
                key = self.key_at_token(candidate)
                if key and self.actors.get(key).type == "State":
                    return key
        return None

    def state_body(self, state: str | None, noun: Token) -> str | None:
        """"Israel's army" is the body the gazetteer knows as "Israeli army" (the IDF), when it
        knows one: the state's demonym before the noun."""
        gazetteer = self.actors.gazetteer
        entry = gazetteer.entries.get(state) if state else None
        if entry is None or entry.type != "State":
            return None
        modifiers = [c for c in noun.children if c.dep_ in ("compound", "amod") and c.i < noun.i]
        phrase = noun.doc[modifiers[0].i:noun.i + 1].text if modifiers else noun.text  # "prison service"
        for demonym in entry.demonyms:
            for words in dict.fromkeys((phrase, noun.text)):
                body = gazetteer.lookup(f"{demonym} {words}")
                if body is not None and body.type == "Organization":
                    return self.actors.resolve(body.name)
        return None

    def state_of(self, key: str | None) -> str | None:
        """The side an actor stands for: a state itself, an official's state, a ministry's state,
        or a non-state organisation itself (Hamas); None for media."""
        if key is None or key not in self.actors:
            return None
        actor = self.actors.get(key)
        if actor.type == "State":
            return key
        if actor.type == "Media":
            return None
        if actor.type == "Person":
            return self.person_states.get(key) or self.known_state_of(key)
        if key in terms("neutral_intermediaries"):
            return key  # an international body belongs to no state
        entries = self.actors.gazetteer.entries
        if key in entries:  # a known organisation: the state the gazetteer says it belongs to, or itself
            return self.actors.resolve(entries[entries[key].of].name) if entries[key].of in entries else key
        if any(word in terms("movement_nouns") for word in actor.name.lower().split()):
            return key  # "the Movement for Democracy in Chad" is not Chad's
        for word in re.split(r"[\s\-]+|['’]s\b", _BACKER.sub("", actor.name)):  # "Russian-backed separatists" are not Russia's
            entry = (self.actors.gazetteer.demonym(word) or self.actors.gazetteer.lookup(word)) if word else None
            if entry is not None and entry.type == "State":
                return self.actors.resolve(entry.name)
        return key

    def known_state_of(self, person: str) -> str | None:
        """The state the gazetteer says a person acts for ("of"), added to the article's actors
        when it names the person only ("Trump's envoy": the United States)."""
        gazetteer = self.actors.gazetteer
        entry = gazetteer.entries.get(person)
        if entry is None or entry.of not in gazetteer.entries:
            return None
        return self.actors.add_known(gazetteer.entries[entry.of], incidental=True)

    def is_state_body(self, key: str) -> bool:
        """True for an organisation that belongs to a state (its name carries a demonym)."""
        return self.state_of(key) not in (key, None)

    # ------------------------------------------------------------ sides of the conflict

    def ranking(self) -> list[str]:
        """Candidate sides of the article's conflict, most mentioned first: states and
        non-state groups seen releasing people (Hamas, the Houthis), never intermediaries or hosts."""
        weights: Counter[str] = Counter()
        for actor in self.actors.actors:
            if actor.type == "State":
                weights[actor.key] += len(actor.mentions)
        for key, count in self.explicit_sides.items():
            weights[key] += 2 * count
            if key in self.actors and self.actors.get(key).type == "Organization":
                weights[key] += len(self.actors.get(key).mentions)  # a group seen releasing weighs as a state named as often
        return [k for k, w in weights.most_common() if w > 0 and k not in self.non_sides]

    def sides(self, preferred: Iterable[str | None] = (), excluded: frozenset[str] = frozenset()) -> list[str]:
        """Two sides: the ``preferred`` ones first, then the article's ranking; never a neutral body (the ICRC)."""
        chosen: list[str] = []
        for key in (*preferred, *self.ranking()):
            if key and key not in chosen and key not in self.non_sides and key not in excluded \
                    and key not in terms("neutral_intermediaries"):
                chosen.append(key)
            if len(chosen) == 2:
                break
        return chosen

    # ------------------------------------------------------------ spans

    def span(self, sent: SpacySpan) -> Span:
        return Span(sent.start_char, sent.end_char, self.text_of(sent))

    def text_of(self, sent: SpacySpan) -> str:
        """The sentence's text, cut from the article's (``sent.text`` makes every token anew)."""
        return self.document.text[sent.start_char:sent.end_char]

    def token_span(self, start: int, end: int) -> Span:
        piece = self.doc[start:end]
        return Span(piece.start_char, piece.end_char, piece.text)


def _names_by_date(date: SpacySpan) -> bool:
    """A date that names the people or the violent event after it ("the October 7 hostages",
    "the October 7, 2023 attacks"): a label, not the day of the event the sentence reports."""
    doc = date.doc
    after = doc[date.end] if date.end < len(doc) else None
    return after is not None and after.pos_ == "NOUN" and (
        in_lexicon(after, "people_nouns") or in_lexicon(after, "violence_nouns"))


def _name_head(name: str) -> str:
    """The head word of an organisation's name, before its "of", "for" or "on", else its last:
    "coalition" of "Saudi-led coalition", "committee" of "International Committee of the Red Cross"."""
    words = name.lower().split()
    return words[next((i for i, word in enumerate(words) if i and word in terms("name_complement_preps")), len(words)) - 1]
