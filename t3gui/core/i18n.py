"""User-visible strings of the text report and progress lines, in every language."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "healthy": "Nothing stands in the way of logging in.",
        "verdict": "Verdict", "root_cause": "Root cause", "fix": "Fix", "findings": "Findings",
        "checks": "Checks", "measurements": "Measurements", "evidence": "Evidence",
        "status.healthy": "HEALTHY", "status.degraded": "DEGRADED", "status.failed": "FAILED",
        "target": "Target", "started": "Started", "duration": "Duration",
        "series.header": "series          sent  loss%    min    med    p95    max  jitter",
        "no_findings": "No findings.",
        "cancelled": "Diagnosis cancelled.",
        "tier.skipped": "{tier} tier skipped: {reason}",
        "status.inconclusive": "INCONCLUSIVE",
        "inconclusive": "Could not check {check} because {reason}; {advice}",
        "inconclusive.more": " ({count} more checks could not run because of it.)",
        "unchecked": "Could not check",
        "timeline": "Timeline",
        "reason.timeout": "it did not finish in time",
        "reason.connectivity": "the connection broke while it ran",
        "reason.wrong-input": "a file or option given to t3gui could not be used",
        "reason.bug": "t3gui itself ran into a problem",
        "reason.cancelled": "the diagnosis was cancelled",
        "advice.timeout": "run the diagnosis again, with a longer timeout if the network is slow.",
        "advice.connectivity": "check the network connection and run the diagnosis again.",
        "advice.wrong-input": "check the token, certificate and CA files given and run it again.",
        "advice.bug": "send the diagnostic bundle to support; it includes t3gui's log.",
        "advice.cancelled": "run the diagnosis to the end.",
        "severity.critical": "critical", "severity.warning": "warning", "severity.info": "info",
        "check.pass": "pass", "check.warn": "warn", "check.fail": "fail", "check.skip": "skip",
        "check.error": "error",
        "tier.basic": "basic", "tier.intermediate": "intermediate", "tier.advanced": "advanced",
        "unit.ms": "ms", "unit.s": "s",
    },
    "zh_CN": {
        "healthy": "没有任何问题妨碍登录。",
        "verdict": "结论", "root_cause": "根本原因", "fix": "解决方法", "findings": "发现的问题",
        "checks": "检查项", "measurements": "测量结果", "evidence": "证据",
        "status.healthy": "正常", "status.degraded": "降级", "status.failed": "失败",
        "target": "目标", "started": "开始时间", "duration": "耗时",
        "series.header": "序列            发送   丢包%   最小   中位   p95    最大   抖动",
        "no_findings": "没有发现问题。",
        "cancelled": "诊断已取消。",
        "tier.skipped": "已跳过{tier}层级：{reason}",
        "status.inconclusive": "无法确定",
        "inconclusive": "无法检查{check}，因为{reason}；{advice}",
        "inconclusive.more": "（另有 {count} 项检查因此无法运行。）",
        "unchecked": "无法检查",
        "timeline": "时间线",
        "reason.timeout": "它未能按时完成",
        "reason.connectivity": "运行期间连接中断",
        "reason.wrong-input": "提供给 t3gui 的文件或选项无法使用",
        "reason.bug": "t3gui 自身出现了问题",
        "reason.cancelled": "诊断已被取消",
        "advice.timeout": "请重新运行诊断；如果网络较慢，请加长超时时间。",
        "advice.connectivity": "请检查网络连接，然后重新运行诊断。",
        "advice.wrong-input": "请检查所提供的令牌、证书和 CA 文件，然后重新运行。",
        "advice.bug": "请将诊断包发送给技术支持；其中包含 t3gui 的日志。",
        "advice.cancelled": "请完整运行诊断。",
        "severity.critical": "严重", "severity.warning": "警告", "severity.info": "提示",
        "check.pass": "通过", "check.warn": "警告", "check.fail": "失败", "check.skip": "跳过",
        "check.error": "出错",
        "tier.basic": "基础", "tier.intermediate": "中级", "tier.advanced": "高级",
        "unit.ms": "毫秒", "unit.s": "秒",
    },
}


# The registry's check titles, in the words both the reports and the app use.
CHECK_TITLES: dict[str, dict[str, str]] = {
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


def check_title(check_id: str, language: str = "en") -> str:
    titles = CHECK_TITLES.get(check_id)
    if titles is None:  # an id from a bundle made by another version: show it as it is
        return check_id
    return titles.get(language) or titles["en"]


def tr(key: str, language: str = "en", **values: object) -> str:
    table = STRINGS.get(language, STRINGS["en"])
    text = table.get(key, STRINGS["en"][key])
    return text.format(**values) if values else text
