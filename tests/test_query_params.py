"""Query parameters: declared with # @param, bound into their VALUES line as checked RDF terms."""

import pyoxigraph as ox
import pytest

from kgbuild.errors import QueryError
from kgbuild.query import run_query
from kgbuild.query_params import bind_parameters, declared_parameters, parse_assignments

KG = "https://w3id.org/kgbuild/ns#"
QUERY = """# Names and statuses.
# @param name               an actor's name (default: any)
# @param since [date]       first day (default: any)
# @param status [term]      Completed and/or Planned (default: Completed)
PREFIX kg: <https://w3id.org/kgbuild/ns#>
SELECT ?actor WHERE {
  VALUES ?actorName { UNDEF }           # PARAMETER name
  VALUES ?since { UNDEF }               # PARAMETER since
  VALUES ?statusIri { kg:Completed }    # PARAMETER status
  GRAPH ?g { ?actor kg:name ?actorName ; kg:status ?statusIri ; kg:date ?date }
  FILTER (!BOUND(?since) || ?date >= ?since)
} ORDER BY ?actor
"""


@pytest.fixture
def store():
    store = ox.Store()
    graph = ox.NamedNode("http://example.org/g")
    for local, name, status, day in (("a", "Qatar", "Completed", "2025-01-05"), ("b", 'Ru"ssia } #', "Completed",
                                     "2025-03-01"), ("c", "Oman", "Planned", "2025-02-01")):
        actor = ox.NamedNode(f"http://example.org/{local}")
        store.add(ox.Quad(actor, ox.NamedNode(KG + "name"), ox.Literal(name), graph))
        store.add(ox.Quad(actor, ox.NamedNode(KG + "status"), ox.NamedNode(KG + status), graph))
        store.add(ox.Quad(actor, ox.NamedNode(KG + "date"),
                          ox.Literal(day, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")), graph))
    return store


def found(store, params) -> list[str]:
    return [s["actor"].value.rsplit("/", 1)[-1] for s in run_query(store, QUERY, params=params)]


def test_the_declarations_give_name_type_meaning_and_default():
    assert [(p.name, p.type, p.default) for p in declared_parameters(QUERY)] == [
        ("name", "text", "any"), ("since", "date", "any"), ("status", "term", "Completed")]
    assert declared_parameters(QUERY)[1].meaning == "first day"


def test_parameters_choose_rows_and_several_values_are_several_rows(store):
    assert found(store, {}) == ["a", "b"]
    assert found(store, {"name": "Qatar"}) == ["a"]
    assert found(store, {"since": "2025-02-01"}) == ["b"]
    assert found(store, {"status": ["Completed", "kg:Planned"]}) == ["a", "b", "c"]


def test_a_value_is_a_literal_and_never_query_text(store):
    """Quotes, braces and comment marks in a value stay in the literal: it finds the actor with that name."""
    assert found(store, {"name": 'Ru"ssia } #'}) == ["b"]
    assert found(store, {"name": 'x" } } DELETE WHERE { ?s ?p ?o } #'}) == []
    assert len(store) == 9


@pytest.mark.parametrize("params, message", [
    ({"nmae": "Qatar"}, "has no parameter 'nmae'; its parameters are name, since, status"),
    ({"since": "2025-02-30"}, "takes a date YYYY-MM-DD"),
    ({"since": "1 March"}, "takes a date YYYY-MM-DD"),
    ({"status": "Done"}, "takes a term of the kg: vocabulary"),
    ({"status": "Completed> } #"}, "takes a term of the kg: vocabulary"),
    ({"name": ""}, "needs a value"),
    ({"name": "caf\udce9"}, "is not valid text"),
])
def test_bad_names_and_values_are_one_line_errors(store, params, message):
    with pytest.raises(QueryError, match=message) as error:
        found(store, params)
    assert "\n" not in str(error.value)


def test_a_query_without_parameters_says_so():
    with pytest.raises(QueryError, match="has no parameters"):
        bind_parameters("SELECT * WHERE { ?s ?p ?o }", {"side": "x"})


def test_a_declaration_without_its_values_line_or_unreadable_is_named():
    with pytest.raises(QueryError, match="needs one 'VALUES"):
        bind_parameters("# @param side  a side (default: any)\nSELECT * WHERE { ?s ?p ?o }", {"side": "x"})
    with pytest.raises(QueryError, match="cannot read '# @param side'"):
        declared_parameters("# @param side\nSELECT * WHERE { ?s ?p ?o }")


def test_assignments_are_name_equals_value_and_repeatable():
    assert parse_assignments(["status=Completed", "name=a=b", "status=Planned"]) == {
        "status": ["Completed", "Planned"], "name": ["a=b"]}
    with pytest.raises(QueryError, match="NAME=VALUE"):
        parse_assignments(["side"])
