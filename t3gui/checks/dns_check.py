"""dns.resolve: the host's addresses from the system resolver and --dns-server.

Every address found is an endpoint for the later checks. The system's own
lookup (getaddrinfo, which honours the hosts file) decides the addresses;
dnspython asks the same name servers directly so a failure can be named
(NXDOMAIN, no address, timeout, SERVFAIL), and asks --dns-server to compare.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from dataclasses import dataclass, field
from typing import Any

import dns.asyncresolver
import dns.exception
import dns.nameserver
import dns.rdatatype
import dns.resolver

from t3gui.core.check import Outcome, finding
from t3gui.core.codes import Code, Severity
from t3gui.core.context import CheckContext
from t3gui.core.model import Status
from t3gui.core.say import say

CHECK_ID = "dns.resolve"


@dataclass
class Lookup:
    resolver: str
    status: str = "ok"  # ok, nxdomain, nodata, timeout, servfail, error
    a: list[str] = field(default_factory=list)
    aaaa: list[str] = field(default_factory=list)
    ms: float = 0.0
    detail: str = ""

    @property
    def addresses(self) -> list[str]:
        return self.a + self.aaaa

    def as_data(self) -> dict[str, Any]:
        return {"resolver": self.resolver, "status": self.status, "A": self.a, "AAAA": self.aaaa,
                "ms": round(self.ms, 1), **({"detail": self.detail} if self.detail else {})}


def split_server(text: str) -> tuple[str, int]:
    """'IP', 'IP:PORT' or '[IPv6]:PORT' of a name server; raises ValueError."""
    text = text.strip()
    port = 53
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        if rest:
            port = int(rest.lstrip(":"))
    elif text.count(":") == 1:
        host, port_text = text.split(":")
        port = int(port_text)
    else:
        host = text
    address = str(ipaddress.ip_address(host))
    if not 1 <= port <= 65535:
        raise ValueError(f"port {port} is outside 1-65535")
    return address, port


async def _query(resolver: dns.asyncresolver.Resolver, host: str, label: str, timeout: float) -> Lookup:
    lookup = Lookup(label)
    started = time.monotonic()

    async def one(rdtype: str) -> list[str] | str:
        try:
            answer = await resolver.resolve(host, rdtype, lifetime=timeout, search=False)
            return [r.to_text() for r in answer]
        except dns.resolver.NXDOMAIN:
            return "nxdomain"
        except dns.resolver.NoAnswer:
            return []
        except dns.resolver.LifetimeTimeout:
            return "timeout"
        except dns.resolver.NoNameservers as exc:
            return "servfail" if "SERVFAIL" in str(exc) else "error"
        except dns.exception.DNSException as exc:
            lookup.detail = str(exc)
            return "error"

    a, aaaa = await asyncio.gather(one("A"), one("AAAA"))
    lookup.ms = (time.monotonic() - started) * 1000
    for result, target in ((a, lookup.a), (aaaa, lookup.aaaa)):
        if isinstance(result, list):
            target.extend(result)
    statuses = [r for r in (a, aaaa) if isinstance(r, str)]
    if lookup.addresses:
        lookup.status = "ok"
    elif "nxdomain" in statuses:
        lookup.status = "nxdomain"
    elif statuses:
        lookup.status = statuses[0]
    else:
        lookup.status = "nodata"
    return lookup


def system_resolver() -> tuple[dns.asyncresolver.Resolver | None, str]:
    try:
        resolver = dns.asyncresolver.Resolver()
    except (dns.resolver.NoResolverConfiguration, OSError):
        return None, "system"
    servers = ", ".join(str(n) for n in resolver.nameservers) or "none"
    return resolver, f"system ({servers})"


def explicit_resolver(server: str) -> tuple[dns.asyncresolver.Resolver, str]:
    address, port = split_server(server)
    resolver = dns.asyncresolver.Resolver(configure=False)
    resolver.nameservers = [dns.nameserver.Do53Nameserver(address, port)]
    return resolver, server


async def _getaddrinfo(host: str, port: int, timeout: float) -> list[str] | None:
    loop = asyncio.get_running_loop()
    try:
        infos = await asyncio.wait_for(
            loop.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP), timeout)
    except (TimeoutError, OSError):
        return None
    seen: list[str] = []
    for family, *_, sockaddr in infos:
        if family in (socket.AF_INET, socket.AF_INET6) and sockaddr[0] not in seen:
            seen.append(str(sockaddr[0]))
    return seen


_FAILURE_CODES = {"nxdomain": Code.DNS_NXDOMAIN, "nodata": Code.DNS_NO_ADDRESS, "timeout": Code.DNS_TIMEOUT,
                  "servfail": Code.DNS_SERVFAIL, "error": Code.DNS_SERVFAIL}


async def run(ctx: CheckContext) -> Outcome:
    """Resolve the server name with the system resolver and any --dns-server; compare them."""
    options = ctx.options
    host, timeout = options.target.host, ctx.timeout
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        ctx.facts.addresses = [host]
        return Outcome(Status.PASS, say("dns.literal", host=host), {"addresses": [host]})

    system, system_label = system_resolver()
    if system is not None:
        ctx.facts.nameservers = [str(getattr(n, "address", n)) for n in system.nameservers]
    tasks: list[Any] = [_getaddrinfo(host, options.target.port, timeout)]
    tasks.append(_query(system, host, system_label, timeout) if system else asyncio.sleep(0, None))
    if options.dns_server:
        other, label = explicit_resolver(options.dns_server)
        tasks.append(_query(other, host, label, timeout))
    results = await asyncio.gather(*tasks)
    os_addresses: list[str] | None = results[0]
    lookups: list[Lookup] = [r for r in results[1:] if isinstance(r, Lookup)]
    system_lookup = next((lk for lk in lookups if lk.resolver == system_label), None)
    extra = next((lk for lk in lookups if lk.resolver != system_label), None)

    addresses = os_addresses or (system_lookup.addresses if system_lookup else []) or []
    data: dict[str, Any] = {"addresses": addresses, "getaddrinfo": os_addresses,
                            "resolvers": [lk.as_data() for lk in lookups]}
    findings = []
    if not addresses:
        failed = system_lookup if system_lookup and system_lookup.status != "ok" else extra
        status = failed.status if failed else "nxdomain"
        resolver = failed.resolver if failed else "system"
        code = _FAILURE_CODES.get(status, Code.DNS_NXDOMAIN)
        findings.append(finding(code, Severity.CRITICAL, CHECK_ID, host=host, resolver=resolver,
                                timeout_s=timeout))
        return Outcome(Status.FAIL, say("dns.failed", host=host, status=status, resolver=resolver), data,
                       tuple(findings))

    ctx.facts.addresses = addresses
    summary = say("dns.ok", host=host, addresses=", ".join(addresses))
    if extra is not None:
        if extra.status != "ok":
            code = _FAILURE_CODES.get(extra.status, Code.DNS_SERVFAIL)
            findings.append(finding(Code.DNS_MISMATCH, Severity.WARNING, CHECK_ID, host=host,
                                    system=", ".join(addresses), resolver=extra.resolver,
                                    other=f"{extra.status} ({code.value})"))
        elif set(extra.addresses) != set(addresses):
            findings.append(finding(Code.DNS_MISMATCH, Severity.WARNING, CHECK_ID, host=host,
                                    system=", ".join(addresses), resolver=extra.resolver,
                                    other=", ".join(extra.addresses)))
    return Outcome(Status.WARN if findings else Status.PASS, summary, data, tuple(findings))
