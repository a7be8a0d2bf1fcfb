# ruff: noqa: RUF001
"""Why a typed or pasted target is not usable (t3gui.core.target's ``TargetError``): the app shows these
under its target field, the command line prints them as its bad-usage line.

``{what}`` is a port's name, itself a key here: ``target.what.port`` or ``target.what.udp_port``.
"""

from __future__ import annotations

from t3gui.core.text import Text

TARGET: dict[str, Text] = {
    "target.empty": {"en": "no target given", "zh_CN": "没有输入服务器"},
    "target.host_empty": {"en": "{text!r} has no host name", "zh_CN": "{text!r} 中没有主机名"},
    "target.host_none": {"en": "the host name is empty", "zh_CN": "主机名为空"},
    "target.host_long": {"en": "the host name is longer than 253 characters", "zh_CN": "主机名超过 253 个字符"},
    "target.host_bad": {"en": "{host!r} is not a valid host name", "zh_CN": "{host!r} 不是有效的主机名"},
    "target.host_bad_label": {"en": "{host!r} is not a valid host name (bad label {label!r})",
                              "zh_CN": "{host!r} 不是有效的主机名（{label!r} 部分无效）"},
    "target.host_digits": {"en": "{host!r} is neither an IP address nor a host name",
                           "zh_CN": "{host!r} 既不是 IP 地址也不是主机名"},
    "target.port_nan": {"en": "{what} {value!r} is not a number", "zh_CN": "{what} {value!r} 不是数字"},
    "target.port_range": {"en": "{what} {port} is outside 1-65535", "zh_CN": "{what} {port} 不在 1-65535 范围内"},
    "target.bracket_open": {"en": "{text!r} opens '[' but never closes it",
                            "zh_CN": "{text!r} 有 '[' 但没有对应的 ']'"},
    "target.bracket_tail": {"en": "{text!r} has text after ']' that is not ':PORT'",
                            "zh_CN": "{text!r} 在 ']' 之后的内容不是 ':端口'"},
    "target.bracket_not_v6": {"en": "{host!r} in brackets is not an IPv6 address",
                              "zh_CN": "方括号中的 {host!r} 不是 IPv6 地址"},
    "target.spaces": {"en": "{text!r} has spaces inside; a server name or address has none",
                      "zh_CN": "{text!r} 中间有空格；服务器名称或地址不含空格"},
    "target.what.port": {"en": "port", "zh_CN": "端口"},
    "target.what.udp_port": {"en": "UDP port", "zh_CN": "UDP 端口"},
}
