"""The Chinese result page, read with the command line's scan (tests/helpers/english.py).

That scan also splits words at Chinese characters, so English glued to Chinese text
("未验证" glued to "expired at …") is found. The scenarios are those whose evidence carries our own
English phrases into the page: token times, a refused audience, a clock skew, a wrong reply.
"""

from __future__ import annotations

import asyncio

from t3gui.gui.main_window import MainWindow
from tests.gui.conftest import diagnose, run_until
from tests.gui.test_zh_cn_complete import visible_texts
from tests.helpers.english import english_runs

SCENARIOS = ("token-expired", "token-not-yet-valid", "bad-audience", "clock-skew", "bad-frame", "cert-expired")


def _english(window: MainWindow, where: str) -> list[str]:
    return [f"{where}: {widget}: {run!r} in {text[:160]!r}" for widget, text in visible_texts(window.result_page)
            for run in english_runs(text)]


def test_no_english_on_the_chinese_result_page(zh_window: MainWindow, loop: asyncio.AbstractEventLoop) -> None:
    window = zh_window
    run_until(loop, lambda: window.start_page.demo_target is not None)
    found: list[str] = []
    for scenario in SCENARIOS:
        diagnose(window, loop, scenario)
        assert window.report is not None and window.report.language == "zh_CN"
        page_text = "\n".join(text for _, text in visible_texts(window.result_page))
        assert "服务器" in page_text or "令牌" in page_text, page_text[:400]  # the page shows the verdict
        found += _english(window, f"{scenario}, for me")
        window.result_page.technician.setChecked(True)
        found += _english(window, f"{scenario}, technician")
        window.result_page.customer.setChecked(True)
    assert not found, "\n".join(found)
