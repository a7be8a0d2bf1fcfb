"""Plain words for what went wrong, in place of Python's exception names.

"(TimeoutError)" or "SSLCertVerificationError" means nothing to a customer; "no answer
in time" does. ``describe`` words an exception; ``scrub`` rewords exception names that
reached a text from elsewhere (a check's summary), so no page shows one.
"""

from __future__ import annotations

import asyncio
import re
import socket
import ssl

# Most specific first: the first class an exception is an instance of gives the words.
_WORDS: tuple[tuple[type[BaseException], str, str], ...] = (
    (ssl.SSLCertVerificationError, "the server's certificate could not be verified", "无法验证服务器的证书"),
    (ssl.SSLError, "the secure connection (TLS) failed", "安全连接（TLS）失败"),
    (socket.gaierror, "the server name could not be looked up", "无法解析服务器名称"),
    (TimeoutError, "no answer in time", "未能及时收到应答"),
    (asyncio.TimeoutError, "no answer in time", "未能及时收到应答"),
    (ConnectionRefusedError, "the connection was refused", "连接被拒绝"),
    (ConnectionResetError, "the connection was reset", "连接被重置"),
    (ConnectionAbortedError, "the connection was aborted", "连接被中止"),
    (BrokenPipeError, "the connection was closed while sending", "发送时连接已关闭"),
    (ConnectionError, "the connection broke", "连接中断"),
    (EOFError, "the connection was closed", "连接已关闭"),
    (PermissionError, "permission denied", "权限不足"),
    (FileNotFoundError, "a file was not found", "找不到文件"),
    (MemoryError, "the computer ran out of memory", "计算机内存不足"),
    (UnicodeError, "a text was not in the expected encoding", "文本编码不符合预期"),
    (OSError, "the system refused the operation", "系统拒绝了该操作"),
)
_BUG = ("an internal problem in t3gui (the details are in its log)", "t3gui 内部出现问题（详细信息在日志中）")
# Named, not imported: the protocol's and the T3 client's own exceptions.
_OTHER_NAMES = {
    "ProtocolError": ("the server's answer broke the T3 protocol", "服务器的应答不符合 T3 协议"),
    "ConnectionClosed": ("the server closed the connection", "服务器关闭了连接"),
    "IncompleteReadError": ("the connection was closed in the middle of a message", "连接在消息中途被关闭"),
    "CancelledError": ("it was cancelled", "已取消"),
}
_BY_NAME = {**{cls.__name__: (en, zh) for cls, en, zh in _WORDS}, **_OTHER_NAMES}
# A word ending like an exception class: FooError, FooException, or one of the names above.
_NAME = re.compile(r"\b(?:[A-Z][A-Za-z0-9]*(?:Error|Exception)|" + "|".join(map(re.escape, _BY_NAME)) + r")\b")


def _pick(words: tuple[str, str], language: str) -> str:
    return words[1] if language == "zh_CN" else words[0]


def describe(exc: BaseException, language: str = "en") -> str:
    """Plain words for ``exc``; an OSError's own text (its strerror) is plain already and is kept."""
    for cls, en, zh in _WORDS:
        if isinstance(exc, cls):
            words = _pick((en, zh), language)
            if isinstance(exc, OSError) and exc.strerror and language == "en" and cls is OSError:
                return exc.strerror[:1].lower() + exc.strerror[1:]
            return words
    for cls in type(exc).__mro__:
        if cls.__name__ in _OTHER_NAMES:
            return _pick(_OTHER_NAMES[cls.__name__], language)
    return _pick(_BUG, language)


def scrub(text: str, language: str = "en") -> str:
    """``text`` with every exception name replaced by plain words ("closed (ConnectionResetError)"
    reads "closed (the connection was reset)")."""
    return _NAME.sub(lambda m: _pick(_BY_NAME.get(m.group(0), _BUG), language), text)
