"""Cross-article resolution: one IRI per real-world actor and event, disagreements kept.

Runs on the facts of every article of a build (small summaries, not the documents):

- **Actors.** Gazetteer actors already share keys. Other people are matched on a spelling
  skeleton of the whole name ("Rustem Umierov" = "Rustem Umerov", "Zelenskiy" = "Zelenskyy"),
  never on a surname alone, and only person with person.
- **Events.** Reports of an exchange are one event when kind, status and sides agree, their
  dates are compatible (explicit dates within a day; otherwise a date within the week before the
  other report's publication, or publications within three days), and their counts are
  compatible with their qualifiers with at least one of these actually matching (an equal count,
  or agreeing dates). Reports that both give the date may disagree on the figures (a ministry's
  195 against a president's 207): that is kept as a disagreement, not split into two events. Two reports from one article are never merged: the extractor has already done that.
  Rounds of talks are matched on place, overlapping parties, round number and dates.
- **Disagreements.** When the reports of one event give different counts for a side, each value
  stays with its article, and a ``kg:Disagreement`` links them.
- **Plans and outcomes.** A completed exchange ``kg:fulfils`` a planned one between the same
  sides agreed up to three months before, while the plan's counts are not used up.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from .corpus import Document
from .facts import ArticleFacts, Release
from .text import fold

DATE_TOLERANCE = dt.timedelta(days=1)
REPORT_WINDOW = dt.timedelta(days=7)  # an event is reported within a week of happening
PUBLICATION_WINDOW = dt.timedelta(days=3)
APPROXIMATE = 0.1  # "about 80" fits within 10 % of 84
SAME_DAY_SPREAD = 0.5  # reports dated the same day may disagree by this much and still be one event
PLAN_WINDOW = dt.timedelta(days=90)  # an agreed exchange is carried out within about three months


@dataclass(slots=True)
class ExchangeReport:
    """What resolution needs to know of one article's exchange."""

    article_id: str
    index: int
    kind: str
    status: str
    sides: frozenset[str]
    releases: dict[str, tuple[int, str]]  # side -> (count, qualifier)
    date: dt.date | None
    published: dt.date | None


@dataclass(slots=True)
class NegotiationReport:
    article_id: str
    index: int
    location: str | None
    parties: frozenset[str]
    round: int | None
    date: dt.date | None
    published: dt.date | None


@dataclass
class Resolution:
    """The outcome: canonical actor keys, shared event keys, and the cross-article triples."""

    actor_keys: dict[str, str] = field(default_factory=dict)  # article actor key -> canonical key
    actor_names: dict[str, str] = field(default_factory=dict)  # canonical key -> canonical name
    event_keys: dict[tuple[str, str, int], tuple] = field(default_factory=dict)  # (article, kind, index) -> key
    exchange_clusters: list[list[ExchangeReport]] = field(default_factory=list)
    negotiation_clusters: list[list[NegotiationReport]] = field(default_factory=list)
    fulfils: list[tuple[tuple, tuple]] = field(default_factory=list)  # (completed key, planned key)
    _by_article: dict | None = field(default=None, repr=False, compare=False)  # event keys per article, built on first use

    def article_event_keys(self, article_id: str) -> dict[tuple[str, int], tuple]:
        """The event keys of one article, in the form the RDF mapping takes."""
        if self._by_article is None:
            self._by_article = defaultdict(dict)
            for (aid, kind, index), key in self.event_keys.items():
                self._by_article[aid][(kind, index)] = key
        return dict(self._by_article.get(article_id, {}))

    def for_article(self, article_id: str, keys: Iterable[str]) -> Resolution:
        """What mapping one article (with the actor ``keys`` it uses) needs of the resolution: its
        actors' canonical keys and names and its event keys, small enough to send with it."""
        canonical = {key: self.actor_keys[key] for key in keys if key in self.actor_keys}
        targets = {canonical.get(key, key) for key in keys}
        return Resolution(actor_keys=canonical,
                          actor_names={key: self.actor_names[key] for key in sorted(targets) if key in self.actor_names},
                          event_keys={(article_id, kind, index): key
                                      for (kind, index), key in self.article_event_keys(article_id).items()})

    def canonical(self, facts: ArticleFacts) -> ArticleFacts:
        """A copy of ``facts`` with every actor key replaced by its canonical key."""
        return remap_actors(facts, self.actor_keys, self.actor_names)


def name_skeleton(name: str) -> str:
    """A spelling-insensitive form of a person's name for transliteration variants."""
    text = fold(name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z ]", "", text)
    text = text.replace("ie", "e").replace("y", "i").replace("kh", "h").replace("ks", "x").replace("j", "i")
    text = re.sub(r"(.)\1+", r"\1", text)
    return " ".join(text.split())


def resolve_actors(named: Mapping[tuple[str, str, str], int], gazetteer_ids: set[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Map every article's actor keys to canonical ones, and give each canonical key its name.
    ``named``: how many articles name each (key, name, type)."""
    by_skeleton: dict[str, set[str]] = defaultdict(set)
    names: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (key, name, actor_type), articles in named.items():
        names[key][name] += articles
        if actor_type == "Person" and len(name.split()) > 1:
            by_skeleton[name_skeleton(name)].add(key)
    mapping: dict[str, str] = {}
    for keys in by_skeleton.values():
        if len(keys) > 1:
            known = sorted(k for k in keys if k in gazetteer_ids)
            target = known[0] if known else max(sorted(keys), key=lambda k: sum(names[k].values()))
            mapping.update({k: target for k in keys if k != target})
    canonical_names = {}
    for key, counts in names.items():
        target = mapping.get(key, key)
        if target == key:
            canonical_names[key] = max(sorted(counts), key=counts.get)
    return mapping, canonical_names


def remap_actors(facts: ArticleFacts, mapping: dict[str, str], names: dict[str, str]) -> ArticleFacts:
    """Rewrite actor keys (and canonical names) in a copy of ``facts``."""
    if not mapping and not names:
        return facts

    def key(k):
        return mapping.get(k, k) if k is not None else None

    def keys(ks):
        return sorted({key(k) for k in ks}) if ks else ks

    actors = {}
    for actor in facts.actors:
        target = key(actor.key)
        name = names.get(target, actor.name)
        merged = actors.get(target)
        if merged is None:
            aliases = [a for a in [actor.name, *actor.aliases] if a != name]
            actors[target] = dataclasses.replace(actor, key=target, name=name, aliases=list(dict.fromkeys(aliases)),
                                                 mentions=list(actor.mentions))
        else:
            merged.aliases = list(dict.fromkeys([*merged.aliases, *(a for a in [actor.name, *actor.aliases] if a != name)]))
            merged.mentions = sorted([*merged.mentions, *actor.mentions], key=lambda m: m.span.start)

    def attribution(a):
        return dataclasses.replace(a, sources=[key(s) for s in a.sources])

    return dataclasses.replace(
        facts,
        actors=list(actors.values()),
        roles=[dataclasses.replace(r, person=key(r.person), of=key(r.of)) for r in facts.roles],
        exchanges=[dataclasses.replace(
            e, sides=keys(e.sides), intermediaries=keys(e.intermediaries), transit=[key(t) for t in e.transit],
            releases=[Release(key(r.side), r.count, r.qualifier) for r in e.releases],
            attribution=attribution(e.attribution)) for e in facts.exchanges],
        negotiations=[dataclasses.replace(
            n, parties=keys(n.parties), hosts=keys(n.hosts), heads={key(p): key(h) for p, h in n.heads.items()},
            attribution=attribution(n.attribution)) for n in facts.negotiations],
        claims=[dataclasses.replace(c, subject=key(c.subject), attribution=attribution(c.attribution)) for c in facts.claims],
    )


def exchange_reports(document: Document, facts: ArticleFacts) -> Iterator[ExchangeReport]:
    for index, e in enumerate(facts.exchanges):
        yield ExchangeReport(document.id, index, e.kind, e.status, frozenset(e.sides),
                             {r.side: (r.count, r.qualifier) for r in e.releases}, e.date, document.published)


def negotiation_reports(document: Document, facts: ArticleFacts) -> Iterator[NegotiationReport]:
    for index, n in enumerate(facts.negotiations):
        yield NegotiationReport(document.id, index, (n.location or "").casefold() or None, frozenset(n.parties),
                                n.round, n.date, document.published)


def dates_agree(a, b) -> bool | None:
    """True when the dates put two reports on the same event, False when they rule it out,
    None when the reports do not say."""
    if a.date and b.date:
        return abs(a.date - b.date) <= DATE_TOLERANCE
    if a.date and b.published:
        return _shifted(b.published, -REPORT_WINDOW) <= a.date <= _shifted(b.published, DATE_TOLERANCE)
    if b.date and a.published:
        return _shifted(a.published, -REPORT_WINDOW) <= b.date <= _shifted(a.published, DATE_TOLERANCE)
    if a.published and b.published:
        return abs(a.published - b.published) <= PUBLICATION_WINDOW
    return None


def _shifted(date: dt.date, delta: dt.timedelta) -> dt.date:
    """``date + delta``, held at the first or last representable day (a text may say year 9999)."""
    try:
        return date + delta
    except OverflowError:
        return dt.date.max if delta > dt.timedelta(0) else dt.date.min


def counts_fit(first: tuple[int, str], second: tuple[int, str]) -> bool:
    """Whether two counts of one side can describe the same release, given their qualifiers."""
    (n, q), (m, r) = first, second
    if n == m:
        return True
    if "approximately" in (q, r):
        return abs(n - m) <= max(2, APPROXIMATE * max(n, m))
    if q == "at_least" and m >= n or r == "at_least" and n >= m:
        return True
    if q == "at_most" and m <= n or r == "at_most" and n <= m:
        return True
    return False


def same_exchange(a: ExchangeReport, b: ExchangeReport) -> bool:
    if a.article_id == b.article_id or (a.kind, a.status, a.sides) != (b.kind, b.status, b.sides):
        return False
    dates = dates_agree(a, b)
    if dates is False:
        return False
    shared = set(a.releases) & set(b.releases)
    if a.status == "planned" and bool(a.releases) != bool(b.releases) and not (a.date and b.date):
        return False  # a plan told without numbers may be another plan than a counted one of the same weeks
    if a.date and b.date:
        # Both reports date the event: the same swap even if their figures differ ("195" vs "207"),
        # unless the figures are too far apart to be one release.
        return all(_within(a.releases[s][0], b.releases[s][0], SAME_DAY_SPREAD) for s in shared)
    if any(not counts_fit(a.releases[s], b.releases[s]) for s in shared):
        return False
    equal_count = any(a.releases[s][0] == b.releases[s][0] for s in shared)
    return bool(equal_count or dates)


def _within(n: int, m: int, spread: float) -> bool:
    return abs(n - m) <= spread * max(n, m)


def same_negotiation(a: NegotiationReport, b: NegotiationReport) -> bool:
    if a.article_id == b.article_id or a.location != b.location or not (a.parties & b.parties):
        return False
    if a.round is not None and b.round is not None and a.round != b.round:
        return False
    return bool(dates_agree(a, b))


def cluster(reports: list, same, block, links=lambda report: (None,)) -> list[list]:
    """Complete-link clustering in a fixed order: a report joins the first cluster all of whose
    members it matches. Only reports with the same ``block(report)`` can match (``same`` is False
    across blocks), and within a block only clusters whose first report is dated within
    MATCH_SPAN of it (or undated) and shares one of its ``links(report)`` (for talks, a party)
    are tried, since other reports never match (see :func:`dates_agree`): the cost grows with
    the reports of a few weeks about the same parties, not with all of them.

    Reports with neither a date nor a publication day match events of any time, so they come
    last: placed first, an undated "Israel freed five Lebanese" would take the first such release
    it met (2008's) and keep a dated one (2025's) out of its cluster. Each joins the one cluster
    it matches, or, when it fits several events, the first it matches of such reports only.
    Members are listed in article order."""
    blocks: dict[object, _Block] = defaultdict(_Block)
    ordered = sorted(reports, key=_order)
    for report in (*(r for r in ordered if _day(r) is not None), *(r for r in ordered if _day(r) is None)):
        blocks[block(report)].add(report, same, set(links(report)))
    return sorted((sorted(group, key=_order) for found in blocks.values() for group in found.clusters), key=lambda g: _order(g[0]))


def _order(report) -> tuple[str, int]:
    return report.article_id, report.index


MATCH_SPAN = REPORT_WINDOW  # two reports more days apart than this never describe one event


@dataclass
class _Block:
    """The clusters of one block, indexed by the day of their first report and its links."""

    clusters: list[list] = field(default_factory=list)
    by_day: dict[tuple[dt.date, object], list[int]] = field(default_factory=lambda: defaultdict(list))
    undated: dict[object, list[int]] = field(default_factory=lambda: defaultdict(list))
    timeless: set[int] = field(default_factory=set)  # clusters of reports with neither date nor publication day

    def add(self, report, same, links: set) -> None:
        day = _day(report)
        if day is None:
            candidates: Iterable[int] = range(len(self.clusters))
        else:
            days = [_shifted(day, dt.timedelta(days=offset)) for offset in range(-MATCH_SPAN.days, MATCH_SPAN.days + 1)]
            candidates = sorted({index for link in links
                                 for found in (self.undated.get(link, ()), *(self.by_day.get((d, link), ()) for d in days))
                                 for index in found})
        matching = (index for index in candidates if all(same(report, member) for member in self.clusters[index]))
        chosen = next(matching, None) if day is not None else self._unambiguous(list(matching))
        if chosen is not None:
            self.clusters[chosen].append(report)
            return
        self.clusters.append([report])
        if day is None:
            self.timeless.add(len(self.clusters) - 1)
        for link in links:
            (self.undated[link] if day is None else self.by_day[(day, link)]).append(len(self.clusters) - 1)


    def _unambiguous(self, matching: list[int]) -> int | None:
        """For a report with no day: the one cluster it matches, else the first cluster of other
        such reports it matches (it cannot tell apart the dated events it fits)."""
        if len(matching) == 1:
            return matching[0]
        return next((index for index in matching if index in self.timeless), None)


def _day(report) -> dt.date | None:
    return report.date or report.published


def exchange_block(report: ExchangeReport) -> tuple:
    """What two reports of one exchange always share."""
    return report.kind, report.status, report.sides


def negotiation_block(report: NegotiationReport) -> str | None:
    return report.location


def _when(group: list[ExchangeReport]) -> dt.date | None:
    return min((r.date or r.published for r in group if r.date or r.published), default=None)


def _largest_counts(group: list[ExchangeReport]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for report in group:
        for side, (count, _) in report.releases.items():
            counts[side] = max(count, counts.get(side, 0))
    return counts


def fulfilments(clusters: list[list[ExchangeReport]]) -> list[tuple[int, int]]:
    """(completed, planned) cluster indexes: each plan takes the completed exchanges of the same kind
    and sides that follow it within PLAN_WINDOW, in date order, until their counts use it up.
    Completed exchanges are looked up by kind and sides, then by date, so each plan reads only
    those of its own window."""
    links = []
    when = {i: _when(group) for i, group in enumerate(clusters)}
    completed: dict[tuple, list[int]] = defaultdict(list)  # (kind, sides) -> clusters in date order
    for i in sorted((i for i, g in enumerate(clusters) if g[0].status == "completed" and when[i]),
                    key=lambda i: (when[i], i)):
        completed[(clusters[i][0].kind, clusters[i][0].sides)].append(i)
    used: set[int] = set()
    plans = sorted((i for i, g in enumerate(clusters) if g[0].status == "planned" and when[i]),
                   key=lambda i: (when[i], i))
    for p in plans:
        plan = clusters[p]
        start, end = when[p], _shifted(when[p], PLAN_WINDOW)
        left = _largest_counts(plan)
        candidates = completed.get((plan[0].kind, plan[0].sides), [])
        for c in candidates[bisect.bisect_left(candidates, start, key=when.get):]:
            if when[c] > end:
                break
            if c in used:
                continue
            counts = _largest_counts(clusters[c])
            if any(count > left.get(side, count) * (1 + APPROXIMATE) for side, count in counts.items()):
                continue
            links.append((c, p))
            used.add(c)
            for side, count in counts.items():
                if side in left:
                    left[side] -= count
            if left and all(v <= 0 for v in left.values()):
                break
    return links


@dataclass
class ArticleSummary:
    """What resolution, and the stages that follow it, need of one article's facts: small enough
    to be read for every article of an archive on every build."""

    article_id: str
    content_hash: str
    actors: list[tuple[str, str, str]]  # (key, name, type) of each actor it names
    keys: list[str]  # every actor key it uses (named or only referred to), sorted
    exchanges: list[ExchangeReport]
    negotiations: list[NegotiationReport]


def summarize(document: Document, facts: ArticleFacts) -> ArticleSummary:
    return ArticleSummary(
        document.id, document.content_hash, [(a.key, a.name, a.type) for a in facts.actors],
        sorted(facts.referenced_keys() | {a.key for a in facts.actors}),
        list(exchange_reports(document, facts)), list(negotiation_reports(document, facts)))


def resolve(articles: Iterable[tuple[Document, ArticleFacts]], gazetteer_ids: set[str]) -> Resolution:
    """Resolve actors and events across ``articles`` (read once, so it may stream from disk)."""
    return resolve_summaries((summarize(document, facts) for document, facts in articles), gazetteer_ids)


def resolve_summaries(summaries: Iterable[ArticleSummary], gazetteer_ids: set[str]) -> Resolution:
    """:func:`resolve` from the articles' summaries."""
    named: Counter[tuple[str, str, str]] = Counter()  # each actor as articles name it, once (not once per article)
    exchanges: list[ExchangeReport] = []
    negotiations: list[NegotiationReport] = []
    for summary in summaries:
        named.update(map(tuple, summary.actors))
        exchanges.extend(summary.exchanges)
        negotiations.extend(summary.negotiations)
    actor_keys, actor_names = resolve_actors(named, gazetteer_ids)
    result = Resolution(actor_keys=actor_keys, actor_names=actor_names)

    def key(k):
        return actor_keys.get(k, k)

    for report in exchanges:
        report.sides = frozenset(map(key, report.sides))
        report.releases = {key(side): value for side, value in report.releases.items()}
    for report in negotiations:
        report.parties = frozenset(map(key, report.parties))
    result.exchange_clusters = cluster(exchanges, same_exchange, exchange_block)
    result.negotiation_clusters = cluster(negotiations, same_negotiation, negotiation_block, lambda r: r.parties)
    for kind, clusters in (("exchange", result.exchange_clusters), ("negotiation", result.negotiation_clusters)):
        for group in clusters:
            event = (group[0].article_id, kind, group[0].index)
            for report in group:
                result.event_keys[(report.article_id, kind, report.index)] = event
    for c, p in fulfilments(result.exchange_clusters):
        done, plan = result.exchange_clusters[c][0], result.exchange_clusters[p][0]
        result.fulfils.append((result.event_keys[(done.article_id, "exchange", done.index)],
                               result.event_keys[(plan.article_id, "exchange", plan.index)]))
    return result
