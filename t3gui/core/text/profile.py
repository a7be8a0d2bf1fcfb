# ruff: noqa: RUF001
"""Why a help-desk profile cannot be used (t3gui.core.profile's ``ProfileError``), or does not make a
runnable diagnosis with what the user gave (t3gui.core.profile_options's ``OptionsError``): the
command line prints them as its bad-usage line, the app in a message box.

Paths, section and key names stay as they are in every language; ``{detail}`` is the TOML
parser's own message, which the Chinese sentence quotes.
"""

from __future__ import annotations

from t3gui.core.text import Text

PROFILE: dict[str, Text] = {
    "profile.unreadable": {"en": "cannot read the profile {path}: {reason}",
                           "zh_CN": "无法读取配置文件 {path}：{reason}"},
    "profile.not_toml": {"en": "the profile {path} is not valid TOML: {detail}",
                         "zh_CN": "配置文件 {path} 不是有效的 TOML：{detail}"},
    "profile.section": {"en": "the profile {path} has an unknown section [{section}]",
                        "zh_CN": "配置文件 {path} 中有未知的节 [{section}]"},
    "profile.key": {"en": "the profile {path} has an unknown key {section}.{key}",
                    "zh_CN": "配置文件 {path} 中有未知的键 {section}.{key}"},
    "profile.type": {"en": "{section}.{key} in the profile {path} has the wrong type",
                     "zh_CN": "配置文件 {path} 中 {section}.{key} 的类型不对"},
    "options.token.unreadable": {"en": "cannot read the token file {path}: {reason}",
                                 "zh_CN": "无法读取令牌文件 {path}：{reason}"},
    "options.token.empty": {"en": "the token file {path} is empty", "zh_CN": "令牌文件 {path} 是空的"},
    "options.target.none": {
        "en": "no target given (a HOST, HOST:PORT or [IPv6]:PORT, or a profile with [target] host)",
        "zh_CN": "没有指定服务器（请给出 HOST、HOST:PORT 或 [IPv6]:PORT，或使用写有 [target] host 的配置文件）"},
    "options.tier": {"en": "tier {tier!r} is not basic, intermediate or advanced",
                     "zh_CN": "检查深度 {tier!r} 不是 “basic”、“intermediate” 或 “advanced” 之一"},
    "options.resolve.not_list": {"en": "resolve must be a list of IP addresses",
                                 "zh_CN": "resolve 必须是 IP 地址的列表"},
    "options.resolve.not_ip": {"en": "resolve: {value!r} is not an IP address",
                               "zh_CN": "resolve：{value!r} 不是 IP 地址"},
    "options.resolve.zone": {"en": "resolve: {value!r} names a zone; give the address without '%'",
                             "zh_CN": "resolve：{value!r} 带有区域标识；请给出不带 '%' 的地址"},
    "options.resolve.too_many": {"en": "resolve: {count} addresses are more than the {most} t3gui diagnoses",
                                 "zh_CN": "resolve：给出了 {count} 个地址，t3gui 最多诊断 {most} 个"},
}
