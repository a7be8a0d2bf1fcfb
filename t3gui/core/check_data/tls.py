"""The data of the TLS checks: tls.handshake and tls.certificate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Self

from t3gui.core.check_data.base import (
    MAX_CHAIN,
    CheckData,
    DataFormatError,
    _field,
    _items,
    _listed,
    _object,
    _optional_text,
)
from t3gui.core.model import JsonObject, JsonValue


@dataclass(frozen=True)
class CertificateData(CheckData):
    """tls.certificate: the chain the server sent, described and in PEM, and its revocation."""

    CHECK_ID: ClassVar[str] = "tls.certificate"
    chain: tuple[JsonObject, ...]  # tls_chain.describe of each certificate, leaf first
    chain_pem: tuple[str, ...] | None  # None: taken out of a pseudonymised bundle (DER names hosts)
    revocation: JsonObject | None = None  # revocation.RevocationStatus.as_data, or why it was not checked

    @property
    def names(self) -> tuple[str, ...]:
        """The subject alternative names of every certificate of the chain (host names and addresses)."""
        return tuple(n for c in self.chain for n in _listed(c.get("sans")) if isinstance(n, str))

    def to_json(self) -> dict[str, JsonValue]:
        data: dict[str, JsonValue] = {"chain": list(self.chain)}
        if self.chain_pem is not None:
            data["chain_pem"] = list(self.chain_pem)
        if self.revocation is not None:
            data["revocation"] = self.revocation
        return data

    @classmethod
    def from_json(cls, data: JsonObject) -> Self:
        where = cls.CHECK_ID
        chain = tuple(_object(c, f"{where}.chain[{i}]") for i, c in enumerate(_items(data, "chain", where, MAX_CHAIN)))
        pems = None if "chain_pem" not in data else _items(data, "chain_pem", where, MAX_CHAIN)
        if pems is not None and not all(isinstance(p, str) for p in pems):
            raise DataFormatError(f"{where}.chain_pem holds something other than text")
        revocation = None if data.get("revocation") is None else _object(data["revocation"], f"{where}.revocation")
        return cls(chain, None if pems is None else tuple(str(p) for p in pems), revocation)


@dataclass(frozen=True)
class TlsHandshakeData(CheckData):
    """tls.handshake: the address both handshakes were made with, the name sent, and each
    handshake as tls_probe.HandshakeResult.as_data gives it."""

    CHECK_ID: ClassVar[str] = "tls.handshake"
    address: str
    server_name: str
    verified: JsonObject
    captured: JsonObject
    looks_like: str | None = None  # what the port speaks when it is not TLS

    def to_json(self) -> dict[str, JsonValue]:
        data: dict[str, JsonValue] = {"address": self.address, "server_name": self.server_name,
                                      "verified": self.verified, "captured": self.captured}
        if self.looks_like is not None:
            data["looks_like"] = self.looks_like
        return data

    @classmethod
    def from_json(cls, data: JsonObject) -> Self:
        where = cls.CHECK_ID
        return cls(_field(data, "address", str, where), _field(data, "server_name", str, where),
                   _object(data.get("verified"), f"{where}.verified"),
                   _object(data.get("captured"), f"{where}.captured"), _optional_text(data, "looks_like", where))


