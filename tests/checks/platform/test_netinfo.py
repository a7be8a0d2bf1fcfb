import socket
from pathlib import Path
from typing import NamedTuple

from t3gui.checks.platform.netinfo import (
    Interface,
    from_psutil,
    interfaces,
    linux_interfaces,
    route_source,
    vpn_interfaces,
)


def test_linux_interfaces_from_sysfs(tmp_path: Path) -> None:
    for name, flags in (("lo", "0x9"), ("eth0", "0x1003"), ("wg0", "0x91"), ("eth1", "0x1002")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "flags").write_text(flags + "\n")
    found = {i.name: i for i in linux_interfaces(tmp_path)}
    assert found["lo"].loopback and found["lo"].up
    assert found["eth0"].up and not found["eth1"].up


def test_vpn_names_across_systems() -> None:
    names = ["lo", "eth0", "tun0", "utun3", "ppp_32768", "wg0", "tailscale0", "ethernet_32777", "tap1"]
    found = vpn_interfaces([Interface(n, True, n == "lo") for n in names])
    assert found == ["tun0", "utun3", "ppp_32768", "wg0", "tailscale0", "tap1"]
    assert vpn_interfaces([Interface("tun0", False, False)]) == []


def test_route_source_on_this_machine() -> None:
    assert route_source("127.0.0.1") == "127.0.0.1"


class Stats(NamedTuple):  # the fields of psutil's snicstats that t3gui reads
    isup: bool
    flags: str = ""  # psutil fills it on POSIX only


class Addr(NamedTuple):  # the fields of psutil's snicaddr that t3gui reads
    family: int
    address: str


# What psutil answers on a Windows laptop with a VPN up and Wi-Fi off (flags are empty on Windows).
WINDOWS = ({"Ethernet": Stats(True), "Wi-Fi": Stats(False), "Loopback Pseudo-Interface 1": Stats(True),
            "OpenVPN TAP-Windows6": Stats(True)},
           {"Ethernet": [Addr(socket.AF_INET, "10.0.0.7"), Addr(-1, "00-15-5D-01-02-03")],
            "Loopback Pseudo-Interface 1": [Addr(socket.AF_INET, "127.0.0.1"), Addr(socket.AF_INET6, "::1")],
            "OpenVPN TAP-Windows6": [Addr(socket.AF_INET, "10.8.0.2")]})
# And on a Mac with a WireGuard/utun VPN.
MACOS = ({"lo0": Stats(True, "up,loopback,running,multicast"), "en0": Stats(True, "up,broadcast,running"),
          "utun3": Stats(True, "up,pointopoint,running,multicast"), "en5": Stats(False, "broadcast,multicast")},
         {"lo0": [Addr(socket.AF_INET, "127.0.0.1")], "en0": [Addr(socket.AF_INET, "192.168.1.20")],
          "utun3": [Addr(socket.AF_INET6, "fe80::1")]})


def test_interface_state_on_windows() -> None:
    found = {i.name: i for i in from_psutil(*WINDOWS)}
    assert found["Loopback Pseudo-Interface 1"].loopback and not found["Ethernet"].loopback
    assert found["Ethernet"].up and found["Wi-Fi"].up is False  # known, not None: NO_NETWORK can fire
    assert vpn_interfaces(list(found.values())) == ["OpenVPN TAP-Windows6"]  # named after its product


def test_interface_state_on_macos() -> None:
    found = {i.name: i for i in from_psutil(*MACOS)}
    assert found["lo0"].loopback and found["lo0"].up
    assert found["en5"].up is False and not found["en0"].loopback
    assert vpn_interfaces(list(found.values())) == ["utun3"]


def test_no_network_when_every_interface_is_down() -> None:
    stats = {name: Stats(False, s.flags) for name, s in MACOS[0].items() if name != "lo0"} | {"lo0": MACOS[0]["lo0"]}
    found = from_psutil(stats, MACOS[1])
    assert [i.name for i in found if i.up and not i.loopback] == []


def test_this_machine_through_psutil() -> None:
    found = {i.name: i for i in interfaces()}
    assert found["lo"].loopback and found["lo"].up is True
