"""Compact-JWS JWTs as T3's AUTH carries them: decode, verify, sign.

Only RS256, ES256, EdDSA and HS256; ``alg: none`` and any algorithm that does
not match the key's kind are refused (the classic HS256-with-a-public-key
confusion included).

The cryptography is the cryptography package's; only the JWS framing and the
claim rules are here, because a diagnosis and the lab server need them as T3
words them: each problem as its own AUTH_FAIL code with a detail a help desk
can read, with the spec's 60 s leeway, and a token that does not verify still
opened to show its claims. A JWT library's exceptions and defaults (which differ
between libraries and versions) would have to be mapped back onto those codes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import math
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from t3gui.protocol.errors import AuthCode, TokenError

ALGORITHMS = ("HS256", "RS256", "ES256", "EdDSA")
DEFAULT_LEEWAY_S = 60
MAX_TOKEN_LEN = 16384

PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey
PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey
VerifyKey = bytes | PublicKey
SigningKey = bytes | PrivateKey


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    if not text or any(c not in _B64URL for c in text) or len(text) % 4 == 1:
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_B64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


@dataclass(frozen=True)
class DecodedToken:
    """A token split and parsed, not yet verified."""

    header: dict[str, Any]
    claims: dict[str, Any]
    signing_input: bytes = field(repr=False)
    signature: bytes = field(repr=False)

    @property
    def alg(self) -> str:
        return str(self.header.get("alg", ""))

    def fingerprint(self) -> str:
        """SHA-256 of the token, to name it without showing it."""
        return hashlib.sha256(self.signing_input + b"." + b64url_encode(self.signature).encode()).hexdigest()


def _malformed(detail: str) -> TokenError:
    return TokenError(AuthCode.TOKEN_MALFORMED, detail)


def decode(token: str) -> DecodedToken:
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LEN:
        raise _malformed("the token is not a string of at most 16384 characters")
    token = token.strip()
    parts = token.split(".")
    if len(parts) != 3:
        raise _malformed(f"a JWT has 3 dot-separated parts, this has {len(parts)}")
    try:
        header = json.loads(b64url_decode(parts[0]))
        claims = json.loads(b64url_decode(parts[1]))
        signature = b64url_decode(parts[2]) if parts[2] else b""
    except (ValueError, UnicodeDecodeError, binascii.Error, RecursionError):
        raise _malformed("a part of the token is not base64url-encoded JSON") from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise _malformed("the token's header or claims are not JSON objects")
    return DecodedToken(header, claims, f"{parts[0]}.{parts[1]}".encode("ascii"), signature)


def _alg_for_key(key: VerifyKey | SigningKey) -> str:
    if isinstance(key, (bytes, bytearray)):
        return "HS256"
    if isinstance(key, (rsa.RSAPublicKey, rsa.RSAPrivateKey)):
        return "RS256"
    if isinstance(key, (ec.EllipticCurvePublicKey, ec.EllipticCurvePrivateKey)):
        if not isinstance(key.curve, ec.SECP256R1):
            raise ValueError("ES256 needs a P-256 key")
        return "ES256"
    if isinstance(key, (ed25519.Ed25519PublicKey, ed25519.Ed25519PrivateKey)):
        return "EdDSA"
    raise ValueError(f"unsupported key type {type(key).__name__}")


def verify_signature(token: DecodedToken, key: VerifyKey) -> None:
    alg = token.alg
    if alg not in ALGORITHMS:
        raise TokenError(AuthCode.BAD_SIGNATURE, f"algorithm {alg or 'none'!r} is not accepted")
    if alg != _alg_for_key(key):
        raise TokenError(AuthCode.BAD_SIGNATURE, f"algorithm {alg} does not match the server's key")
    data, sig = token.signing_input, token.signature
    try:
        if isinstance(key, (bytes, bytearray)):
            if not hmac.compare_digest(hmac.new(bytes(key), data, hashlib.sha256).digest(), sig):
                raise InvalidSignature
        elif isinstance(key, rsa.RSAPublicKey):
            key.verify(sig, data, padding.PKCS1v15(), hashes.SHA256())
        elif isinstance(key, ec.EllipticCurvePublicKey):
            if len(sig) != 64:
                raise InvalidSignature
            der = encode_dss_signature(int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big"))
            key.verify(der, data, ec.ECDSA(hashes.SHA256()))
        elif isinstance(key, ed25519.Ed25519PublicKey):
            key.verify(sig, data)
        else:
            raise InvalidSignature
    except InvalidSignature:
        raise TokenError(AuthCode.BAD_SIGNATURE, "the signature does not verify") from None


def _numeric(claims: dict[str, Any], name: str, required: bool) -> float | None:
    value = claims.get(name)
    if value is None:
        if required:
            raise _malformed(f"the token has no {name!r} claim")
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _malformed(f"the {name!r} claim is not a number")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise _malformed(f"the {name!r} claim is not a finite number")
    return number


def check_claims(
    claims: dict[str, Any],
    now_s: float,
    audience: str | None,
    issuer: str | None,
    leeway_s: float = DEFAULT_LEEWAY_S,
) -> None:
    """Time, audience and issuer, in that order (spec: Authentication tokens)."""
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise _malformed("the token has no 'sub' claim")
    exp = _numeric(claims, "exp", required=True)
    nbf = _numeric(claims, "nbf", required=False)
    _numeric(claims, "iat", required=False)
    assert exp is not None
    if now_s > exp + leeway_s:
        raise TokenError(AuthCode.TOKEN_EXPIRED, f"expired at {int(exp)}, now {int(now_s)}")
    if nbf is not None and now_s < nbf - leeway_s:
        raise TokenError(AuthCode.TOKEN_NOT_YET_VALID, f"valid from {int(nbf)}, now {int(now_s)}")
    if audience is not None:
        aud = claims.get("aud")
        auds = aud if isinstance(aud, list) else [aud]
        if audience not in auds:
            raise TokenError(AuthCode.BAD_AUDIENCE, f"audience {aud!r}, expected {audience!r}")
    if issuer is not None and claims.get("iss") != issuer:
        raise TokenError(AuthCode.BAD_ISSUER, f"issuer {claims.get('iss')!r}, expected {issuer!r}")


def sign(claims: dict[str, Any], key: SigningKey, alg: str | None = None,
         extra_header: dict[str, Any] | None = None) -> str:
    """Mint a compact JWS. ``alg`` defaults to the one the key's kind implies."""
    alg = alg or _alg_for_key(key)
    header = {"alg": alg, "typ": "JWT", **(extra_header or {})}
    signing_input = (
        b64url_encode(json.dumps(header, separators=(",", ":")).encode())
        + "."
        + b64url_encode(json.dumps(claims, separators=(",", ":")).encode())
    ).encode("ascii")
    if alg == "none":
        return signing_input.decode() + "."
    if alg != _alg_for_key(key):
        raise ValueError(f"algorithm {alg} does not fit a {type(key).__name__}")
    if isinstance(key, (bytes, bytearray)):
        sig = hmac.new(bytes(key), signing_input, hashlib.sha256).digest()
    elif isinstance(key, rsa.RSAPrivateKey):
        sig = key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    elif isinstance(key, ec.EllipticCurvePrivateKey):
        r, s = decode_dss_signature(key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
        sig = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    elif isinstance(key, ed25519.Ed25519PrivateKey):
        sig = key.sign(signing_input)
    else:
        raise ValueError(f"cannot sign with a {type(key).__name__}")
    return signing_input.decode() + "." + b64url_encode(sig)


def load_verify_key(data: bytes) -> VerifyKey:
    """A PEM public (or private) key, or else the bytes of an HS256 secret."""
    if b"-----BEGIN" in data:
        if b"PRIVATE KEY" in data:
            private = serialization.load_pem_private_key(data, password=None)
            public = private.public_key()
        else:
            public = serialization.load_pem_public_key(data)
        if not isinstance(public, (rsa.RSAPublicKey, ec.EllipticCurvePublicKey, ed25519.Ed25519PublicKey)):
            raise ValueError(f"unsupported key type {type(public).__name__}")
        _alg_for_key(public)
        return public
    secret = data.strip()
    if len(secret) < 16:
        raise ValueError("an HS256 secret must be at least 16 bytes")
    return secret


def load_signing_key(data: bytes) -> SigningKey:
    if b"-----BEGIN" in data:
        private = serialization.load_pem_private_key(data, password=None)
        if not isinstance(private, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey, ed25519.Ed25519PrivateKey)):
            raise ValueError(f"unsupported key type {type(private).__name__}")
        return private
    secret = data.strip()
    if len(secret) < 16:
        raise ValueError("an HS256 secret must be at least 16 bytes")
    return secret
