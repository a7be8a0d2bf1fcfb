"""Sealing: the age format, to the help desk's X25519 recipients, or with a passphrase."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from t3gui.core.bundle.format import AGE_MAGIC
from t3gui.core.text.words import Foreign, KeyedError, os_reason


class SealError(KeyedError, ValueError):
    """A recipient, identity or passphrase that does not work; the sentence (a ``seal.`` key of
    t3gui.core.text.bundle) says which."""


def is_sealed(data: bytes) -> bool:
    return data.startswith(AGE_MAGIC)


def seal(data: bytes, recipients: Sequence[str] = (), passphrase: str | None = None) -> bytes:
    import pyrage

    if recipients:
        try:
            parsed = [pyrage.x25519.Recipient.from_str(r.strip()) for r in recipients]
        except Exception:
            raise SealError("seal.recipient") from None
        return bytes(pyrage.encrypt(data, parsed))
    if passphrase:
        return bytes(pyrage.passphrase.encrypt(data, passphrase))
    raise SealError("seal.nothing")


def unseal(data: bytes, identities: Sequence[str] = (), passphrase: str | None = None) -> bytes:
    import pyrage

    try:
        if identities:
            keys = [pyrage.x25519.Identity.from_str(i.strip()) for i in identities]
            return bytes(pyrage.decrypt(data, keys))
        if passphrase is not None:
            return bytes(pyrage.passphrase.decrypt(data, passphrase))
    except Exception as exc:
        raise SealError("seal.wrong_key", kind=exc.__class__.__name__) from None
    raise SealError("seal.locked")


def read_identities(text: str) -> list[str]:
    """AGE-SECRET-KEY lines of an age identity file (comments and blank lines ignored)."""
    return [line.strip() for line in text.splitlines() if line.strip().startswith("AGE-SECRET-KEY-")]


def read_identity_file(path: Path) -> list[str]:
    """The AGE-SECRET-KEY lines of the identity file at ``path``; a file that cannot be read is a SealError."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SealError("seal.identity.unreadable", path=path, reason=os_reason(exc)) from None
    except UnicodeDecodeError as exc:
        raise SealError("seal.identity.unreadable", path=path, reason=Foreign(str(exc))) from None
    return read_identities(text)
