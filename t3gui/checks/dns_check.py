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
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import dns.asyncresolver
import dns.exception
import dns.message
import dns.nameserver
import dns.rcode
import dns.rdatatype
import dns.resolver

from t3gui.core.check import Outcome, finding
from t3gui.core.check_data import DnsData
from t3gui.core.codes import Code, Severity
from t3gui.core.context import CheckContext
from t3gui.core.model import JsonValue, Status
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

    def as_data(self) -> dict[str, JsonValue]:
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


def _no_nameservers(exc: dns.resolver.NoNameservers) -> tuple[str, str]:
    """'servfail' when a server answered SERVFAIL, else 'error'; and what each server said.

    Read from the responses' rcodes that dnspython keeps, never from the message text: the
    text quotes the queried name, which may itself contain "SERVFAIL"."""
    rcodes: list[dns.rcode.Rcode] = []
    problems: list[str] = []
    for entry in exc.kwargs.get("errors") or []:
        response = entry[4] if isinstance(entry, tuple) and len(entry) > 4 else None
        if isinstance(response, dns.message.Message):
            rcodes.append(response.rcode())
            problems.append(dns.rcode.to_text(response.rcode()))
        elif isinstance(entry, tuple) and len(entry) > 3:
            problems.append(entry[3].__class__.__name__ if isinstance(entry[3], BaseException) else str(entry[3]))
    detail = ", ".join(dict.fromkeys(problems))
    return ("servfail" if dns.rcode.SERVFAIL in rcodes else "error"), detail


async def query(resolver: dns.asyncresolver.Resolver, host: str, label: str, timeout: float) -> Lookup:
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
            status, detail = _no_nameservers(exc)
            lookup.detail = lookup.detail or detail
            return status
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


def _resolve_in_daemon_thread(host: str, port: int) -> asyncio.Future[list[Any]]:
    """getaddrinfo on a daemon thread of its own: the system resolver can outlive our timeout
    by its own retries (resolv.conf: 5 s x 2), and the default executor's threads are joined
    when the loop and the interpreter shut down, so one stuck lookup would hold the verdict's
    process alive. Nothing joins a daemon thread; its late answer is dropped."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[list[Any]] = loop.create_future()

    def deliver(result: list[Any] | BaseException) -> None:
        if future.done():
            return
        if isinstance(result, BaseException):
            future.set_exception(result)
        else:
            future.set_result(result)

    def resolve() -> None:
        result: list[Any] | BaseException
        try:
            result = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
        except Exception as exc:  # handed to the loop, which decides what it means
            result = exc
        try:
            loop.call_soon_threadsafe(deliver, result)
        except RuntimeError:  # the loop closed while the resolver was still retrying
            pass

    threading.Thread(target=resolve, name=f"t3gui-getaddrinfo-{host}", daemon=True).start()
    return future


_GAI_STATUS: dict[int, str] = {socket.EAI_NONAME: "nxdomain", socket.EAI_FAIL: "servfail", socket.EAI_AGAIN: "error"}
if hasattr(socket, "EAI_NODATA"):  # glibc's "no address for this name"; other systems say EAI_NONAME
    _GAI_STATUS[socket.EAI_NODATA] = "nodata"


async def _getaddrinfo(host: str, port: int, timeout: float) -> list[str] | str:
    """The system's addresses for ``host``, or why there are none (a Lookup status)."""
    try:
        infos = await asyncio.wait_for(_resolve_in_daemon_thread(host, port), timeout)
    except TimeoutError:
        return "timeout"
    except socket.gaierror as exc:
        return _GAI_STATUS.get(exc.errno or 0, "error")
    except (OSError, UnicodeError, ValueError):  # a name the IDNA codec refuses, a NUL in it
        return "error"
    seen: list[str] = []
    for family, *_, sockaddr in infos:
        if family in (socket.AF_INET, socket.AF_INET6) and sockaddr[0] not in seen:
            seen.append(str(sockaddr[0]))
    return seen or "nodata"


_FAILURE_CODES = {"nxdomain": Code.DNS_NXDOMAIN, "nodata": Code.DNS_NO_ADDRESS, "timeout": Code.DNS_TIMEOUT,
                  "servfail": Code.DNS_SERVFAIL, "error": Code.DNS_SERVFAIL}


async def run(ctx: CheckContext) -> Outcome:
    """Resolve the server name with the system resolver and any --dns-server; compare them."""
    options = ctx.options
    host, timeout = options.target.host, ctx.timeout
    if options.resolve:  # addresses given (--resolve, or one node of a cluster): DNS is not asked
        given = list(options.resolve)
        ctx.state.addresses = tuple(given)
        return Outcome(Status.PASS, say("dns.given", host=host, addresses=", ".join(given)),
                       DnsData(tuple(given), given=True).to_json())
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        ctx.state.addresses = (host,)
        return Outcome(Status.PASS, say("dns.literal", host=host), DnsData((host,)).to_json())

    system, system_label = system_resolver()
    if system is not None:
        ctx.state.nameservers = tuple(str(getattr(n, "address", n)) for n in system.nameservers)
    tasks: list[Any] = [_getaddrinfo(host, options.target.port, timeout)]
    tasks.append(query(system, host, system_label, timeout) if system else asyncio.sleep(0, None))
    if options.dns_server:
        other, label = explicit_resolver(options.dns_server)
        tasks.append(query(other, host, label, timeout))
    results = await asyncio.gather(*tasks)
    os_result: list[str] | str = results[0]
    os_addresses = os_result if isinstance(os_result, list) else None
    lookups: list[Lookup] = [r for r in results[1:] if isinstance(r, Lookup)]
    system_lookup = next((lk for lk in lookups if lk.resolver == system_label), None)
    extra = next((lk for lk in lookups if lk.resolver != system_label), None)

    addresses = os_addresses or (system_lookup.addresses if system_lookup else []) or []
    data = DnsData(tuple(addresses), getaddrinfo=os_result if isinstance(os_result, str) else tuple(os_result),
                   resolvers=tuple(lk.as_data() for lk in lookups)).to_json()
    findings = []
    if not addresses:
        failed = system_lookup if system_lookup and system_lookup.status != "ok" else extra
        # Without a resolver of dnspython's to ask, what getaddrinfo said is all there is.
        status = failed.status if failed else str(os_result)
        resolver = failed.resolver if failed else "system"
        code = _FAILURE_CODES.get(status, Code.DNS_NXDOMAIN)
        findings.append(finding(code, Severity.CRITICAL, CHECK_ID, host=host, resolver=resolver,
                                timeout_s=timeout))
        return Outcome(Status.FAIL, say("dns.failed", host=host, status=status, resolver=resolver), data,
                       tuple(findings))

    ctx.state.addresses = tuple(addresses)
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
