# ruff: noqa: RUF001
"""What each demo scenario plays, in the languages other than English.

The English is the scenario's own description in t3gui.lab.scenarios (the lab
prints it too), so this table holds the other languages only: the one table
not in the ``dict[str, Text]`` shape, to keep each description written once.
A test checks that every scenario has every language.
"""

from __future__ import annotations

SCENARIO_DESCRIPTIONS: dict[str, dict[str, str]] = {"zh_CN": {
    "healthy": "正常的服务器和有效的令牌",
    "busy": "服务器以 BUSY（繁忙）应答 HELLO",
    "overloaded": "STATUS 报告 CPU 和内存接近上限",
    "slow-handshake": "服务器要 1.5 秒才应答 HELLO",
    "no-response": "服务器接受连接，但从不应答",
    "not-t3": "T3 端口上是一台网页服务器",
    "version-unsupported": "服务器拒绝 T3 版本 1",
    "bad-frame": "服务器应答的校验和已损坏",
    "udp-blocked": "UDP 心跳被丢弃",
    "plaintext": "T3 未使用 TLS",
    "port-closed": "控制端口上没有服务在监听",
    "port-filtered": "防火墙丢弃所有到控制端口的连接",
    "high-latency": "网络路径使每次往返增加 300 毫秒",
    "cert-expired": "服务器证书已于 3 天前过期",
    "cert-not-yet-valid": "服务器证书 2 天后才生效",
    "cert-expiring-soon": "服务器证书将在 5 天后过期",
    "cert-wrong-host": "证书上是另一台主机的名称",
    "cert-self-signed": "自签名的服务器证书",
    "cert-revoked": "服务器证书在其 CA 的吊销列表中",
    "cert-missing-intermediate": "服务器没有发送中间证书",
    "weak-key": "服务器证书使用 1024 位 RSA 密钥",
    "intercepted": "证书不是来自技术支持预期的 CA",
    "client-cert-required": "服务器要求客户端证书",
    "client-cert-rejected": "服务器拒绝客户端证书",
    "clock-skew": "服务器时钟慢 2 小时，因此拒绝令牌",
    "clock-skew-tolerated": "服务器时钟慢 2 小时，但仍可登录",
    "no-token": "未提供令牌",
    "token-malformed": "没有过期时间的令牌",
    "token-expired": "令牌已于 1 小时前过期",
    "token-not-yet-valid": "令牌 1 小时后才生效",
    "bad-signature": "令牌由另一把密钥签名",
    "bad-audience": "令牌属于另一项服务",
    "bad-issuer": "令牌来自另一个签发者",
    "unknown-user": "服务器不认识该用户",
    "revoked": "该用户的访问权限已被吊销",
    "cluster-healthy": "一个名称背后有三台正常的服务器",
    "cluster-cert-expired": "一个名称背后有三台服务器；第二台的证书已过期",
    "cluster-bad-key": "一个名称背后有三台服务器；第二台信任另一把令牌密钥",
    "cluster-auth-down": "一个名称背后有三台服务器；第二台的登录服务从不应答",
    "cluster-node-down": "一个名称背后有三台服务器；第三台上没有服务在监听",
}}
