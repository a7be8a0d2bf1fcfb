"""Sealing: the age format, to the help desk's X25519 recipients, or with a passphrase."""

from __future__ import annotations

from collections.abc import Sequence

from t3gui.core.bundle.format import AGE_MAGIC


class SealError(ValueError):
    """A recipient, identity or passphrase that does not work; the message says which."""


def is_sealed(data: bytes) -> bool:
    return data.startswith(AGE_MAGIC)


def seal(data: bytes, recipients: Sequence[str] = (), passphrase: str | None = None) -> bytes:
    import pyrage

    if recipients:
        try:
            parsed = [pyrage.x25519.Recipient.from_str(r.strip()) for r in recipients]
        except Exception:
            raise SealError("a recipient is not an age X25519 public key (age1...)") from None
        return bytes(pyrage.encrypt(data, parsed))
    if passphrase:
        return bytes(pyrage.passphrase.encrypt(data, passphrase))
    raise SealError("sealing needs a recipient or a passphrase")


def unseal(data: bytes, identities: Sequence[str] = (), passphrase: str | None = None) -> bytes:
    import pyrage

    try:
        if identities:
            keys = [pyrage.x25519.Identity.from_str(i.strip()) for i in identities]
            return bytes(pyrage.decrypt(data, keys))
        if passphrase is not None:
            return bytes(pyrage.passphrase.decrypt(data, passphrase))
    except Exception as exc:
        raise SealError(f"the bundle is sealed and cannot be opened with that key or passphrase "
                        f"({exc.__class__.__name__})") from None
    raise SealError("the bundle is sealed: give the help desk's identity (age key) or the passphrase")


def read_identities(text: str) -> list[str]:
    """AGE-SECRET-KEY lines of an age identity file (comments and blank lines ignored)."""
    return [line.strip() for line in text.splitlines() if line.strip().startswith("AGE-SECRET-KEY-")]
