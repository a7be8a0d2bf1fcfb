# ruff: noqa: RUF001
"""The live monitor's progress lines on stderr (`t3gui monitor`), read through t3gui.monitor.messages.

Every key starts with ``monitor_cli.``; ``monitor_cli.cause.<cause>`` says why a session ended.
"""

from __future__ import annotations

from t3gui.core.text import Text

MONITOR_CLI: dict[str, Text] = {
    "monitor_cli.started": {
        "en": "monitoring {targets} every {interval} s; Ctrl-C stops",
        "zh_CN": "正在监控 {targets}，每 {interval} 秒一次；按 Ctrl-C 停止"},
    "monitor_cli.metrics": {"en": "metrics on http://{address}/metrics",
                            "zh_CN": "指标地址 http://{address}/metrics"},
    "monitor_cli.jsonl": {"en": "one JSON line a probe to {path}", "zh_CN": "每个探测一行 JSON，写入 {path}"},
    "monitor_cli.unresolved": {
        "en": "{target}: cannot resolve {host} now; connecting by name, so every attempt asks again",
        "zh_CN": "{target}：目前无法解析 {host}；按名称连接，每次尝试都会重新解析"},
    "monitor_cli.no-token": {
        "en": "{target}: no token given, so no T3 session: TCP connects and pings only",
        "zh_CN": "{target}：未提供令牌，因此没有 T3 会话：只做 TCP 连接和 ping"},
    "monitor_cli.note": {"en": "{target}: {note} {detail}", "zh_CN": "{target}：{note} {detail}"},
    "monitor_cli.no-ping": {"en": "{target}: no pings: {detail}", "zh_CN": "{target}：无法 ping：{detail}"},
    "monitor_cli.no-ping.not-permitted": {
        "en": "{target}: no pings: this system does not let ordinary users send ICMP echo "
              "(on Linux, net.ipv4.ping_group_range); TCP and T3 go on",
        "zh_CN": "{target}：无法 ping：此系统不允许普通用户发送 ICMP 回显"
                 "（Linux 上为 net.ipv4.ping_group_range）；TCP 和 T3 继续"},
    "monitor_cli.down.server": {
        "en": "{target}: the server ended the session ({cause}); reconnecting in {seconds} s",
        "zh_CN": "{target}：服务器结束了会话（{cause}）；{seconds} 秒后重连"},
    "monitor_cli.down.lost": {
        "en": "{target}: the session was lost ({cause}); reconnecting in {seconds} s",
        "zh_CN": "{target}：会话已丢失（{cause}）；{seconds} 秒后重连"},
    "monitor_cli.retry": {
        "en": "{target}: reconnect attempt {attempt} failed ({cause}); next in {seconds} s",
        "zh_CN": "{target}：第 {attempt} 次重连失败（{cause}）；{seconds} 秒后再试"},
    "monitor_cli.up": {
        "en": "{target}: reconnected after {seconds} s without a session",
        "zh_CN": "{target}：已重连，之前 {seconds} 秒没有会话"},
    "monitor_cli.gave-up": {
        "en": "{target}: the server refused the login ({cause}); no more attempts, TCP and ping go on",
        "zh_CN": "{target}：服务器拒绝登录（{cause}）；不再重试，TCP 和 ping 继续"},
    "monitor_cli.start-failed": {
        "en": "{target}: cannot start monitoring it ({error}); the other targets go on",
        "zh_CN": "{target}：无法开始监控（{error}）；其他目标继续"},
    "monitor_cli.write-failed": {
        "en": "cannot write to {path} ({error}); lines are dropped until it works again",
        "zh_CN": "无法写入 {path}（{error}）；在恢复之前丢弃这些行"},
    "monitor_cli.stopped": {
        "en": "stopped after {seconds} s: {sent} probes sent, {lost} lost",
        "zh_CN": "运行 {seconds} 秒后停止：发送 {sent} 个探测，丢失 {lost} 个"},
    "monitor_cli.cause.bye": {"en": "BYE", "zh_CN": "BYE"},
    "monitor_cli.cause.closed": {"en": "connection closed", "zh_CN": "连接已关闭"},
    "monitor_cli.cause.error": {"en": "ERROR {code}", "zh_CN": "错误 {code}"},
    "monitor_cli.cause.bad-frame": {"en": "not valid T3", "zh_CN": "无效的 T3 数据"},
    "monitor_cli.cause.auth": {"en": "AUTH_FAIL {code}", "zh_CN": "AUTH_FAIL {code}"},
    "monitor_cli.cause.refused": {"en": "connection refused", "zh_CN": "连接被拒绝"},
    "monitor_cli.cause.tls": {"en": "TLS handshake failed", "zh_CN": "TLS 握手失败"},
    "monitor_cli.cause.certificate": {
        "en": "the server's certificate was refused: expired, untrusted or for another name; "
              "`t3gui diagnose` says which",
        "zh_CN": "服务器证书未通过验证：已过期、不受信任或名称不符；运行 `t3gui diagnose` 查看具体原因"},
    "monitor_cli.cause.unexpected": {"en": "answer out of order", "zh_CN": "应答顺序不正确"},
    "monitor_cli.cause.timeout": {"en": "no answer in time", "zh_CN": "未及时应答"},
    "monitor_cli.cause.reset": {"en": "connection reset", "zh_CN": "连接被重置"},
    "monitor_cli.cause.unreachable": {"en": "unreachable", "zh_CN": "无法到达"},
    "monitor_cli.cause.failed": {"en": "unexpected error", "zh_CN": "意外错误"},
}
