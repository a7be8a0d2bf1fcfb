"""Minting demo JWTs with chosen claims, for the demo, the tests and the docs."""

from __future__ import annotations

import time
from typing import Any

from t3gui.protocol import jwt


def mint_token(
    key: jwt.SigningKey,
    *,
    sub: str = "alice",
    audience: str | None = "t3",
    issuer: str | None = None,
    lifetime_s: float = 3600,
    not_before_in_s: float | None = None,
    now_s: float | None = None,
    alg: str | None = None,
    extra: dict[str, Any] | None = None,
) -> str:
    now = int(time.time() if now_s is None else now_s)
    claims: dict[str, Any] = {"sub": sub, "iat": now, "exp": int(now + lifetime_s)}
    if audience is not None:
        claims["aud"] = audience
    if issuer is not None:
        claims["iss"] = issuer
    if not_before_in_s is not None:
        claims["nbf"] = int(now + not_before_in_s)
    claims.update(extra or {})
    return jwt.sign(claims, key, alg)
