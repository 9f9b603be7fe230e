"""The kgbuild ontology terms as a Python namespace: ``KG.Exchange``, ``KG.releasedBy``, ...

GENERATED from ontology/kgbuild.ttl (version 0.1.0) by ``python -m kgbuild.rdf.genvocab``; do not edit.
A term that is not in the ontology raises AttributeError (``_fail = True``).
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class KG(DefinedNamespace):
    """kg: https://w3id.org/kgbuild/ns#"""

    _fail = True
    _NS = Namespace("https://w3id.org/kgbuild/ns#")

    # --- Classes ---
    # Actor: A person, organization or state that takes part in events or is cited as a source.
    Actor: URIRef
    # Article: A news article that facts are read from; each article's facts are in its own
    #   named graph.
    Article: URIRef
    # Category: A group of people an exchange concerns: wounded, civilians, children, ...
    Category: URIRef
    # Civilian return: Civilians (deported children, detained civilians) are returned to their
    #   side.
    CivilianReturn: URIRef
    # Claim: A numeric statement that is not an exchange: "Russia holds about 6,000 prisoners".
    Claim: URIRef
    # Delegation: The group of people that represents one party at one negotiation; named by the
    #   party it represents (kg:delegationOf).
    Delegation: URIRef
    # Disagreement: Reports of one event that give different values; every conflicting value is
    #   kept with its source.
    Disagreement: URIRef
    # Event: Something that happened or is planned to happen: an exchange or a negotiation.
    Event: URIRef
    # Event type: An event-data code for an event, with its CAMEO and PLOVER codes as
    #   skos:notation.
    EventType: URIRef
    # Exchange: A transfer of people, remains or lists between sides; its kg:status says whether
    #   it happened or is planned.
    Exchange: URIRef
    # List handover: One side hands the other a list of names for a future exchange; counts are
    #   of names on the list.
    ListHandover: URIRef
    # Media outlet: A news agency, newspaper or broadcaster, as publisher of an article or as a
    #   cited source.
    MediaOutlet: URIRef
    # Mention: A span of an article's text, by character offsets: a name, or the sentence a fact
    #   comes from.
    Mention: URIRef
    # Negotiation: A round of talks between parties, possibly hosted or mediated by a third
    #   party.
    Negotiation: URIRef
    # Organization: An institution other than a state as a whole: a ministry, an agency, the
    #   ICRC, a news agency.
    Organization: URIRef
    # Person: A human being named in the news: an official, a negotiator, a released prisoner.
    Person: URIRef
    # Place: A city, venue or region where an event happens; a country as a whole is a kg:State.
    Place: URIRef
    # Prisoner exchange: Sides release prisoners of war or detainees to each other (a swap).
    PrisonerExchange: URIRef
    # Qualifier: How exact a reported number is: exact, at least, approximately, at most.
    Qualifier: URIRef
    # Release: One side's part in an exchange: which side let people go (kg:releasedBy) and how
    #   many (kg:count, kg:qualifier).
    Release: URIRef
    # Remains return: The bodies of fallen soldiers or civilians are handed over; counts are of
    #   bodies.
    RemainsReturn: URIRef
    # Reporting mode: How an article presents a fact: as its own statement, as reported by
    #   others, as an allegation or as an estimate.
    ReportingMode: URIRef
    # Role: An office or function a person holds, of an actor, possibly in one event: "head of
    #   the Russian delegation".
    Role: URIRef
    # Sentence: A sentence of an article, used as the evidence of facts and as context of
    #   mentions.
    Sentence: URIRef
    # State: A country standing for its government: "Moscow", "the Kremlin" and "Russia" are the
    #   same state actor.
    State: URIRef
    # Status: Whether an exchange has happened or is only agreed, offered or planned.
    Status: URIRef

    # --- Datatypes ---
    # CAMEO code: The datatype of CAMEO event codes ("0841") used as skos:notation in the
    #   kg:CAMEO scheme.
    CAMEOCode: URIRef
    # PLOVER code: The datatype of PLOVER event types ("CONSULT") used as skos:notation in the
    #   kg:PLOVER scheme.
    PLOVERCode: URIRef

    # --- Object properties ---
    # about event: The event the sources disagree about.
    aboutEvent: URIRef
    # agreed at: The negotiation at which the exchange was agreed.
    agreedAt: URIRef
    # at negotiation: The talks the delegation attends.
    atNegotiation: URIRef
    # attributed to: Who the article says the fact comes from ("according to the Russian
    #   Ministry of Defense").
    attributedTo: URIRef
    # category: A group of people the exchange concerns (wounded, civilians, ...).
    category: URIRef
    # claim subject: The actor the claim is about ("Russia" in "Russia holds about 6,000
    #   prisoners").
    claimSubject: URIRef
    # conflicting value: One of the disagreeing values (a release or claim, each with its own
    #   kg:reportedIn).
    conflictingValue: URIRef
    # delegation: A party's delegation at the talks.
    delegation: URIRef
    # delegation of: The party the delegation represents.
    delegationOf: URIRef
    # event type: The event-data code of the event (CAMEO and PLOVER via the code's
    #   skos:notation).
    eventType: URIRef
    # evidence: The span of text, usually a sentence, the fact is read from.
    evidence: URIRef
    # fulfils: Links a completed exchange to the planned exchange it carries out.
    fulfils: URIRef
    # has mention: A span of text where the actor is named.
    hasMention: URIRef
    # headed by: The person who leads the delegation.
    headedBy: URIRef
    # holder: The person who holds the role.
    holder: URIRef
    # host: The actor that hosts the talks.
    host: URIRef
    # in article: The article whose text the offsets refer to.
    inArticle: URIRef
    # in sentence: The sentence that contains the mention.
    inSentence: URIRef
    # intermediary: A third party that mediated or facilitated the exchange.
    intermediary: URIRef
    # mediator: A third party that mediates between the parties.
    mediator: URIRef
    # party: A party negotiating.
    party: URIRef
    # place: Where the event took place: a kg:Place, or a kg:State when only the country is
    #   given.
    place: URIRef
    # qualifier: How exact the number is: exact, at least, approximately, at most.
    qualifier: URIRef
    # release: One side's part of the exchange: who released how many.
    release: URIRef
    # released by: The side that let the people go (or handed over the remains or the list).
    releasedBy: URIRef
    # reported in: An article that reports the fact; a fact reported by several articles has
    #   several values.
    reportedIn: URIRef
    # reporting mode: How the article presents the fact: asserted, reported, alleged or
    #   estimated.
    reportingMode: URIRef
    # role in: The event the role is held in, for roles such as head of a delegation at given
    #   talks.
    roleIn: URIRef
    # role of: The state, organization or person the role is of ("Turkish" in "Turkish Foreign
    #   Minister").
    roleOf: URIRef
    # side: A party whose people are exchanged or returned.
    side: URIRef
    # status: Whether the event happened (kg:Completed) or is agreed, offered, proposed or
    #   scheduled (kg:Planned).
    status: URIRef
    # transit: A country or place the exchange passed through (often the border of a third
    #   state).
    transit: URIRef
    # URL: Where the article was published; the value is an IRI, not a string.
    url: URIRef

    # --- Datatype properties ---
    # alias: Another name the actor or place is referred to by in the news ("UAE", "Moscow" for
    #   Russia).
    alias: URIRef
    # anchor of: The text of the span, exactly as it appears in the article.
    anchorOf: URIRef
    # article id: The article's identifier in the corpus (the file stem or the id field of a
    #   JSON Lines record).
    articleId: URIRef
    # begin index: The character offset where the span starts in the article text (counted from
    #   0, Unicode code points).
    beginIndex: URIRef
    # content hash: A hash of the article's text, to tell whether a re-read article changed.
    contentHash: URIRef
    # count: How many people, bodies or names; written as an xsd:integer literal, never
    #   negative.
    count: URIRef
    # date: The day the event took place (or is planned for).
    date: URIRef
    # disagreement note: What the sources disagree on, in words ("Ukraine released 146 or 150").
    disagreementNote: URIRef
    # end index: The character offset just after the span's last character (exclusive).
    endIndex: URIRef
    # name: The canonical name of an actor, place or named event ("United Arab Emirates", not
    #   "UAE").
    name: URIRef
    # outcome: A result of the talks, in words ("agreed to exchange 1,000 prisoners each").
    outcome: URIRef
    # published: The date the article was published.
    published: URIRef
    # publisher name: The publisher's name as given by the corpus ("TASS", "Reuters").
    publisherName: URIRef
    # role name: The normalized name of the role ("Foreign Minister", "head of delegation").
    roleName: URIRef
    # round: The number of the round of talks (1 for the first); written as an xsd:integer
    #   literal.
    round: URIRef
    # source text: The cited source as the article words it ("a source in law enforcement"),
    #   even when it names no actor.
    sourceText: URIRef
    # statement: What is claimed, in words.
    statement: URIRef
    # title: The article's headline.
    title: URIRef
    # value: The number the claim states.
    value: URIRef
    # Wikidata id: The Wikidata item id ("Q159"); the entity IRI itself is given with
    #   owl:sameAs.
    wikidataId: URIRef

    # --- Concept schemes ---
    # CAMEO: Conflict and Mediation Event Observations event codes, as used by GDELT; notations
    #   are kg:CAMEOCode.
    CAMEO: URIRef
    # Categories: The code list of kg:Category values.
    Categories: URIRef
    # Event types: The code list of kg:EventType values.
    EventTypes: URIRef
    # PLOVER: Political Language Ontology for Verifiable Event Records event types, as used by
    #   POLECAT; coarser than CAMEO, so several event types share one PLOVER code. Notations are
    #   kg:PLOVERCode.
    PLOVER: URIRef
    # Qualifiers: The code list of kg:Qualifier values.
    Qualifiers: URIRef
    # Reporting modes: The code list of kg:ReportingMode values.
    ReportingModes: URIRef
    # Statuses: The code list of kg:Status values.
    Statuses: URIRef

    # --- Code-list values ---
    # alleged: A party accuses or alleges; the article does not vouch for it.
    Alleged: URIRef
    # approximately: The number is an estimate: "about", "around", "some".
    Approximately: URIRef
    # asserted: The article states the fact in its own voice.
    Asserted: URIRef
    # at least: The number is a lower bound: "at least", "over", "more than".
    AtLeast: URIRef
    # at most: The number is an upper bound: "up to", "fewer than".
    AtMost: URIRef
    # bodies: Bodies or remains of the dead.
    Bodies: URIRef
    # children: Minors.
    Children: URIRef
    # civilians: Civilians, as opposed to military personnel.
    Civilians: URIRef
    # completed: The exchange took place.
    Completed: URIRef
    # elderly: Elderly people.
    Elderly: URIRef
    # estimated: The value is an estimate by the article or its source.
    Estimated: URIRef
    # exact: The number is given as is: "146 prisoners".
    Exact: URIRef
    # foreign nationals: Citizens of a third country among the people released (foreign
    #   fighters, dual nationals).
    ForeignNationals: URIRef
    # mediate: Mediate between parties (CAMEO 045, PLOVER CONSULT).
    Mediate: URIRef
    # military: Soldiers, servicemen and prisoners of war.
    Military: URIRef
    # negotiate: Engage in negotiation: rounds of talks (CAMEO 046, PLOVER CONSULT).
    Negotiate: URIRef
    # planned: The exchange was agreed, offered or proposed and has not happened (yet).
    Planned: URIRef
    # political prisoners: People held for their political activity or opinions.
    PoliticalPrisoners: URIRef
    # release persons: Release or return persons: prisoner exchanges, returns of civilians and
    #   remains (CAMEO 0841, PLOVER RETREAT).
    ReleasePersons: URIRef
    # reported: The article passes on what a source said: "according to", "reportedly", "the
    #   ministry said".
    Reported: URIRef
    # seriously ill: Seriously or gravely ill people.
    SeriouslyIll: URIRef
    # sign agreement: Sign a formal agreement (CAMEO 057, PLOVER AGREE).
    SignAgreement: URIRef
    # women: Women.
    Women: URIRef
    # wounded: Wounded or injured people.
    Wounded: URIRef
    # young: Young soldiers or detainees (often: under 25).
    Young: URIRef
