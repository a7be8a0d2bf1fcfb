"""The lab server's AUTH check: signature, time, audience, issuer, user list."""

from __future__ import annotations

from dataclasses import dataclass, field

from t3gui.protocol import jwt
from t3gui.protocol.errors import AuthCode, TokenError


@dataclass(frozen=True)
class AuthResult:
    user: str
    expires: int


@dataclass(frozen=True)
class Authenticator:
    key: jwt.VerifyKey = field(repr=False)
    audience: str | None = "t3"
    issuer: str | None = None
    users: frozenset[str] | None = None  # None: any user the key signed for
    revoked: frozenset[str] = frozenset()
    leeway_s: float = jwt.DEFAULT_LEEWAY_S

    def check(self, token: str, now_s: float) -> AuthResult:
        decoded = jwt.decode(token)
        jwt.verify_signature(decoded, self.key)
        jwt.check_claims(decoded.claims, now_s, self.audience, self.issuer, self.leeway_s)
        user = decoded.claims["sub"]
        if self.users is not None and user not in self.users:
            raise TokenError(AuthCode.UNKNOWN_USER, f"user {user!r} is not known here")
        if user in self.revoked:
            raise TokenError(AuthCode.REVOKED, f"user {user!r} has been revoked")
        return AuthResult(user, int(decoded.claims["exp"]))
