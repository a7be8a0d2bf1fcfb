"""A tiny authoritative DNS server for tests (UDP), after dnspython's nanonameserver.

Run: python -m tests.helpers.dns_server --listen IP:PORT --zone name=A:1.2.3.4,AAAA:2001:db8::1
Special answers: name=NXDOMAIN (also for any name not listed), name=NODATA,
name=SERVFAIL, name=REFUSED, name=DROP (never answers).
"""

from __future__ import annotations

import argparse
import socket
import threading

import dns.flags
import dns.message
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset

Zone = dict[str, object]  # name -> {"A": [...], "AAAA": [...]} or "NXDOMAIN"/"NODATA"/"SERVFAIL"/"REFUSED"/"DROP"


def answer(query: dns.message.Message, zone: Zone) -> bytes | None:
    response = dns.message.make_response(query)
    response.flags |= dns.flags.AA
    question = query.question[0]
    name = question.name.to_text().rstrip(".").lower()
    entry = zone.get(name, "NXDOMAIN")
    if entry == "DROP":
        return None
    if entry == "NXDOMAIN":
        response.set_rcode(dns.rcode.NXDOMAIN)
    elif entry == "SERVFAIL":
        response.set_rcode(dns.rcode.SERVFAIL)
    elif entry == "REFUSED":
        response.set_rcode(dns.rcode.REFUSED)
    elif isinstance(entry, dict):
        rdtype = dns.rdatatype.to_text(question.rdtype)
        values = entry.get(rdtype, [])
        if values:
            response.answer.append(dns.rrset.from_text_list(question.name, 60, dns.rdataclass.IN, rdtype, values))
    return response.to_wire()


def serve(sock: socket.socket, zone: Zone, stop: threading.Event) -> None:
    sock.settimeout(0.2)
    while not stop.is_set():
        try:
            data, addr = sock.recvfrom(4096)
        except (TimeoutError, OSError):
            continue
        try:
            reply = answer(dns.message.from_wire(data), zone)
        except Exception:  # a malformed query must not stop the test server
            continue
        if reply is not None:
            sock.sendto(reply, addr)


class DnsServer:
    """In-process server on a thread; ``port`` is where it listens."""

    def __init__(self, zone: Zone, host: str = "127.0.0.1", port: int = 0) -> None:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.sock = socket.socket(family, socket.SOCK_DGRAM)
        self.sock.bind((host, port))
        self.port = self.sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=serve, args=(self.sock, zone, self._stop), daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


def parse_zone(items: list[str]) -> Zone:
    zone: Zone = {}
    for item in items:
        name, _, spec = item.partition("=")
        if spec in ("NXDOMAIN", "NODATA", "SERVFAIL", "REFUSED", "DROP"):
            zone[name.lower()] = {} if spec == "NODATA" else spec
            continue
        records: dict[str, list[str]] = {}
        for record in spec.split(","):
            rdtype, _, value = record.partition(":")
            records.setdefault(rdtype, []).append(value)
        zone[name.lower()] = records
    return zone


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--listen", required=True)
    parser.add_argument("--zone", action="append", default=[])
    args = parser.parse_args()
    host, _, port = args.listen.rpartition(":")
    server = DnsServer(parse_zone(args.zone), host.strip("[]"), int(port))
    print(f"listening {server.port}", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
