from pathlib import Path

from t3gui.checks.platform.netinfo import Interface, linux_interfaces, route_source, vpn_interfaces


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
