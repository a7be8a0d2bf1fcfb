"""Parsing what a user types or pastes as a target: HOST, HOST:PORT, [IPv6]:PORT, or a URL holding one.

People paste what their browser or a colleague's mail shows (``https://t3.example.com/login``,
``t3://t3.example.com:4433/``), so a scheme, user name, path, query and fragment are taken off and
the host and port inside are used. A scheme says nothing about the T3 port: without an explicit
port the target gets the T3 default, never the scheme's (443 for https would be the wrong door).
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from t3gui.core.model import DEFAULT_PORT, DEFAULT_UDP_PORT, Target
from t3gui.core.text import pick
from t3gui.core.text.target import TARGET

# RFC 1123 labels; underscores are tolerated because real intranets use them.
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
# What a mail client or a chat wraps around a pasted address.
_WRAPPERS = ("<>", '""', "''", "``")

# A port's name, as callers give it, to its words in t3gui.core.text.target.
_WHAT = {"port": "target.what.port", "UDP port": "target.what.udp_port"}


class TargetError(ValueError):
    """The text is not a usable target; the message says why, in one sentence (``text`` in Chinese too).

    ``key`` names the sentence in t3gui.core.text.target (without its ``target.`` prefix)."""

    def __init__(self, key: str, **args: Any) -> None:
        self.key, self.args_ = key, args
        super().__init__(self.text("en"))

    def text(self, language: str) -> str:
        args = {k: (pick(TARGET[_WHAT[v]], language) if k == "what" and v in _WHAT else v)
                for k, v in self.args_.items()}
        return pick(TARGET["target." + self.key], language).format(**args)


def check_host(host: str) -> str:
    host = host.strip().rstrip(".")
    if not host:
        raise TargetError("host_none")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    if len(host) > 253:
        raise TargetError("host_long")
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise TargetError("host_bad", host=host) from None
    for label in ascii_host.split("."):
        if not _LABEL.match(label):
            raise TargetError("host_bad_label", host=host, label=label)
    if ascii_host.replace(".", "").isdigit():
        raise TargetError("host_digits", host=host)
    return host.lower()


def check_port(value: int | str, what: str = "port") -> int:
    try:
        port = int(value)
    except (TypeError, ValueError):
        raise TargetError("port_nan", what=what, value=value) from None
    if not 1 <= port <= 65535:
        raise TargetError("port_range", what=what, port=port)
    return port


def _unwrap(text: str) -> str:
    text = text.strip()
    while len(text) >= 2 and text[0] + text[-1] in _WRAPPERS:
        text = text[1:-1].strip()
    return text


def authority(text: str) -> str:
    """The host[:port] part of what was pasted: scheme, user, path, query and fragment taken off."""
    text = _unwrap(text)
    match = _SCHEME.match(text)
    if match:
        text = text[match.end():]
    elif text.startswith("//"):  # scheme-relative, as some pages write links
        text = text[2:]
    for mark in "/?#":
        text = text.split(mark, 1)[0]
    if "@" in text:  # user[:password]@host: the host is what is diagnosed, a password is never kept
        text = text.rsplit("@", 1)[1]
    return text


def parse_target(text: str, port: int | None = None, udp_port: int | None = None,
                 default_port: int = DEFAULT_PORT, default_udp_port: int = DEFAULT_UDP_PORT) -> Target:
    """``port`` and ``udp_port`` override what the text says (command-line options); the defaults
    apply where neither says anything (a profile's ports under a typed host name)."""
    original = text.strip()
    if not original:
        raise TargetError("empty")
    text = authority(original)
    if "@" in original:
        original = text  # what went before '@' may be a password: never repeated in a message
    if any(c.isspace() for c in text):
        raise TargetError("spaces", text=text)
    if not text:
        raise TargetError("host_empty", text=original) if original else TargetError("host_none")
    found_port: str | None = None
    if text.startswith("["):
        host, sep, rest = text[1:].partition("]")
        if not sep:
            raise TargetError("bracket_open", text=original)
        if rest:
            if not rest.startswith(":"):
                raise TargetError("bracket_tail", text=original)
            found_port = rest[1:]
        try:
            if ipaddress.ip_address(host).version != 6:
                raise ValueError
        except ValueError:
            raise TargetError("bracket_not_v6", host=host) from None
    elif text.count(":") == 1:
        host, found_port = text.split(":")
    else:
        host = text  # a bare IPv6 address has several colons and no port
    if not host.strip():
        raise TargetError("host_empty", text=original)
    host = check_host(host)
    final_port = check_port(port if port is not None else found_port or default_port)
    return Target(host, final_port, check_port(udp_port if udp_port is not None else default_udp_port,
                                               "UDP port"))
