"""Pseudonyms keep the kind of what they replace, so the sentences around them stay true."""

from __future__ import annotations

import ipaddress

from t3gui.core.bundle.pseudonyms import Pseudonymizer


def test_a_target_typed_as_an_address_gets_an_address() -> None:
    p = Pseudonymizer()
    p.add("127.0.0.1", "host")  # the target as the user typed it
    p.add("t3.example.com", "host")
    p.add("2001:db8:1::7", "host")
    assert ipaddress.ip_address(p.mapping["127.0.0.1"]).version == 4
    assert ipaddress.ip_address(p.mapping["2001:db8:1::7"]).version == 6
    assert p.mapping["t3.example.com"].endswith(".invalid")
    said = p.text("127.0.0.1 is an address; no lookup needed")
    assert said == f"{p.mapping['127.0.0.1']} is an address; no lookup needed" and "invalid" not in said
