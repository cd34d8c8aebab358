"""Charts of the annual report as SVG drawn here, so the PDF needs no browser: bars, the
world map (an equirectangular projection of ANALYTICS_MAP_FILE) and the network. The
dashboards draw the same data with ECharts in the browser."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from html import escape

import igraph

from innobridge.analytics import graph

PALETTE = ("#0b5cad", "#1d7a3a", "#b42318", "#8a5a00", "#6941c6", "#0e7490", "#c11574",
           "#4d7c0f", "#9a3412", "#334155")  # fmt: skip
MAP_WIDTH, MAP_HEIGHT = 720.0, 330.0
MAP_TOP, MAP_BOTTOM = 84.0, -58.0  # latitudes shown: the Arctic coast to Cape Horn


def bar_chart(
    rows: list[tuple[str, float]], *, width: float = 480, bar: float = 16, font: str = "sans-serif"
) -> str:
    """Horizontal bars, one per (label, value), the value written after each bar."""
    if not rows:
        return ""
    label_width, gap = width * 0.42, 6
    most = max(value for _, value in rows) or 1
    height = len(rows) * (bar + gap)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="{escape(font)}">'
    ]
    for number, (label, value) in enumerate(rows):
        y = number * (bar + gap)
        length = (width - label_width - 60) * value / most
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar * 0.75}" text-anchor="end" '
            f'font-size="10">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar}" '
            f'fill="{PALETTE[0]}"/>'
            f'<text x="{label_width + length + 4:.1f}" y="{y + bar * 0.75}" font-size="10">'
            f"{escape(_plain(value))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _project(longitude: float, latitude: float) -> tuple[float, float]:
    x = (longitude + 180) / 360 * MAP_WIDTH
    y = (MAP_TOP - latitude) / (MAP_TOP - MAP_BOTTOM) * MAP_HEIGHT
    return x, y


@lru_cache(maxsize=4)
def _country_paths(path: str) -> dict[str, str]:
    """SVG path data of each country of the boundary file, by ISO code."""
    with open(path, encoding="utf-8") as handle:
        collection = json.load(handle)
    paths: dict[str, str] = {}
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        data = []
        for polygon in polygons:
            for ring in polygon:
                points = [_project(lon, lat) for lon, lat in ring]
                data.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z")
        paths[feature["properties"]["name"]] = paths.get(
            feature["properties"]["name"], ""
        ) + "".join(data)
    return paths


def world_map(values: dict[str, int], *, map_file: str) -> str:
    """Countries shaded by their value (members, say); countries without one in grey."""
    most = max(values.values(), default=0) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{MAP_WIDTH}" height="{MAP_HEIGHT}" '
             f'viewBox="0 0 {MAP_WIDTH} {MAP_HEIGHT}" role="img">']  # fmt: skip
    for code, data in sorted(_country_paths(map_file).items()):
        value = values.get(code)
        fill = _shade(value / most) if value else "#e5e8ec"
        parts.append(
            f'<path d="{data}" fill="{fill}" stroke="#ffffff" stroke-width="0.3" '
            f'data-country="{escape(code)}"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _shade(share: float) -> str:
    """From a light to the brand blue (#0b5cad) as the share grows."""
    light, dark = (0xDB, 0xE9, 0xF7), (0x0B, 0x5C, 0xAD)
    share = 0.25 + 0.75 * max(0.0, min(share, 1.0))
    return "#" + "".join(
        f"{round(a + (b - a) * share):02x}" for a, b in zip(light, dark, strict=True)
    )


def network(
    net: graph.Network,
    *,
    labels: dict[int, str],
    size: float = 460,
    top: int = 40,
    font: str = "sans-serif",
) -> str:
    """The `top` members by PageRank and the ties between them, placed by a seeded
    Fruchterman-Reingold layout; coloured by community, sized by PageRank."""
    chosen = sorted(
        (pk for pk, position in net.positions.items() if position.degree),
        key=lambda pk: (net.positions[pk].rank_pagerank, pk),
    )[:top]
    if not chosen:
        return ""
    index = {pk: number for number, pk in enumerate(chosen)}
    edges = [(index[e.a], index[e.b]) for e in net.edges if e.a in index and e.b in index]
    layout_graph = igraph.Graph(n=len(chosen), edges=edges)
    start = [[math.cos(2 * math.pi * i / len(chosen)), math.sin(2 * math.pi * i / len(chosen))]
             for i in range(len(chosen))]  # fmt: skip
    coords = layout_graph.layout_fruchterman_reingold(seed=start, niter=500).coords
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1
    margin = 40

    def place(number: int) -> tuple[float, float]:
        return (
            margin + (coords[number][0] - min(xs)) / span * (size - 2 * margin),
            margin + (coords[number][1] - min(ys)) / span * (size - 2 * margin),
        )

    most = max(net.positions[pk].pagerank for pk in chosen) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
             f'viewBox="0 0 {size} {size}" role="img" font-family="{escape(font)}">']  # fmt: skip
    for a, b in edges:
        (x1, y1), (x2, y2) = place(a), place(b)
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                     'stroke="#9aa5b1" stroke-width="0.8"/>')  # fmt: skip
    for pk, number in index.items():
        x, y = place(number)
        position = net.positions[pk]
        radius = 3 + 9 * math.sqrt(position.pagerank / most)
        colour = PALETTE[(position.community or 0) % len(PALETTE)]
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{colour}"/>')
        if position.rank_pagerank <= 10:
            parts.append(f'<text x="{x + radius + 2:.1f}" y="{y + 3:.1f}" font-size="8">'
                         f"{escape(labels.get(pk, ''))}</text>")  # fmt: skip
    parts.append("</svg>")
    return "".join(parts)
