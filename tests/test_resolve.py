"""Cross-article resolution on hand-made facts (no model): events, actors, disagreements, plans."""

import datetime as dt

from kgbuild.corpus import Document
from kgbuild.facts import Actor, ArticleFacts, Exchange, Negotiation, Release
from kgbuild.rdf.iri import IriMinter
from kgbuild.rdf.mapping import resolution_quads
from kgbuild.resolve import ExchangeReport, counts_fit, name_skeleton, resolve

RU, UA = "russia", "ukraine"


def article(aid, exchanges=(), negotiations=(), published=None, actors=()):
    doc = Document(id=aid, text="x", published=published)
    return doc, ArticleFacts(aid, actors=list(actors), exchanges=list(exchanges), negotiations=list(negotiations))


def swap(n_ru, n_ua, date=None, kind="prisoner_exchange", status="completed", q="exact", sides=(RU, UA)):
    releases = [Release(RU, n_ru, q)] if n_ru is not None else []
    releases += [Release(UA, n_ua, q)] if n_ua is not None else []
    return Exchange(kind=kind, sides=sorted(sides), releases=releases, date=date, status=status)


def events_of(resolution, aid):
    return resolution.article_event_keys(aid)


def test_two_reports_with_equal_counts_are_one_event_without_dates():
    res = resolve([article("a", [swap(146, 146)]), article("b", [swap(146, 146)])], set())
    assert events_of(res, "a")[("exchange", 0)] == events_of(res, "b")[("exchange", 0)]
    assert len(res.exchange_clusters) == 1


def test_a_report_with_no_day_that_fits_two_dated_events_joins_neither():
    old, new = swap(5, None, dt.date(2009, 3, 2)), swap(5, None, dt.date(2024, 6, 9))
    res = resolve([article("a", [swap(5, None)]), article("b", [old]), article("c", [new]), article("d", [swap(5, None)])],
                  set())
    assert sorted(len(group) for group in res.exchange_clusters) == [1, 1, 2]
    assert events_of(res, "a") == events_of(res, "d") != events_of(res, "b")
    one = resolve([article("a", [swap(5, None)]), article("c", [new])], set())
    assert events_of(one, "a") == events_of(one, "c")


def test_different_dates_stay_two_events():
    res = resolve([article("a", [swap(90, 90, dt.date(2025, 5, 1))]), article("b", [swap(90, 90, dt.date(2025, 6, 1))])], set())
    assert len(res.exchange_clusters) == 2


def test_approximate_count_joins_within_the_publication_window_and_disagreement_is_kept():
    a = article("a", [swap(84, 84, dt.date(2025, 8, 14))], published=dt.date(2025, 8, 14))
    b = article("b", [swap(80, 80, q="approximately")], published=dt.date(2025, 8, 15))
    res = resolve([a, b], set())
    assert len(res.exchange_clusters) == 1
    quads = list(resolution_quads(res, IriMinter()))
    notes = [q.object.value for q in quads if q.predicate.value.endswith("disagreementNote")]
    assert sorted(notes) == ["russia released: 80 (b) vs 84 (a)", "ukraine released: 80 (b) vs 84 (a)"]
    conflicting = [q for q in quads if q.predicate.value.endswith("conflictingValue")]
    assert len(conflicting) == 4


def test_incompatible_counts_without_dates_stay_apart():
    res = resolve([article("a", [swap(146, 146)]), article("b", [swap(300, 300)])], set())
    assert len(res.exchange_clusters) == 2


def test_report_without_numbers_needs_agreeing_dates():
    alone = resolve([article("a", [swap(None, None)]), article("b", [swap(50, 50)])], set())
    assert len(alone.exchange_clusters) == 2
    dated = resolve([article("a", [swap(None, None)], published=dt.date(2025, 3, 2)),
                     article("b", [swap(50, 50, dt.date(2025, 3, 1))])], set())
    assert len(dated.exchange_clusters) == 1


def test_planned_and_completed_and_kinds_never_merge():
    res = resolve([article("a", [swap(1000, 1000, status="planned")]), article("b", [swap(1000, 1000)]),
                   article("c", [swap(1000, None, kind="remains_return")])], set())
    assert len(res.exchange_clusters) == 3


def test_same_article_reports_are_not_merged():
    res = resolve([article("a", [swap(10, 10), swap(10, 10)])], set())
    assert len(res.exchange_clusters) == 2


def test_completed_exchange_fulfils_earlier_plan():
    plan = article("talks", [swap(1000, 1000, dt.date(2025, 5, 16), status="planned", q="at_least")])
    done = article("swap", [swap(390, 390, dt.date(2025, 5, 23))])
    too_big = article("other", [swap(5000, 5000, dt.date(2025, 6, 1))])
    res = resolve([plan, done, too_big], set())
    assert res.fulfils == [(("swap", "exchange", 0), ("talks", "exchange", 0))]


def test_person_spelling_variants_merge_but_shared_surnames_do_not():
    umerov = Actor("person/rustem-umerov", "Rustem Umerov", "Person")
    umierov = Actor("person/rustem-umierov", "Rustem Umierov", "Person")
    other = Actor("person/olena-umerova", "Olena Umerova", "Person")
    org = Actor("organization/rustem-umierov", "Rustem Umierov", "Organization")
    res = resolve([article("a", actors=[umerov]), article("b", actors=[umierov]), article("c", actors=[umerov]),
                   article("d", actors=[other, org])], set())
    assert res.actor_keys == {"person/rustem-umierov": "person/rustem-umerov"}
    merged = res.canonical(ArticleFacts("b", actors=[umierov]))
    assert merged.actors[0].key == "person/rustem-umerov" and merged.actors[0].name == "Rustem Umerov"
    assert "Rustem Umierov" in merged.actors[0].aliases


def test_gazetteer_key_wins_when_variants_merge():
    known = Actor("volodymyr-zelenskyy", "Volodymyr Zelenskyy", "Person")
    variant = Actor("person/volodymyr-zelenskiy", "Volodymyr Zelenskiy", "Person")
    res = resolve([article("a", actors=[variant]), article("b", actors=[known])], {"volodymyr-zelenskyy"})
    assert res.actor_keys == {"person/volodymyr-zelenskiy": "volodymyr-zelenskyy"}


def test_rounds_of_talks_merge_on_place_parties_and_dates():
    def talks(round_=None, date=None):
        return Negotiation(name="Istanbul talks", location="Istanbul", parties=[RU, UA], round=round_, date=date)

    res = resolve([article("a", negotiations=[talks(2, dt.date(2025, 6, 2))]),
                   article("b", negotiations=[talks(None)], published=dt.date(2025, 6, 3)),
                   article("c", negotiations=[talks(3, dt.date(2025, 7, 23))])], set())
    assert [len(c) for c in res.negotiation_clusters] == [2, 1]


def test_helpers():
    assert name_skeleton("Zelenskyy") == name_skeleton("Zelenskiy") == name_skeleton("Zelensky")
    assert counts_fit((1200, "at_least"), (1300, "exact")) and not counts_fit((1200, "at_least"), (1000, "exact"))
    assert counts_fit((80, "approximately"), (84, "exact")) and not counts_fit((80, "exact"), (84, "exact"))


def test_reports_dated_the_same_day_disagreeing_on_figures_are_one_event():
    day = dt.date(2025, 9, 11)
    res = resolve([article("ministry", [swap(195, 195, day)]), article("president", [swap(None, 207, day)]),
                   article("far-off", [swap(600, 600, day)])], set())
    assert sorted(len(c) for c in res.exchange_clusters) == [1, 2]
    notes = [q.object.value for q in resolution_quads(res, IriMinter()) if q.predicate.value.endswith("disagreementNote")]
    assert notes == ["ukraine released: 195 (ministry) vs 207 (president)"]


def test_a_plan_is_used_up_and_has_a_time_window():
    plan = article("talks", [swap(1000, 1000, dt.date(2025, 5, 16), status="planned")])
    first = article("may", [swap(1000, 1000, dt.date(2025, 5, 25))])
    later = article("sept", [swap(100, 100, dt.date(2025, 6, 5))])
    res = resolve([plan, first, later], set())
    assert res.fulfils == [(("may", "exchange", 0), ("talks", "exchange", 0))]
    late = resolve([plan, article("late", [swap(100, 100, dt.date(2025, 12, 1))])], set())
    assert late.fulfils == []


def test_dates_at_the_end_of_the_calendar_do_not_overflow():
    from kgbuild.resolve import ExchangeReport, same_exchange

    last = dt.date.max
    a = ExchangeReport("a", 0, "prisoner_exchange", "completed", frozenset({"russia", "ukraine"}),
                       {"russia": (5, "exact")}, last, None)
    b = ExchangeReport("b", 0, "prisoner_exchange", "completed", frozenset({"russia", "ukraine"}),
                       {"russia": (5, "exact")}, None, last)
    assert same_exchange(a, b)


def _clusters_of_every_pair(reports, same):
    """The clusters of trying every report against every cluster, in article order, reports with
    no day last (each into the one cluster it matches, else the first of no-day reports it
    matches): what the blocked clustering must give."""
    clusters, timeless = [], []
    ordered = sorted(reports, key=lambda r: (r.article_id, r.index))
    dayless = [r for r in ordered if not (r.date or r.published)]
    for report in [r for r in ordered if r not in dayless] + dayless:
        matching = [group for group in clusters if all(same(report, member) for member in group)]
        if report in dayless and len(matching) > 1:
            matching = [group for group in matching if any(group is t for t in timeless)]
        if matching:
            matching[0].append(report)
        else:
            clusters.append([report])
            if report in dayless:
                timeless.append(clusters[-1])
    return sorted((sorted(group, key=lambda r: (r.article_id, r.index)) for group in clusters),
                  key=lambda group: (group[0].article_id, group[0].index))


def test_blocking_and_date_windows_give_the_clusters_of_comparing_every_pair():
    import random

    from kgbuild.resolve import ExchangeReport, cluster, exchange_block, same_exchange

    rng = random.Random(7)
    day = lambda: rng.choice([None, dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 40))])  # noqa: E731
    reports = [ExchangeReport(f"a{i:03d}", rng.randint(0, 1), rng.choice(["prisoner_exchange", "remains_return"]),
                              "completed", frozenset(rng.choice([("russia", "ukraine"), ("israel", "hamas")])),
                              {"russia": (rng.choice([84, 90, 95, 100]), rng.choice(["exact", "approximately"]))},
                              day(), day())
               for i in range(400)]
    assert cluster(reports, same_exchange, exchange_block) == _clusters_of_every_pair(reports, same_exchange)


def test_the_party_index_gives_the_talks_clusters_of_comparing_every_pair():
    import random

    from kgbuild.resolve import NegotiationReport, cluster, negotiation_block, same_negotiation

    rng = random.Random(11)
    day = lambda: rng.choice([None, dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 30))])  # noqa: E731
    parties = [(), ("russia",), ("russia", "ukraine"), ("ukraine", "usa"), ("israel", "hamas"), ("hamas", "qatar")]
    reports = [NegotiationReport(f"a{i:03d}", rng.randint(0, 1), rng.choice([None, "istanbul"]),
                                 frozenset(rng.choice(parties)), rng.choice([None, 1, 2]), day(), day())
               for i in range(400)]
    found = cluster(reports, same_negotiation, negotiation_block, lambda r: r.parties)
    assert found == _clusters_of_every_pair(reports, same_negotiation) and any(len(group) > 2 for group in found)


def test_plans_looked_up_by_sides_and_date_are_fulfilled_as_when_reading_every_exchange():
    import random

    from kgbuild.resolve import PLAN_WINDOW, _largest_counts, _when, fulfilments

    def reading_every_exchange(clusters):
        links, used = [], set()
        dated = [i for i, g in enumerate(clusters) if _when(g)]
        done = sorted((i for i in dated if clusters[i][0].status == "completed"), key=lambda i: (_when(clusters[i]), i))
        for p in sorted((i for i in dated if clusters[i][0].status == "planned"), key=lambda i: (_when(clusters[i]), i)):
            plan, left = clusters[p], _largest_counts(clusters[p])
            for c in done:
                if (c in used or (clusters[c][0].kind, clusters[c][0].sides) != (plan[0].kind, plan[0].sides)
                        or not _when(plan) <= _when(clusters[c]) <= _when(plan) + PLAN_WINDOW):
                    continue
                counts = _largest_counts(clusters[c])
                if any(n > left.get(side, n) * 1.1 for side, n in counts.items()):
                    continue
                links.append((c, p))
                used.add(c)
                for side, n in counts.items():
                    if side in left:
                        left[side] -= n
                if left and all(v <= 0 for v in left.values()):
                    break
        return links

    rng = random.Random(5)
    reports = [ExchangeReport(f"a{i:03d}", 0, rng.choice(["prisoner_exchange", "remains_return"]),
                              rng.choice(["completed", "completed", "planned"]),
                              frozenset(rng.choice([(RU, UA), ("israel", "hamas")])),
                              {RU: (rng.choice([50, 100, 300, 1000]), "exact")},
                              rng.choice([None, dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 400))]), None)
               for i in range(300)]
    clusters = [[report] for report in reports]
    found = fulfilments(clusters)
    assert found == reading_every_exchange(clusters) and len(found) > 20


def test_an_articles_part_of_the_resolution_maps_it_as_the_whole_resolution_does():
    """What a worker is sent with an article (its actors' canonical keys and names, its event
    keys) gives the same graph and eval-format facts as the resolution of the whole build."""
    from kgbuild.article_graphs import map_article
    from kgbuild.resolve import summarize

    umerov = Actor("person/rustem-umerov", "Rustem Umerov", "Person")
    umierov = Actor("person/rustem-umierov", "Rustem Umierov", "Person")
    articles = [article("a", [swap(146, 146)], actors=[umerov, Actor(RU, "Russia", "State")]),
                article("b", [swap(146, 146), swap(None, 5, date=dt.date(2025, 6, 2))], actors=[umierov]),
                article("c", negotiations=[Negotiation(name="talks", parties=[RU, UA])])]
    resolution = resolve(articles, set())
    minter, names = IriMinter(), {"russia": "Russia", "ukraine": "Ukraine"}
    for document, facts in articles:
        keys = summarize(document, facts).keys
        part = resolution.for_article(document.id, keys)
        assert len(part.actor_names) <= len(set(keys)) and set(part.event_keys) <= set(resolution.event_keys)
        assert map_article(minter, document, part, facts, names) == map_article(minter, document, resolution, facts, names)
    assert resolution.for_article("b", summarize(*articles[1]).keys).actor_keys == {
        "person/rustem-umierov": "person/rustem-umerov"}
