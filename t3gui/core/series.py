"""The round-trip series t3gui records, declared once: their names, their order and their plot colours.

The names are written into reports ("measurements"), bundles and metrics; the
order is the order of legends and tables, and a series' index in a bundle's
samples (t3gui.core.bundle.samples_codec), so a new series is only ever added
at the end. Their titles, in every language, are the "series.NAME" strings.
"""

from __future__ import annotations

T3_UDP = "t3_udp"  # T3 heartbeats over UDP, the data path
T3_TCP = "t3_tcp"  # T3 heartbeats over the TLS control connection
TCP_CONNECT = "tcp_connect"  # the time a TCP connect to the control port takes
ICMP = "icmp"  # ping

NAMES: tuple[str, ...] = (T3_UDP, T3_TCP, TCP_CONNECT, ICMP)

# One colour per series wherever it is drawn: the window's live and bundle plots, the bundle's HTML report.
COLOURS: dict[str, str] = {T3_UDP: "#1f77b4", T3_TCP: "#9467bd", TCP_CONNECT: "#ff7f0e", ICMP: "#2ca02c"}
OTHER_COLOUR = "#888888"  # a series this version does not know (from a newer bundle)


def colour(name: str) -> str:
    return COLOURS.get(name, OTHER_COLOUR)
