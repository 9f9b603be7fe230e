"""Graph comparison with a readable diff, for golden-file tests."""

from rdflib import Dataset, Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic


def assert_isomorphic(expected: Graph, actual: Graph) -> None:
    """Fail with the triples only in one graph or the other, as sorted N-Triples lines."""
    if isomorphic(expected, actual):
        return
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))

    def lines(graph):
        return sorted(graph.serialize(format="nt").splitlines())

    raise AssertionError(
        "graphs differ\n--- only in expected:\n" + "\n".join(lines(only_expected))
        + "\n+++ only in actual:\n" + "\n".join(lines(only_actual))
    )


def named_graphs(dataset: Dataset) -> dict[str, Graph]:
    """Each non-empty named graph of a dataset as its own Graph, by graph IRI."""
    out = {}
    for context in dataset.graphs():
        if len(context):
            graph = Graph()
            for triple in context:
                graph.add(triple)
            out[str(context.identifier)] = graph
    return out
