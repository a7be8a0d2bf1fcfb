"""A real diagnosis in which one check breaks: the CLI says what it could not check and exits 4."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from t3gui.checks import registry
from t3gui.cli.main import main
from t3gui.core.check import CheckSpec, Outcome
from t3gui.core.context import CheckContext
from tests.conftest import LabFactory


async def _crashes(ctx: CheckContext) -> Outcome:
    raise ZeroDivisionError("a bug in t3gui")


def _with_broken(check_id: str) -> tuple[CheckSpec, ...]:
    return tuple(dataclasses.replace(s, run=_crashes) if s.id == check_id else s for s in registry.CHECKS)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
async def test_a_broken_check_on_a_healthy_server_is_inconclusive(
        lab: LabFactory, pki: dict[str, Path], token: object, tmp_path: Path, lang: str,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    token_file = tmp_path / "t.jwt"
    assert callable(token)
    token_file.write_text(token(sub="alice"))
    monkeypatch.setattr(registry, "CHECKS", _with_broken("auth.server"))
    async with lab(users=("alice",)) as server:
        args = ["diagnose", f"127.0.0.1:{server.port}", "--udp-port", str(server.udp_port), "--server-name",
                "localhost", "--token-file", str(token_file), "--ca-file", str(pki["root-ca.pem"]),
                "--timeout", "6", "--lang", lang]  # generous: a loaded CI machine must not time out a check
        import asyncio

        text_status = await asyncio.to_thread(main, args)
        text = capsys.readouterr().out
        json_status = await asyncio.to_thread(main, [*args, "--json"])
        doc = json.loads(capsys.readouterr().out)
    assert text_status == json_status == 4
    assert doc["verdict"]["status"] == "inconclusive" and doc["verdict"]["root_cause"] is None
    unchecked = {u["check"]: u for u in doc["verdict"]["unchecked"]}
    assert unchecked["auth.server"]["reason"] == "bug"
    assert unchecked["t3.heartbeat"] == {"check": "t3.heartbeat", "reason": "bug", "because": "auth.server"}
    words = "INCONCLUSIVE" if lang == "en" else "无法确定"
    assert words in text and "auth.server" in text
    assert ("Could not check Login" if lang == "en" else "无法检查登录") in doc["verdict"]["summary"]
