"""The data of every check, as frozen dataclasses (sslyze's per-plugin result is the model).

A check builds its data through its type and another check, the GUI or the bundle writer reads it
through the same type, never by key: ``TcpConnectData.of(result)``, ``CertificateData.in_report(report)``.
``from_json`` validates what it reads (a bundle's report is hostile input): a wrong type or too many
items is a ``DataFormatError``, and ``of`` then gives None, as for a check that did not run.
One module per area; everything is imported from here.
"""

from t3gui.core.check_data.base import (
    MAX_CHAIN,
    MAX_ENDPOINTS,
    MAX_HOPS,
    MAX_ITEMS,
    CheckData,
    DataFormatError,
)
from t3gui.core.check_data.network import (
    MTU_RESULTS,
    DnsData,
    Endpoint,
    IcmpEchoData,
    IcmpNote,
    LocalNetworkData,
    LocalProxyData,
    MtuData,
    NetworkInterface,
    PathQualityData,
    TcpConnectData,
    TraceData,
)
from t3gui.core.check_data.t3 import (
    MAX_AUTH_METHODS,
    TOKEN_CLAIMS,
    TOKEN_HEADER,
    AuthServerData,
    ClockData,
    HeartbeatData,
    HelloAckData,
    ServerError,
    ServerLoad,
    StatusData,
    T3HandshakeData,
    TokenData,
)
from t3gui.core.check_data.tls import CertificateData, TlsHandshakeData

__all__ = [
    "MAX_AUTH_METHODS", "MAX_CHAIN", "MAX_ENDPOINTS", "MAX_HOPS", "MAX_ITEMS", "MTU_RESULTS", "TOKEN_CLAIMS",
    "TOKEN_HEADER", "AuthServerData", "CertificateData", "CheckData", "ClockData", "DataFormatError", "DnsData",
    "Endpoint", "HeartbeatData", "HelloAckData", "IcmpEchoData", "IcmpNote", "LocalNetworkData", "LocalProxyData",
    "MtuData", "NetworkInterface", "PathQualityData", "ServerError", "ServerLoad", "StatusData",
    "T3HandshakeData", "TcpConnectData", "TlsHandshakeData", "TokenData", "TraceData",
]
