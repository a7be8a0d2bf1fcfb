"""Fixtures shared by the whole suite: demo PKI, lab servers, TLS contexts, tokens."""

from __future__ import annotations

import dataclasses
import ssl
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from t3gui.lab.config import LabConfig
from t3gui.lab.pki import write_demo_pki
from t3gui.lab.server import LabServer
from t3gui.lab.tokens import mint_token
from t3gui.protocol import jwt


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_demo_pki(tmp_path_factory.mktemp("pki"), "localhost")


@pytest.fixture(scope="session")
def lab_config(pki: dict[str, Path]) -> LabConfig:
    return LabConfig(port=0, udp_port=0, cert=pki["server-good.pem"], key=pki["server-good.key"],
                     jwt_key=pki["jwt-es256.pub.pem"])


LabFactory = Callable[..., Any]


@pytest.fixture
def lab(lab_config: LabConfig) -> LabFactory:
    """``async with lab(**overrides) as server``: a lab server on loopback ports."""

    @asynccontextmanager
    async def start(**overrides: Any) -> AsyncIterator[LabServer]:
        server = LabServer(dataclasses.replace(lab_config, **overrides))
        await server.start()
        try:
            yield server
        finally:
            await server.stop()

    return start


@pytest.fixture(scope="session")
def client_tls(pki: dict[str, Path]) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(pki["root-ca.pem"]))


@pytest.fixture(scope="session")
def token(pki: dict[str, Path]) -> Callable[..., str]:
    """``token(**claims)``: a token signed with the demo ES256 key."""
    key = jwt.load_signing_key(pki["jwt-es256.key"].read_bytes())

    def mint(**kwargs: Any) -> str:
        return mint_token(key, **kwargs)

    return mint
