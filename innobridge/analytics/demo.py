"""Demo: the cooperation network of the demo's agreements, interests, meetings and events,
computed once the other demos are loaded (settings.DEMO_LOADERS lists this one last), so
that the network position of every demo member shows before the worker's first run."""

from __future__ import annotations

from innobridge.analytics import services


def demo_load() -> str:
    result = services.network_refresh()
    return f"{len(result.computed)} network editions computed, {len(result.unchanged)} unchanged"
