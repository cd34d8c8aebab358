"""The cooperation network's metrics, computed on a plain list of ties (no Django here).

igraph does the work: on a generated graph of 50,000 nodes and 500,000 edges it builds the
graph, runs PageRank and finds communities many times faster than networkx
(bench/analytics.py measures both side by side). networkx is the test oracle on small graphs
(tests/test_graph.py).

Ties are undirected. Several ties between two organizations (two agreements, an agreement
and a meeting) merge into one edge whose weight is their sum. Weighted degree, PageRank and
communities use the weights; betweenness counts hops, because a tie's weight says how strong
a cooperation is, not how far apart two members are.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import igraph

# Exact betweenness costs one breadth-first search per node (about 26 minutes at 50,000
# nodes and 500,000 edges); above this many nodes it is estimated from a sample of sources.
EXACT_BETWEENNESS_MAX_NODES = 5_000
BETWEENNESS_SAMPLE_SOURCES = 500


@dataclass(frozen=True)
class Node:
    """An organization as the network sees it."""

    id: int
    country: str = ""
    city: str = ""


@dataclass(frozen=True)
class Tie:
    """One cooperation between two organizations: an agreement, an accepted interest, a
    meeting held, an event organized together."""

    a: int
    b: int
    weight: float
    kind: str
    year: int | None = None
    sectors: tuple[str, ...] = ()
    work_areas: tuple[str, ...] = ()


@dataclass
class Edge:
    """All ties between two organizations, merged (a < b)."""

    a: int
    b: int
    weight: float = 0.0
    ties: int = 0
    years: set[int] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    sectors: set[str] = field(default_factory=set)
    work_areas: set[str] = field(default_factory=set)


@dataclass
class Position:
    """One organization's place in the network."""

    degree: int = 0
    weighted_degree: float = 0.0
    betweenness: float = 0.0
    pagerank: float = 0.0
    coreness: int = 0
    community: int | None = None
    cross_border_share: float | None = None  # None: no ties, so no share
    countries: tuple[str, ...] = ()  # the partners' countries, its own excluded
    rank_degree: int = 0
    rank_pagerank: int = 0
    rank_betweenness: int = 0


@dataclass
class Network:
    """Metrics of every node, the merged edges, and how betweenness was obtained."""

    positions: dict[int, Position]
    edges: list[Edge]
    communities: int
    betweenness_sources: int | None  # None: exact; otherwise the sampled sources


def merge_ties(ties: Iterable[Tie]) -> list[Edge]:
    """One edge per pair of organizations; ties of an organization with itself are dropped."""
    edges: dict[tuple[int, int], Edge] = {}
    for tie in ties:
        if tie.a == tie.b:
            continue
        a, b = (tie.a, tie.b) if tie.a < tie.b else (tie.b, tie.a)
        edge = edges.get((a, b))
        if edge is None:
            edge = edges[(a, b)] = Edge(a=a, b=b)
        edge.weight += tie.weight
        edge.ties += 1
        edge.kinds.add(tie.kind)
        if tie.year is not None:
            edge.years.add(tie.year)
        edge.sectors.update(tie.sectors)
        edge.work_areas.update(tie.work_areas)
    return sorted(edges.values(), key=lambda edge: (edge.a, edge.b))


# Values equal to this many significant digits share a rank: PageRank's iterations leave
# differences of 1e-17 between members whose positions are the same.
RANK_DIGITS = 12


def ranks(values: Sequence[float]) -> list[int]:
    """Competition ranks, highest first: equal values share a rank ("1, 2, 2, 4")."""
    values = [float(f"{value:.{RANK_DIGITS}g}") for value in values]
    order = sorted(range(len(values)), key=lambda i: -values[i])
    result = [0] * len(values)
    previous: float | None = None
    rank = 0
    for position, index in enumerate(order, start=1):
        if values[index] != previous:
            rank, previous = position, values[index]
        result[index] = rank
    return result


def betweenness(
    graph: igraph.Graph, *, sources: int | None, rng: random.Random
) -> tuple[list[float], int | None]:
    """Normalized betweenness (as networkx's `normalized=True`), exact on graphs up to
    EXACT_BETWEENNESS_MAX_NODES nodes, else estimated from `sources` random sources: the
    paths from a uniform sample of k sources, scaled by n / k, are an unbiased estimate
    (Brandes and Pich 2007). Returns the values and the sources used (None: exact)."""
    n = graph.vcount()
    if n < 3:
        return [0.0] * n, None
    if sources is None and n > EXACT_BETWEENNESS_MAX_NODES:
        sources = BETWEENNESS_SAMPLE_SOURCES
    if sources is None or sources >= n:
        raw, used = graph.betweenness(directed=False), None
    else:
        sample = rng.sample(range(n), sources)
        raw = [value * n / sources for value in graph.betweenness(directed=False, sources=sample)]
        used = sources
    scale = 2 / ((n - 1) * (n - 2))
    return [value * scale for value in raw], used


def communities(graph: igraph.Graph, *, rng: random.Random) -> list[int]:
    """Leiden communities maximizing weighted modularity, numbered by size (0 = largest);
    isolated members are each a community of their own. Seeded, so a rerun on the same
    network gives the same numbers."""
    if graph.ecount() == 0:
        membership = list(range(graph.vcount()))
    else:
        # igraph draws from one process-wide generator (Python's `random` by default,
        # which it is given back afterwards).
        igraph.set_random_number_generator(rng)
        try:
            membership = graph.community_leiden(
                objective_function="modularity", weights="weight", n_iterations=-1
            ).membership
        finally:
            igraph.set_random_number_generator(random)
    sizes: dict[int, int] = defaultdict(int)
    for community in membership:
        sizes[community] += 1
    by_size = sorted(sizes, key=lambda community: (-sizes[community], community))
    renumber = {community: number for number, community in enumerate(by_size)}
    return [renumber[community] for community in membership]


def compute(
    nodes: Sequence[Node],
    ties: Iterable[Tie],
    *,
    betweenness_sources: int | None = None,
    seed: int = 0,
) -> Network:
    """Every metric of every node. Ties whose ends are not among `nodes` are left out (an
    organization deleted since, or one the audience may not see)."""
    index = {node.id: number for number, node in enumerate(nodes)}
    edges = [edge for edge in merge_ties(ties) if edge.a in index and edge.b in index]
    graph = igraph.Graph(
        n=len(nodes), edges=[(index[edge.a], index[edge.b]) for edge in edges], directed=False
    )
    graph.es["weight"] = [edge.weight for edge in edges]
    rng = random.Random(seed)  # sampling for betweenness, not a secret  # nosec B311

    degree = graph.degree()
    strength = graph.strength(weights="weight") if edges else [0.0] * len(nodes)
    pagerank = graph.pagerank(weights="weight" if edges else None, directed=False)
    between, used = betweenness(graph, sources=betweenness_sources, rng=rng)
    coreness = graph.coreness()
    membership = communities(graph, rng=rng)
    reach = _reach(nodes, edges)

    rank_degree, rank_pagerank, rank_between = ranks(degree), ranks(pagerank), ranks(between)
    positions = {}
    for number, node in enumerate(nodes):
        partners_countries, cross_border, partners = reach[node.id]
        positions[node.id] = Position(
            degree=degree[number],
            weighted_degree=float(strength[number]),
            betweenness=between[number],
            pagerank=pagerank[number],
            coreness=coreness[number],
            community=membership[number],
            cross_border_share=(cross_border / partners) if partners else None,
            countries=tuple(sorted(partners_countries)),
            rank_degree=rank_degree[number],
            rank_pagerank=rank_pagerank[number],
            rank_betweenness=rank_between[number],
        )
    return Network(
        positions=positions,
        edges=edges,
        communities=len(set(membership)),
        betweenness_sources=used,
    )


def _reach(nodes: Sequence[Node], edges: Sequence[Edge]) -> dict[int, tuple[set[str], int, int]]:
    """Per node: its partners' countries (its own excluded), how many partners sit in
    another country, and how many partners it has. The cross-border share counts
    partners, not ties, so two agreements with one neighbour do not count as two borders."""
    country = {node.id: node.country for node in nodes}
    reach: dict[int, tuple[set[str], int, int]] = {node.id: (set(), 0, 0) for node in nodes}
    for edge in edges:
        for this, other in ((edge.a, edge.b), (edge.b, edge.a)):
            countries, cross, partners = reach[this]
            abroad = bool(country[other]) and country[other] != country[this]
            if abroad:
                countries.add(country[other])
            reach[this] = (countries, cross + abroad, partners + 1)
    return reach


@dataclass(frozen=True)
class AggregateEdge:
    """Ties between two places (cities or countries), summed."""

    a: str
    b: str
    weight: float
    ties: int


def aggregate(
    nodes: Sequence[Node], edges: Iterable[Edge], key: Callable[[Node], str]
) -> list[AggregateEdge]:
    """The network between places: each edge goes to the pair of its ends' places (the
    key of each node, for example its country); edges within one place are kept as a
    loop (a == b), since a country's inner cooperation is a figure too. Nodes whose key
    is empty are left out."""
    place = {node.id: key(node) for node in nodes}
    totals: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0])
    for edge in edges:
        a, b = place.get(edge.a, ""), place.get(edge.b, "")
        if not a or not b:
            continue
        pair = (a, b) if a <= b else (b, a)
        totals[pair][0] += edge.weight
        totals[pair][1] += edge.ties
    return [
        AggregateEdge(a=a, b=b, weight=weight, ties=int(ties))
        for (a, b), (weight, ties) in sorted(totals.items())
    ]
