"""Score predicted facts against gold facts (the format of docs/EVAL-FORMAT.md).

Both sides are folders of ``<article-id>.json``. Each file is flattened into slot tuples
(``("a1", "exch_count", "russia", 146)``); precision, recall and F1 are computed over the tuples
of all articles together (micro average), per slot, per group and overall.

Choices the format leaves open, fixed here:

- Set semantics per article: a tuple counts once per article, however many times the file
  states it (two exchanges in one article that both release 146 give one ``exch_count`` tuple).
- Every tuple carries its article id, so a fact is only right in the article it comes from.
- Empty denominators: a slot with neither gold nor predicted tuples scores 1.0 (nothing to get
  wrong); with gold but no prediction precision, recall and F1 are 0 (and vice versa).
- Names: NFKD with accents dropped, case folded, quotes, dots and apostrophes removed, other
  punctuation read as a space, a leading "the" dropped. Then aliases map to canonical names:
  built-in common ones (UAE, US, Kyiv/Kiev, Moscow/Kremlin, Türkiye, UK, ...), every alias the
  gold file lists, and aliases the predicted file lists, except that a predicted alias never
  remaps a name gold already uses (a prediction cannot merge two gold actors).
- Claims are scored on their number and source, not their subject (a loose anchor); a claim
  whose number is null is kept for readers and not scored; ``claim_source`` exists only when the
  claim is attributed.
- Platforms a statement is posted on (Telegram, X, ...) are channels: an actor or source with such
  a name is dropped from both files before flattening.
- Gold articles with no predicted file count as all missed; predicted files without gold are
  ignored and listed in the report.

Event coreference (B-cubed): the mentions are the gold exchanges of all gold articles. Gold
clusters are the mentions sharing an ``event_id``; a mention without one is its own cluster.
Each mention is aligned with the predicted exchange of the same article that shares the most
(side, n) pairs with it (ties: same kind first, then one no earlier mention took, then file
order); a gold exchange without numbers
aligns with a predicted one of the same kind that has no numbers either. The predicted cluster of
a mention is its aligned exchange's ``id``, else its ``event_id`` (so gold scores 1.0 against
itself), else a cluster of its own; an unaligned mention is a singleton predicted cluster. Predicted exchanges aligned with no
gold mention do not enter B-cubed (the slot scores already count them as spurious).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from kgbuild.errors import InputError
from kgbuild.text import fold

GROUP_SLOTS: dict[str, tuple[str, ...]] = {
    "actors": ("actor", "actor_type"),
    "exchanges": (
        "exch_count", "exch_kind", "exch_qualifier", "exch_uncounted", "exch_intermediary",
        "exch_transit", "exch_category", "exch_source", "exch_date",
    ),
    "negotiations": ("neg_location", "neg_party", "neg_head", "neg_host", "neg_date"),
    "claims": ("claim", "claim_source"),
}
SLOTS: tuple[str, ...] = tuple(slot for slots in GROUP_SLOTS.values() for slot in slots)

# Surface forms that stand for a canonical name whatever the article's actor list says.
COMMON_ALIASES: dict[str, str] = {
    "UAE": "United Arab Emirates", "U.A.E.": "United Arab Emirates", "Emirates": "United Arab Emirates",
    "US": "United States", "U.S.": "United States", "USA": "United States", "U.S.A.": "United States",
    "United States of America": "United States", "America": "United States",
    "Kyiv": "Ukraine", "Kiev": "Ukraine", "Kyiv regime": "Ukraine", "Kiev regime": "Ukraine",
    "Moscow": "Russia", "Kremlin": "Russia", "Russian Federation": "Russia",
    "Türkiye": "Turkey", "Turkiye": "Turkey", "Republic of Turkey": "Turkey", "Ankara": "Turkey",
    "UK": "United Kingdom", "U.K.": "United Kingdom", "Britain": "United Kingdom",
    "Great Britain": "United Kingdom",
    "Vatican": "Holy See", "Vatican City": "Holy See",
    "ICRC": "International Committee of the Red Cross", "Red Cross": "International Committee of the Red Cross",
    "KSA": "Saudi Arabia",
}

# Platforms a statement is posted on: channels, not actors or sources.
CHANNELS: frozenset[str] = frozenset({
    "telegram", "x", "twitter", "facebook", "instagram", "youtube", "whatsapp", "tiktok",
    "truth social", "signal", "vkontakte", "vk", "threads", "bluesky",
})

CATEGORY_SYNONYMS: dict[str, str] = {
    "seriously ill": "ill", "severely ill": "ill", "gravely ill": "ill", "critically ill": "ill",
    "sick": "ill", "seriously sick": "ill", "ill": "ill",
    "youth": "young", "young": "young", "young people": "young", "under 25": "young",
    "injured": "wounded", "wounded": "wounded", "seriously wounded": "wounded",
    "severely wounded": "wounded", "seriously injured": "wounded",
    "civilian": "civilians", "civilians": "civilians",
    "servicemen": "military", "serviceman": "military", "servicemembers": "military",
    "pows": "military", "pow": "military", "prisoners of war": "military", "soldiers": "military",
    "military": "military",
    "child": "children", "children": "children", "minors": "children",
    "woman": "women", "women": "women",
    "elderly": "elderly", "old": "elderly",
}

ACTOR_TYPE_SYNONYMS: dict[str, str] = {
    "mediaoutlet": "media", "media outlet": "media", "organisation": "organization",
    "country": "state",
}

QUALIFIER_SYNONYMS: dict[str, str] = {
    "at least": "at_least", "at most": "at_most", "approx": "approximately", "about": "approximately",
}

_DROPPED_CHARS = re.compile(r"[\"'`.\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u00ab\u00bb]")
_SEPARATORS = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Fold a name or label for comparison: accents, case, quotes, punctuation, leading "the"."""
    text = _DROPPED_CHARS.sub("", fold(text))
    text = _SPACES.sub(" ", _SEPARATORS.sub(" ", text)).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


def normalize_category(category: str) -> str:
    """Map a category and its synonyms onto one comparison key."""
    key = normalize_text(category)
    return CATEGORY_SYNONYMS.get(key, key)


class NameResolver:
    """Maps normalized surface names of one article to canonical normalized names."""

    def __init__(self, gold_actors: list[dict], pred_actors: list[dict]):
        self._canonical: dict[str, str] = {
            normalize_text(alias): normalize_text(name) for alias, name in COMMON_ALIASES.items()
        }
        for actor in gold_actors:
            canonical = self.resolve(actor["name"])
            for alias in actor.get("aliases") or []:
                self._canonical[normalize_text(alias)] = canonical
        gold_names = {self.resolve(actor["name"]) for actor in gold_actors}
        for actor in pred_actors:
            forms = [actor["name"], *(actor.get("aliases") or [])]
            canonical = next(
                (self.resolve(form) for form in forms if self.resolve(form) in gold_names),
                self.resolve(actor["name"]),
            )
            for form in forms:
                key = normalize_text(form)
                if key not in self._canonical and key not in gold_names and key != canonical:
                    self._canonical[key] = canonical

    def resolve(self, name: Any) -> str:
        """The canonical comparison key of a name ("" for a missing one)."""
        if name is None:
            return ""
        key = normalize_text(str(name))
        seen = {key}
        while key in self._canonical and self._canonical[key] not in seen:
            key = self._canonical[key]
            seen.add(key)
        return key


def harmonic_mean(precision: float, recall: float) -> float:
    """F1 of a precision and a recall (0 when both are 0)."""
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


@dataclass(frozen=True)
class Score:
    """Counts and precision / recall / F1 of one slot, group or the micro average."""

    gold: int
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        if self.predicted:
            return self.correct / self.predicted
        return 1.0 if not self.gold else 0.0

    @property
    def recall(self) -> float:
        if self.gold:
            return self.correct / self.gold
        return 1.0 if not self.predicted else 0.0

    @property
    def f1(self) -> float:
        return harmonic_mean(self.precision, self.recall)

    def to_json(self) -> dict:
        return {"gold": self.gold, "predicted": self.predicted, "correct": self.correct,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True)
class BCubed:
    """B-cubed scores of the predicted event clusters over the gold exchange mentions."""

    mentions: int
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        return harmonic_mean(self.precision, self.recall)

    def to_json(self) -> dict:
        return {"mentions": self.mentions, "precision": self.precision, "recall": self.recall,
                "f1": self.f1}


@dataclass
class ArticleDiff:
    """The tuples of one article that the prediction missed or added (without the article id)."""

    missed: list[tuple] = field(default_factory=list)
    spurious: list[tuple] = field(default_factory=list)


@dataclass
class EvalReport:
    """Everything ``kgbuild eval`` reports."""

    per_slot: dict[str, Score]
    per_group: dict[str, Score]
    micro: Score
    bcubed: BCubed
    articles: dict[str, ArticleDiff]
    missing_predictions: list[str] = field(default_factory=list)  # gold articles without a prediction
    ignored_predictions: list[str] = field(default_factory=list)  # predictions without gold

    def to_json(self) -> dict:
        return {
            "micro": self.micro.to_json(),
            "per_group": {name: score.to_json() for name, score in self.per_group.items()},
            "per_slot": {name: score.to_json() for name, score in self.per_slot.items()},
            "bcubed": self.bcubed.to_json(),
            "articles": {
                article_id: {"missed": [list(t) for t in diff.missed],
                             "spurious": [list(t) for t in diff.spurious]}
                for article_id, diff in self.articles.items()
            },
            "missing_predictions": self.missing_predictions,
            "ignored_predictions": self.ignored_predictions,
        }


# ---------------------------------------------------------------- loading


def load_facts_dir(folder: str | Path) -> dict[str, dict]:
    """Read every ``<article-id>.json`` of a folder into article id -> facts (checked, defaults filled)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("not a folder of <article-id>.json files", str(folder))
    facts = {}
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise InputError(f"cannot read facts JSON ({error})", str(path)) from error
        facts[path.stem] = _checked_facts(data, path)
    return facts


def _checked_facts(data: Any, path: Path) -> dict:
    """The facts with every list present, or an InputError saying which part is malformed."""
    if not isinstance(data, dict):
        raise InputError("expected a JSON object with actors, exchanges, negotiations, claims", str(path))
    checked = {}
    for section in ("actors", "exchanges", "negotiations", "claims"):
        items = data.get(section) or []
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise InputError(f"'{section}' must be a list of objects", str(path))
        checked[section] = items
    for actor in checked["actors"]:
        if not isinstance(actor.get("name"), str):
            raise InputError("every actor needs a string 'name'", str(path))
        actor.setdefault("aliases", [])
    return checked


def _number(value: Any, path: str) -> int:
    """An int from an int, an integral float or a numeric string ("1,000")."""
    if isinstance(value, bool):
        raise InputError(f"expected a number, got {value!r}", path)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d[\d,\s]*\s*", value):
        return int(re.sub(r"[,\s]", "", value))
    raise InputError(f"expected a number, got {value!r}", path)


def _qualifier(value: Any) -> str:
    key = normalize_text(str(value or "exact"))
    return QUALIFIER_SYNONYMS.get(key, key.replace(" ", "_"))


def _names(values: Any) -> list:
    if values is None:
        return []
    return [values] if isinstance(values, str) else list(values)


# ---------------------------------------------------------------- flattening


def flatten(article_id: str, facts: dict, names: NameResolver) -> set[tuple]:
    """The slot tuples of one article's facts, each starting with the article id."""
    tuples: set[tuple] = set()

    def add(slot: str, *values: Any) -> None:
        tuples.add((article_id, slot, *values))

    for actor in facts["actors"]:
        if _is_channel(actor["name"]):
            continue
        add("actor", names.resolve(actor["name"]))
        if actor.get("type"):
            actor_type = normalize_text(actor["type"])
            add("actor_type", names.resolve(actor["name"]), ACTOR_TYPE_SYNONYMS.get(actor_type, actor_type))

    for exchange in facts["exchanges"]:
        kind = normalize_text(str(exchange.get("kind") or "")).replace(" ", "_")
        qualifier = _qualifier(exchange.get("qualifier"))
        counts = _counts(exchange, names, article_id)
        for side, n in counts:
            add("exch_count", side, n)
            add("exch_kind", kind, side, n)
            add("exch_qualifier", side, n, qualifier)
        if not counts:
            add("exch_uncounted", kind)
        for slot, key in (("exch_intermediary", "intermediary"), ("exch_transit", "transit"),
                          ("exch_source", "source_attribution")):
            for name in _names(exchange.get(key)):
                if not _is_channel(name):
                    add(slot, names.resolve(name))
        for category in exchange.get("categories") or []:
            add("exch_category", normalize_category(category))
        if exchange.get("date"):
            add("exch_date", str(exchange["date"])[:10])

    for negotiation in facts["negotiations"]:
        if negotiation.get("location"):
            add("neg_location", names.resolve(negotiation["location"]))
        for party in _names(negotiation.get("parties")):
            add("neg_party", names.resolve(party))
        for party, person in (negotiation.get("heads") or {}).items():
            add("neg_head", names.resolve(party), names.resolve(person))
        for host in _names(negotiation.get("host_or_mediator")):
            add("neg_host", names.resolve(host))
        if negotiation.get("date"):
            add("neg_date", str(negotiation["date"])[:10])

    for claim in facts["claims"]:
        if claim.get("number") is None:
            continue
        n = _number(claim["number"], f"{article_id}.json: claim number")
        add("claim", n)
        source = claim.get("attributed_to")
        if source and not _is_channel(source):
            add("claim_source", n, names.resolve(source))
    return tuples


def _is_channel(name: Any) -> bool:
    return isinstance(name, str) and normalize_text(name) in CHANNELS


def _counts(exchange: dict, names: NameResolver, article_id: str) -> set[tuple[str, int]]:
    """The (side, n) pairs of an exchange's ``released_by``."""
    released_by = exchange.get("released_by") or {}
    if not isinstance(released_by, dict):
        raise InputError("'released_by' must map side names to numbers", f"{article_id}.json")
    return {
        (names.resolve(side), _number(n, f"{article_id}.json: released_by"))
        for side, n in released_by.items()
    }


# ---------------------------------------------------------------- scoring


def _score(gold: Iterable[tuple], predicted: Iterable[tuple]) -> Score:
    gold, predicted = set(gold), set(predicted)
    return Score(gold=len(gold), predicted=len(predicted), correct=len(gold & predicted))


def bcubed(gold_facts: dict[str, dict], pred_facts: dict[str, dict],
           resolvers: dict[str, NameResolver]) -> BCubed:
    """B-cubed of the predicted exchange clusters against the gold ``event_id`` clusters."""
    gold_cluster: list[str] = []
    pred_cluster: list[str] = []
    for article_id, facts in sorted(gold_facts.items()):
        names = resolvers[article_id]
        predicted = (pred_facts.get(article_id) or {}).get("exchanges", [])
        pred_keys = [(_counts(exchange, names, article_id), _kind(exchange)) for exchange in predicted]
        taken: set[int] = set()
        for index, exchange in enumerate(facts["exchanges"]):
            mention = f"{article_id}#{index}"
            gold_cluster.append(str(exchange.get("event_id") or f"gold:{mention}"))
            match = _align(_counts(exchange, names, article_id), _kind(exchange), pred_keys, taken)
            if match is None:
                pred_cluster.append(f"unaligned:{mention}")
            else:
                taken.add(match)
                aligned = predicted[match]
                pred_cluster.append(
                    str(aligned.get("id") or aligned.get("event_id") or f"pred:{article_id}#{match}"))
    mentions = len(gold_cluster)
    if not mentions:
        return BCubed(mentions=0, precision=1.0, recall=1.0)
    gold_members: dict[str, set[int]] = defaultdict(set)
    pred_members: dict[str, set[int]] = defaultdict(set)
    for index, (gold_id, pred_id) in enumerate(zip(gold_cluster, pred_cluster)):
        gold_members[gold_id].add(index)
        pred_members[pred_id].add(index)
    precision = recall = 0.0
    for gold_id, pred_id in zip(gold_cluster, pred_cluster):
        overlap = len(gold_members[gold_id] & pred_members[pred_id])
        precision += overlap / len(pred_members[pred_id])
        recall += overlap / len(gold_members[gold_id])
    return BCubed(mentions=mentions, precision=precision / mentions, recall=recall / mentions)


def _kind(exchange: dict) -> str:
    return normalize_text(str(exchange.get("kind") or "")).replace(" ", "_")


def _align(counts: set, kind: str, candidates: list[tuple[set, str]], taken: set[int]) -> int | None:
    """Index of the predicted exchange a gold mention aligns with, or None."""
    best, best_rank = None, (0, False, False)
    for index, (pred_counts, pred_kind) in enumerate(candidates):
        if counts:
            rank = (len(counts & pred_counts), pred_kind == kind, index not in taken)
        else:
            rank = (1 if not pred_counts and pred_kind == kind else 0, True, index not in taken)
        if rank[0] and rank > best_rank:
            best, best_rank = index, rank
    return best


def evaluate_facts(gold_facts: dict[str, dict], pred_facts: dict[str, dict]) -> EvalReport:
    """Score predicted facts (article id -> facts) against gold facts."""
    empty = {"actors": [], "exchanges": [], "negotiations": [], "claims": []}
    resolvers: dict[str, NameResolver] = {}
    gold_tuples: set[tuple] = set()
    pred_tuples: set[tuple] = set()
    articles: dict[str, ArticleDiff] = {}
    for article_id, gold in sorted(gold_facts.items()):
        predicted = pred_facts.get(article_id, empty)
        names = resolvers[article_id] = NameResolver(gold["actors"], predicted["actors"])
        gold_set = flatten(article_id, gold, names)
        pred_set = flatten(article_id, predicted, names)
        gold_tuples |= gold_set
        pred_tuples |= pred_set
        articles[article_id] = ArticleDiff(
            missed=sorted((t[1:] for t in gold_set - pred_set), key=repr),
            spurious=sorted((t[1:] for t in pred_set - gold_set), key=repr),
        )
    per_slot = {
        slot: _score((t for t in gold_tuples if t[1] == slot), (t for t in pred_tuples if t[1] == slot))
        for slot in SLOTS
    }
    per_group = {
        group: _score((t for t in gold_tuples if t[1] in slots), (t for t in pred_tuples if t[1] in slots))
        for group, slots in GROUP_SLOTS.items()
    }
    return EvalReport(
        per_slot=per_slot,
        per_group=per_group,
        micro=_score(gold_tuples, pred_tuples),
        bcubed=bcubed(gold_facts, pred_facts, resolvers),
        articles=articles,
        missing_predictions=sorted(set(gold_facts) - set(pred_facts)),
        ignored_predictions=sorted(set(pred_facts) - set(gold_facts)),
    )


def evaluate_dirs(gold_dir: str | Path, pred_dir: str | Path) -> EvalReport:
    """Score a folder of predicted ``<article-id>.json`` against a folder of gold ones.

    >>> report = evaluate_dirs("gold/", "out/facts/")  # doctest: +SKIP
    >>> print(format_report(report))                     # doctest: +SKIP
    """
    return evaluate_facts(load_facts_dir(gold_dir), load_facts_dir(pred_dir))


# ---------------------------------------------------------------- output


def format_report(report: EvalReport, details: bool = False) -> str:
    """A readable table of the scores; with ``details`` the missed and spurious tuples per article."""
    header = f"{'slot':<20}{'gold':>6}{'pred':>6}{'ok':>6}{'P':>8}{'R':>8}{'F1':>8}"
    lines = [header, "-" * len(header)]

    def row(name: str, score: Score) -> str:
        return (f"{name:<20}{score.gold:>6}{score.predicted:>6}{score.correct:>6}"
                f"{score.precision:>8.3f}{score.recall:>8.3f}{score.f1:>8.3f}")

    for group, slots in GROUP_SLOTS.items():
        lines.extend(row(f"  {slot}", report.per_slot[slot]) for slot in slots)
        lines.append(row(group.upper(), report.per_group[group]))
    lines.append("-" * len(header))
    lines.append(row("MICRO", report.micro))
    b3 = report.bcubed
    lines.append(f"event coreference (B-cubed over {b3.mentions} gold exchanges): "
                 f"P {b3.precision:.3f}  R {b3.recall:.3f}  F1 {b3.f1:.3f}")
    lines.append(f"articles scored: {len(report.articles)}")
    if report.missing_predictions:
        lines.append("gold articles without a prediction (all missed): "
                     + ", ".join(report.missing_predictions))
    if report.ignored_predictions:
        lines.append("predicted articles without gold (ignored): " + ", ".join(report.ignored_predictions))
    if details:
        for article_id, diff in report.articles.items():
            if not diff.missed and not diff.spurious:
                continue
            lines.append("")
            lines.append(f"== {article_id}")
            lines.extend(f"  missed   {_show(t)}" for t in diff.missed)
            lines.extend(f"  spurious {_show(t)}" for t in diff.spurious)
    return "\n".join(lines)


def _show(values: tuple) -> str:
    return f"{values[0]}(" + ", ".join(repr(value) for value in values[1:]) + ")"
