"""Every check's title, keyed by its id: declared once, read by the registry, the reports and the app.

``t3gui.core.i18n.check_title`` looks a title up; the registry takes its English
title from here, and the app reads it as ``check.<id>``.
"""

from __future__ import annotations

from t3gui.core.text import Text

TITLES: dict[str, Text] = {
    "dns.resolve": {"en": "Server name lookup", "zh_CN": "服务器名称解析"},
    "local.network": {"en": "Network connection", "zh_CN": "网络连接"},
    "local.proxy": {"en": "Proxy settings", "zh_CN": "代理设置"},
    "tcp.connect": {"en": "Control port", "zh_CN": "控制端口"},
    "icmp.echo": {"en": "Ping", "zh_CN": "Ping"},
    "tls.handshake": {"en": "Secure connection", "zh_CN": "安全连接"},
    "tls.certificate": {"en": "Server certificate", "zh_CN": "服务器证书"},
    "t3.handshake": {"en": "T3 handshake", "zh_CN": "T3 握手"},
    "clock.skew": {"en": "Clock", "zh_CN": "时钟"},
    "auth.token": {"en": "Login token", "zh_CN": "登录令牌"},
    "auth.server": {"en": "Login", "zh_CN": "登录"},
    "t3.status": {"en": "Server load", "zh_CN": "服务器负载"},
    "t3.heartbeat": {"en": "Heartbeats", "zh_CN": "心跳"},
    "path.quality": {"en": "Latency, loss and jitter", "zh_CN": "延迟、丢包与抖动"},
    "path.traceroute": {"en": "Route to the server", "zh_CN": "到服务器的路由"},
    "path.mtu": {"en": "Packet size", "zh_CN": "数据包大小"},
}
