import json

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from hypothesis import given
from hypothesis import strategies as st

from t3gui.lab.pki import public_pem
from t3gui.protocol import jwt
from t3gui.protocol.errors import AuthCode, TokenError

NOW = 1_800_000_000
CLAIMS = {"sub": "alice", "exp": NOW + 600, "iat": NOW, "aud": "t3", "iss": "corp"}
SECRET = b"0123456789abcdef0123456789abcdef"

RSA = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC = ec.generate_private_key(ec.SECP256R1())
ED = ed25519.Ed25519PrivateKey.generate()
PAIRS = [("HS256", SECRET, SECRET), ("RS256", RSA, RSA.public_key()),
         ("ES256", EC, EC.public_key()), ("EdDSA", ED, ED.public_key())]


def code_of(token: str, key: jwt.VerifyKey, now: float = NOW, audience: str | None = "t3",
            issuer: str | None = "corp") -> AuthCode | None:
    try:
        decoded = jwt.decode(token)
        jwt.verify_signature(decoded, key)
        jwt.check_claims(decoded.claims, now, audience, issuer)
    except TokenError as exc:
        return exc.code
    return None


@pytest.mark.parametrize(("alg", "private", "public"), PAIRS)
def test_sign_then_verify_every_algorithm(alg: str, private: jwt.SigningKey, public: jwt.VerifyKey) -> None:
    token = jwt.sign(CLAIMS, private)
    assert jwt.decode(token).alg == alg
    assert code_of(token, public) is None


@pytest.mark.parametrize(("alg", "private", "public"), PAIRS)
def test_tampered_claims_fail_the_signature(alg: str, private: jwt.SigningKey, public: jwt.VerifyKey) -> None:
    header, _, sig = jwt.sign(CLAIMS, private).split(".")
    forged = jwt.b64url_encode(json.dumps({**CLAIMS, "sub": "root"}).encode())
    assert code_of(f"{header}.{forged}.{sig}", public) is AuthCode.BAD_SIGNATURE


def test_alg_none_is_never_accepted() -> None:
    token = jwt.sign(CLAIMS, SECRET, alg="none")
    assert token.endswith(".")
    assert code_of(token, SECRET) is AuthCode.BAD_SIGNATURE


def test_hs256_signed_with_a_public_key_is_refused() -> None:
    # The algorithm-confusion attack: the public key's PEM used as an HMAC secret.
    pem = public_pem(RSA)
    header = jwt.b64url_encode(b'{"alg":"HS256","typ":"JWT"}')
    body = jwt.b64url_encode(json.dumps(CLAIMS).encode())
    import hashlib
    import hmac

    sig = hmac.new(pem, f"{header}.{body}".encode(), hashlib.sha256).digest()
    assert code_of(f"{header}.{body}.{jwt.b64url_encode(sig)}", RSA.public_key()) is AuthCode.BAD_SIGNATURE


@pytest.mark.parametrize(
    ("claims", "code"),
    [
        ({"exp": NOW - 61}, AuthCode.TOKEN_EXPIRED),
        ({"exp": NOW - 59}, None),  # inside the 60 s leeway
        ({"nbf": NOW + 61}, AuthCode.TOKEN_NOT_YET_VALID),
        ({"nbf": NOW + 59}, None),
        ({"aud": "other"}, AuthCode.BAD_AUDIENCE),
        ({"aud": ["other", "t3"]}, None),
        ({"iss": "evil"}, AuthCode.BAD_ISSUER),
        ({"exp": None}, AuthCode.TOKEN_MALFORMED),
        ({"exp": "tomorrow"}, AuthCode.TOKEN_MALFORMED),
        ({"sub": None}, AuthCode.TOKEN_MALFORMED),
        # NaN compares false with everything: unrefused, a token with it would never expire.
        ({"exp": float("nan")}, AuthCode.TOKEN_MALFORMED),
        ({"exp": float("inf")}, AuthCode.TOKEN_MALFORMED),
        ({"exp": 10**400}, AuthCode.TOKEN_MALFORMED),  # beyond a float: OverflowError unless caught
        ({"nbf": float("nan")}, AuthCode.TOKEN_MALFORMED),
        ({"iat": float("-inf")}, AuthCode.TOKEN_MALFORMED),
    ],
)
def test_claims(claims: dict[str, object], code: AuthCode | None) -> None:
    merged = {k: v for k, v in {**CLAIMS, **claims}.items() if v is not None}
    assert code_of(jwt.sign(merged, SECRET), SECRET) is code


@pytest.mark.parametrize("token", ["", "abc", "a.b", "a.b.c.d", "!!.??.**", "e30.e30", "W10.W10.", "e30.bm90anNvbg."])
def test_garbage_is_malformed(token: str) -> None:
    assert code_of(token, SECRET) is AuthCode.TOKEN_MALFORMED


@given(st.text(max_size=200))
def test_any_text_is_refused_with_a_token_error(text: str) -> None:
    assert code_of(text, SECRET) is not None


def test_fingerprint_names_the_token_without_showing_it() -> None:
    token = jwt.sign(CLAIMS, SECRET)
    fingerprint = jwt.decode(token).fingerprint()
    assert len(fingerprint) == 64 and token not in fingerprint
    assert token.split(".")[2] not in repr(jwt.decode(token))


def test_short_hs256_secret_is_refused() -> None:
    with pytest.raises(ValueError):
        jwt.load_verify_key(b"short\n")
