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
    },
}


def tr(key: str, language: str = "en", **values: object) -> str:
    table = STRINGS.get(language, STRINGS["en"])
    text = table.get(key, STRINGS["en"][key])
    return text.format(**values) if values else text
