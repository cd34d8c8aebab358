"""The network metrics (graph.py) on small graphs computed by hand, and against networkx on
random ones (networkx is the oracle; igraph does the work in the product)."""

from __future__ import annotations

import random

import igraph
import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innobridge.analytics import graph
from innobridge.analytics.graph import Node, Tie


def tie(a: int, b: int, weight: float = 1.0, kind: str = "agreement", **extra) -> Tie:
    return Tie(a=a, b=b, weight=weight, kind=kind, **extra)


def nodes(*ids: int, country: str = "CN") -> list[Node]:
    return [Node(id=number, country=country) for number in ids]


# --- by hand ------------------------------------------------------------------------------


def test_a_path_of_five_has_its_centre_on_most_shortest_paths():
    # 1-2-3-4-5: node 3 lies on the paths of (1,4) (1,5) (2,4) (2,5): 4 of the 6 pairs of
    # the other four nodes; node 2 on (1,3) (1,4) (1,5): 3. Normalized by (n-1)(n-2)/2 = 6.
    network = graph.compute(nodes(1, 2, 3, 4, 5), [tie(1, 2), tie(2, 3), tie(3, 4), tie(4, 5)])

    assert {pk: p.betweenness for pk, p in network.positions.items()} == pytest.approx(
        {1: 0.0, 2: 0.5, 3: 4 / 6, 4: 0.5, 5: 0.0}
    )
    assert {pk: p.degree for pk, p in network.positions.items()} == {1: 1, 2: 2, 3: 2, 4: 2, 5: 1}
    assert {pk: p.coreness for pk, p in network.positions.items()} == {
        1: 1, 2: 1, 3: 1, 4: 1, 5: 1
    }  # fmt: skip
    assert network.betweenness_sources is None  # exact


def test_a_star_ranks_its_hub_first_and_the_leaves_equal():
    network = graph.compute(nodes(1, 2, 3, 4), [tie(1, 2), tie(1, 3), tie(1, 4)])

    hub, leaf = network.positions[1], network.positions[2]
    assert (hub.degree, hub.betweenness, hub.rank_degree, hub.rank_pagerank) == (3, 1.0, 1, 1)
    # the three leaves share the second place: competition ranking "1, 2, 2, 2"
    assert (leaf.rank_degree, leaf.rank_pagerank, leaf.rank_betweenness) == (2, 2, 2)


def test_two_triangles_joined_by_a_bridge_with_a_pendant():
    # triangles {1,2,3} and {4,5,6}, bridge 3-4, pendant 7 on 6
    ties = [tie(1, 2), tie(2, 3), tie(1, 3), tie(4, 5), tie(5, 6), tie(4, 6), tie(3, 4), tie(6, 7)]
    network = graph.compute(nodes(1, 2, 3, 4, 5, 6, 7), ties)

    assert {pk: p.coreness for pk, p in network.positions.items()} == {
        1: 2, 2: 2, 3: 2, 4: 2, 5: 2, 6: 2, 7: 1
    }  # fmt: skip
    communities = {pk: p.community for pk, p in network.positions.items()}
    assert communities[1] == communities[2] == communities[3]
    assert communities[4] == communities[5] == communities[6]
    assert communities[1] != communities[4]
    # the bridge's ends carry every path between the triangles: 3 lies on the paths of the
    # 2 × 4 = 8 pairs (1, 2 to 4, 5, 6, 7) of the 15 pairs of the other six
    assert network.positions[3].betweenness == pytest.approx(8 / 15)


def test_parallel_ties_add_their_weights_and_an_isolated_member_has_no_share():
    network = graph.compute(
        [Node(1, "CN"), Node(2, "VN"), Node(3, "CN")],
        [tie(1, 2, 3.0), tie(2, 1, 0.5, kind="meeting")],
    )

    first, lonely = network.positions[1], network.positions[3]
    assert (first.degree, first.weighted_degree) == (1, 3.5)
    assert (lonely.degree, lonely.weighted_degree, lonely.cross_border_share) == (0, 0.0, None)
    assert lonely.community not in {first.community, network.positions[2].community}
    assert network.communities == 2


def test_cross_border_share_counts_partners_not_ties():
    # 1 (CN) has two agreements with 2 (VN) and one with 3 (CN): one foreign partner of two
    network = graph.compute(
        [Node(1, "CN"), Node(2, "VN"), Node(3, "CN"), Node(4, "RU")],
        [tie(1, 2), tie(1, 2), tie(1, 3), tie(2, 4)],
    )

    assert (network.positions[1].cross_border_share, network.positions[1].countries) == (
        0.5,
        ("VN",),
    )
    assert (network.positions[2].cross_border_share, network.positions[2].countries) == (
        1.0,
        ("CN", "RU"),
    )


def test_communities_are_numbered_by_size_largest_first():
    five = [tie(a, b) for a in range(1, 6) for b in range(a + 1, 6)]
    three = [tie(a, b) for a in range(10, 13) for b in range(a + 1, 13)]
    network = graph.compute(nodes(1, 2, 3, 4, 5, 10, 11, 12), [*five, *three, tie(5, 10)])

    assert {p.community for pk, p in network.positions.items() if pk < 10} == {0}
    assert {p.community for pk, p in network.positions.items() if pk >= 10} == {1}


def test_ranks_share_places_like_a_competition():
    assert graph.ranks([3.0, 5.0, 5.0, 1.0]) == [3, 1, 1, 4]
    assert graph.ranks([]) == []


def test_merge_ties_drops_self_ties_and_merges_pairs_in_either_order():
    edges = graph.merge_ties(
        [
            tie(2, 1, 1.0, year=2024, sectors=("energy",)),
            tie(1, 2, 2.0, kind="meeting", year=2025, work_areas=("training",)),
            tie(3, 3, 9.0),
        ]
    )

    assert edges == [
        graph.Edge(
            a=1,
            b=2,
            weight=3.0,
            ties=2,
            years={2024, 2025},
            kinds={"agreement", "meeting"},
            sectors={"energy"},
            work_areas={"training"},
        )
    ]


def test_ties_to_members_not_in_the_network_are_left_out():
    network = graph.compute(nodes(1, 2), [tie(1, 2), tie(1, 99)])

    assert [(edge.a, edge.b) for edge in network.edges] == [(1, 2)]
    assert network.positions[1].degree == 1


def test_aggregate_sums_ties_between_places_and_keeps_inner_ones_as_loops():
    members = [Node(1, "CN", "Chengdu"), Node(2, "CN", "Mianyang"), Node(3, "VN", "Hanoi"),
               Node(4, "", "")]  # fmt: skip
    edges = graph.merge_ties([tie(1, 2, 2.0), tie(1, 3, 1.0), tie(2, 3, 0.5), tie(3, 4)])

    assert graph.aggregate(members, edges, key=lambda node: node.country) == [
        graph.AggregateEdge(a="CN", b="CN", weight=2.0, ties=1),
        graph.AggregateEdge(a="CN", b="VN", weight=1.5, ties=2),
    ]
    assert [(e.a, e.b) for e in graph.aggregate(members, edges, key=lambda n: n.city)] == [
        ("Chengdu", "Hanoi"),
        ("Chengdu", "Mianyang"),
        ("Hanoi", "Mianyang"),
    ]


@pytest.mark.parametrize(
    ("members", "ties"),
    [([], []), (nodes(1, 2, 3), []), (nodes(1, 2), [tie(1, 2)])],
)
def test_small_and_empty_networks_compute(members, ties):
    network = graph.compute(members, ties)

    assert set(network.positions) == {node.id for node in members}
    assert all(position.betweenness == 0.0 for position in network.positions.values())
    assert sum(p.pagerank for p in network.positions.values()) == pytest.approx(
        1.0 if members else 0.0
    )


def test_the_same_input_gives_the_same_network():
    rng = random.Random(4)
    ties = [tie(rng.randrange(40), rng.randrange(40), rng.random()) for _ in range(120)]

    first, second = graph.compute(nodes(*range(40)), ties), graph.compute(nodes(*range(40)), ties)

    assert first.positions == second.positions
    assert first.edges == second.edges


# --- networkx as the oracle -------------------------------------------------------------


def _random_network(seed: int, n: int, m: int) -> tuple[list[Node], list[Tie], nx.Graph]:
    rng = random.Random(seed)
    reference = nx.gnm_random_graph(n, m, seed=seed)
    for a, b in reference.edges:
        reference[a][b]["weight"] = round(rng.uniform(0.1, 3.0), 3)
    members = [Node(id=number, country=rng.choice(["CN", "VN", "RU", "TH"])) for number in range(n)]
    ties = [tie(a, b, data["weight"]) for a, b, data in reference.edges(data=True)]
    return members, ties, reference


@pytest.mark.parametrize(("seed", "n", "m"), [(1, 30, 45), (2, 60, 90), (3, 80, 240)])
def test_metrics_equal_networkx_on_random_graphs(seed, n, m):
    members, ties, reference = _random_network(seed, n, m)

    network = graph.compute(members, ties)

    positions = network.positions
    assert {k: p.degree for k, p in positions.items()} == dict(reference.degree())
    assert {k: p.weighted_degree for k, p in positions.items()} == pytest.approx(
        dict(reference.degree(weight="weight"))
    )
    assert {k: p.betweenness for k, p in positions.items()} == pytest.approx(
        nx.betweenness_centrality(reference, normalized=True)
    )
    assert {k: p.pagerank for k, p in positions.items()} == pytest.approx(
        nx.pagerank(reference, weight="weight", tol=1e-12), abs=1e-6
    )
    assert {k: p.coreness for k, p in positions.items()} == nx.core_number(reference)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_communities_are_as_modular_as_networkx_louvain(seed):
    members, ties, reference = _random_network(seed, 80, 200)

    network = graph.compute(members, ties)

    groups: dict[int, set[int]] = {}
    for pk, position in network.positions.items():
        groups.setdefault(position.community, set()).add(pk)
    ours = nx.community.modularity(reference, groups.values(), weight="weight")
    louvain = nx.community.louvain_communities(reference, weight="weight", seed=seed)
    assert ours >= nx.community.modularity(reference, louvain, weight="weight") - 0.02


def test_sampled_betweenness_with_every_source_is_exact():
    _members, ties, reference = _random_network(5, 60, 150)
    built = igraph.Graph(n=60, edges=[(t.a, t.b) for t in ties])

    sampled, used = graph.betweenness(built, sources=60, rng=random.Random(0))

    assert used is None  # every node a source: the exact computation
    assert dict(enumerate(sampled)) == pytest.approx(nx.betweenness_centrality(reference))


def test_sampled_betweenness_is_unbiased_and_finds_the_top_members():
    # 300 nodes, 100 sampled sources: over 40 samples the mean is within 3 % of the exact
    # total, and one sample's top 10 shares at least 7 members with the exact top 10
    # (8 to 10 were seen over seeds 0-9 when this test was written).
    reference = nx.barabasi_albert_graph(300, 3, seed=11)
    built = igraph.Graph(n=300, edges=list(reference.edges))
    exact = nx.betweenness_centrality(reference)

    samples = [graph.betweenness(built, sources=100, rng=random.Random(s))[0] for s in range(40)]

    mean_total = sum(sum(sample) for sample in samples) / len(samples)
    assert mean_total == pytest.approx(sum(exact.values()), rel=0.03)
    exact_top = set(sorted(exact, key=exact.get, reverse=True)[:10])
    sample_top = set(sorted(range(300), key=lambda i: samples[0][i], reverse=True)[:10])
    assert len(exact_top & sample_top) >= 7


def test_large_networks_sample_betweenness_by_default(monkeypatch):
    monkeypatch.setattr(graph, "EXACT_BETWEENNESS_MAX_NODES", 50)
    monkeypatch.setattr(graph, "BETWEENNESS_SAMPLE_SOURCES", 20)
    members, ties, _reference = _random_network(6, 100, 300)

    assert graph.compute(members, ties).betweenness_sources == 20


@settings(max_examples=40, deadline=None)
@given(
    st.integers(min_value=1, max_value=25).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(
                st.tuples(
                    st.integers(0, n - 1),
                    st.integers(0, n - 1),
                    st.floats(min_value=0.1, max_value=5, allow_nan=False),
                ),
                max_size=60,
            ),
        )
    )
)
def test_any_network_has_degrees_as_networkx_and_pagerank_summing_to_one(case):
    n, raw = case
    ties = [tie(a, b, w) for a, b, w in raw]
    reference = nx.Graph()
    reference.add_nodes_from(range(n))
    reference.add_edges_from((a, b) for a, b, _w in raw if a != b)

    network = graph.compute(nodes(*range(n)), ties)

    assert {k: p.degree for k, p in network.positions.items()} == dict(reference.degree())
    assert sum(p.pagerank for p in network.positions.values()) == pytest.approx(1.0)
    assert {k: p.coreness for k, p in network.positions.items()} == nx.core_number(reference)
