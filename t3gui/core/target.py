"""Parsing what a user types as a target: HOST, HOST:PORT or [IPv6]:PORT."""

from __future__ import annotations

import ipaddress
import re

from t3gui.core.model import DEFAULT_PORT, DEFAULT_UDP_PORT, Target

# RFC 1123 labels; underscores are tolerated because real intranets use them.
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$")


class TargetError(ValueError):
    """The text is not a usable target; the message says why, in one sentence."""


def check_host(host: str) -> str:
    host = host.strip().rstrip(".")
    if not host:
        raise TargetError("the host name is empty")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    if len(host) > 253:
        raise TargetError("the host name is longer than 253 characters")
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise TargetError(f"{host!r} is not a valid host name") from None
    for label in ascii_host.split("."):
        if not _LABEL.match(label):
            raise TargetError(f"{host!r} is not a valid host name (bad label {label!r})")
    if ascii_host.replace(".", "").isdigit():
        raise TargetError(f"{host!r} is neither an IP address nor a host name")
    return host.lower()


def check_port(value: int | str, what: str = "port") -> int:
    try:
        port = int(value)
    except (TypeError, ValueError):
        raise TargetError(f"{what} {value!r} is not a number") from None
    if not 1 <= port <= 65535:
        raise TargetError(f"{what} {port} is outside 1-65535")
    return port


def parse_target(text: str, port: int | None = None, udp_port: int | None = None) -> Target:
    """``port`` and ``udp_port`` override what the text says (command-line options)."""
    text = text.strip()
    if not text:
        raise TargetError("no target given")
    found_port: str | None = None
    if text.startswith("["):
        host, sep, rest = text[1:].partition("]")
        if not sep:
            raise TargetError(f"{text!r} opens '[' but never closes it")
        if rest:
            if not rest.startswith(":"):
                raise TargetError(f"{text!r} has text after ']' that is not ':PORT'")
            found_port = rest[1:]
        try:
            if ipaddress.ip_address(host).version != 6:
                raise ValueError
        except ValueError:
            raise TargetError(f"{host!r} in brackets is not an IPv6 address") from None
    elif text.count(":") == 1:
        host, found_port = text.split(":")
    else:
        host = text  # a bare IPv6 address has several colons and no port
    host = check_host(host)
    final_port = check_port(port if port is not None else found_port or DEFAULT_PORT)
    return Target(host, final_port, check_port(udp_port if udp_port is not None else DEFAULT_UDP_PORT,
                                               "UDP port"))
