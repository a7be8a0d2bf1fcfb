"""Every string the desktop app shows, in English and Simplified Chinese.

Finding texts come from the findings catalog; these are the app's own words.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QLocale

from t3gui.core.i18n import CHECK_TITLES

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}

STRINGS: dict[str, dict[str, str]] = {
    "app.title": {"en": "t3gui — T3 login troubleshooter", "zh_CN": "t3gui — T3 登录故障诊断"},
    "menu.file": {"en": "&File", "zh_CN": "文件(&F)"},
    "menu.open_profile": {"en": "Open &profile…", "zh_CN": "打开配置文件(&P)…"},
    "menu.quit": {"en": "&Quit", "zh_CN": "退出(&Q)"},
    "menu.view": {"en": "&View", "zh_CN": "视图(&V)"},
    "menu.language": {"en": "&Language", "zh_CN": "语言(&L)"},
    "menu.help": {"en": "&Help", "zh_CN": "帮助(&H)"},
    "menu.logs": {"en": "Open the &log folder", "zh_CN": "打开日志文件夹(&L)"},
    "menu.about": {"en": "&About t3gui", "zh_CN": "关于 t3gui(&A)"},
    "menu.guide": {"en": "&Guide", "zh_CN": "使用指南(&G)"},
    "guide.title": {"en": "t3gui guide", "zh_CN": "t3gui 使用指南"},
    "menu.theme": {"en": "T&heme", "zh_CN": "主题(&H)"},
    "theme.system": {"en": "&System", "zh_CN": "跟随系统(&S)"},
    "theme.light": {"en": "&Light", "zh_CN": "浅色(&L)"},
    "theme.dark": {"en": "&Dark", "zh_CN": "深色(&D)"},
    "logs.title": {"en": "Log folder", "zh_CN": "日志文件夹"},
    "logs.cannot_open": {"en": "t3gui cannot open a file manager here. The log folder is:",
                         "zh_CN": "t3gui 无法在此打开文件管理器。日志文件夹位于："},
    "logs.copy": {"en": "C&opy path", "zh_CN": "复制路径(&O)"},
    "logs.copied": {"en": "Copied.", "zh_CN": "已复制。"},
    "about.text": {"en": "t3gui {version}\nFinds out why a T3 client cannot log in to its server.",
                   "zh_CN": "t3gui {version}\n查找 T3 客户端无法登录服务器的原因。"},
    # start page
    "start.heading": {"en": "Which T3 server cannot you log in to?", "zh_CN": "您无法登录哪台 T3 服务器？"},
    "start.target": {"en": "Se&rver", "zh_CN": "服务器(&R)"},
    "start.target.placeholder": {"en": "t3.example.com, t3.example.com:12345, [2001:db8::1]:12345 or a URL",
                                 "zh_CN": "t3.example.com、t3.example.com:12345、[2001:db8::1]:12345 或网址"},
    "start.token": {"en": "Login &token", "zh_CN": "登录令牌(&T)"},
    "start.token.placeholder": {"en": "paste the token, or type or choose the path of its file (kept in memory only)",
                                "zh_CN": "粘贴令牌，或输入或选择令牌文件的路径（仅保存在内存中）"},
    "start.ca": {"en": "Company &CA file", "zh_CN": "公司 CA 文件(&C)"},
    "start.ca.placeholder": {"en": "optional: PEM file of your company's root certificate",
                             "zh_CN": "可选：公司根证书的 PEM 文件"},
    "start.client_cert": {"en": "Client cert&ificate", "zh_CN": "客户端证书(&I)"},
    "start.client_key": {"en": "Client &key", "zh_CN": "客户端私钥(&K)"},
    "start.optional_pem": {"en": "optional: PEM file", "zh_CN": "可选：PEM 文件"},
    "start.tier": {"en": "&Depth", "zh_CN": "诊断深度(&D)"},
    "tier.auto": {"en": "Automatic (stop where the cause is found)", "zh_CN": "自动（找到原因即停止）"},
    "tier.basic": {"en": "Basic: name, reachability, ports", "zh_CN": "基础：名称、连通性、端口"},
    "tier.intermediate": {"en": "Intermediate: + TLS, token, clock", "zh_CN": "中级：+ TLS、令牌、时钟"},
    "tier.advanced": {"en": "Advanced: + path, MTU, heartbeats, load", "zh_CN": "高级：+ 路径、MTU、心跳、负载"},
    "start.browse": {"en": "Choose…", "zh_CN": "选择…"},
    "start.run": {"en": "&Start diagnosis", "zh_CN": "开始诊断(&S)"},
    "start.scenario": {"en": "Demo sc&enario", "zh_CN": "演示场景(&E)"},
    "start.demo_note": {"en": "Demo mode: a built-in lab server on this computer plays the fault you pick.",
                        "zh_CN": "演示模式：本机内置的实验服务器会模拟您选择的故障。"},
    "start.recent": {"en": "Recent", "zh_CN": "最近使用"},
    "start.demo_starting": {"en": "starting the demo server for this scenario…",
                            "zh_CN": "正在为此场景启动演示服务器…"},
    "start.demo_listening": {"en": "the demo server of this scenario listens here",
                             "zh_CN": "此场景的演示服务器正在这里监听"},
    "err.token_file": {"en": "cannot read {path}: {reason}", "zh_CN": "无法读取 {path}：{reason}"},
    "err.token": {"en": "not a login token: {reason}", "zh_CN": "不是登录令牌：{reason}"},
    "err.pem": {"en": "{path} is not a PEM file", "zh_CN": "{path} 不是 PEM 文件"},
    "err.missing": {"en": "{path} does not exist", "zh_CN": "{path} 不存在"},
    "err.key_without_cert": {"en": "a client key needs a client certificate", "zh_CN": "客户端私钥需要配合客户端证书"},
    "ok.token": {"en": "token for {user}", "zh_CN": "{user} 的令牌"},
    "ok.token_pasted": {"en": "pasted token for {user}", "zh_CN": "已粘贴 {user} 的令牌"},
    "ok.token_file": {"en": "token for {user}, read from {path}", "zh_CN": "{user} 的令牌，读取自 {path}"},
    "err.token_dir": {"en": "{path} is a folder; choose the file that holds the token",
                      "zh_CN": "{path} 是文件夹；请选择保存令牌的文件"},
    "err.token_or_file": {"en": "not a login token ({reason}), and no file of that name exists",
                          "zh_CN": "不是登录令牌（{reason}），也没有这个名称的文件"},
    "err.token_file_big": {"en": "{path} is too large to hold a login token", "zh_CN": "{path} 太大，不是令牌文件"},
    "err.token_in_file": {"en": "{path} does not hold a login token: {reason}",
                          "zh_CN": "{path} 中没有登录令牌：{reason}"},
    "token.reason.parts": {"en": "a token has 3 parts separated by dots, this has {n}",
                           "zh_CN": "令牌由 3 个以点分隔的部分组成，这里有 {n} 个"},
    "token.reason.encoding": {"en": "a part is not base64url-encoded JSON",
                              "zh_CN": "其中一部分不是 base64url 编码的 JSON"},
    "token.reason.json": {"en": "its header or claims are not JSON objects", "zh_CN": "其头部或声明不是 JSON 对象"},
    "token.reason.long": {"en": "it is longer than 16384 characters", "zh_CN": "超过 16384 个字符"},
    "token.reason.text": {"en": "it is not text", "zh_CN": "其内容不是文本"},
    # run page
    "run.heading": {"en": "Diagnosing {target}", "zh_CN": "正在诊断 {target}"},
    "run.cancel": {"en": "&Cancel", "zh_CN": "取消(&C)"},
    "run.cancelled": {"en": "Cancelled. Nothing is running any more.", "zh_CN": "已取消，所有检查均已停止。"},
    "run.failed": {"en": "The diagnosis stopped: {reason}", "zh_CN": "诊断已停止：{reason}"},
    "run.back": {"en": "&Back", "zh_CN": "返回(&B)"},
    "run.col.check": {"en": "Check", "zh_CN": "检查项"},
    "run.col.status": {"en": "Status", "zh_CN": "状态"},
    "run.col.time": {"en": "Time", "zh_CN": "耗时"},
    "run.col.summary": {"en": "Result", "zh_CN": "结果"},
    "run.ms": {"en": "{ms:.0f} ms", "zh_CN": "{ms:.0f} 毫秒"},
    "tier.name.basic": {"en": "Basic", "zh_CN": "基础"},
    "tier.name.intermediate": {"en": "Intermediate", "zh_CN": "中级"},
    "tier.name.advanced": {"en": "Advanced", "zh_CN": "高级"},
    "severity.critical": {"en": "critical", "zh_CN": "严重"},
    "severity.warning": {"en": "warning", "zh_CN": "警告"},
    "severity.info": {"en": "info", "zh_CN": "提示"},
    "status.running": {"en": "running", "zh_CN": "运行中"},
    "status.pass": {"en": "passed", "zh_CN": "通过"},
    "status.warn": {"en": "warning", "zh_CN": "警告"},
    "status.fail": {"en": "failed", "zh_CN": "失败"},
    "status.skip": {"en": "skipped", "zh_CN": "跳过"},
    "status.error": {"en": "could not run", "zh_CN": "无法运行"},
    # result page
    "verdict.healthy": {"en": "Healthy", "zh_CN": "正常"},
    "verdict.degraded": {"en": "Works, with problems", "zh_CN": "可用，但有问题"},
    "verdict.failed": {"en": "Login fails", "zh_CN": "无法登录"},
    "verdict.inconclusive": {"en": "Could not check everything", "zh_CN": "未能全部检查"},
    "result.fix": {"en": "How to fix it", "zh_CN": "解决方法"},
    "result.findings": {"en": "What t3gui found, cause first", "zh_CN": "发现的问题（按因果顺序）"},
    "result.none": {"en": "No problems found.", "zh_CN": "没有发现问题。"},
    "result.view_customer": {"en": "For me", "zh_CN": "简明"},
    "result.view_technician": {"en": "For a technician", "zh_CN": "技术细节"},
    "result.copy": {"en": "Copy &summary for ticket", "zh_CN": "复制工单摘要(&S)"},
    "result.copied": {"en": "Copied. Paste it into your support ticket.", "zh_CN": "已复制，请粘贴到支持工单中。"},
    "result.rerun": {"en": "&Run again", "zh_CN": "重新运行(&R)"},
    "result.monitor": {"en": "Live &monitor", "zh_CN": "实时监控(&M)"},
    "result.new": {"en": "&New diagnosis", "zh_CN": "新的诊断(&N)"},
    "result.evidence": {"en": "Evidence", "zh_CN": "证据"},
    "result.checks": {"en": "Every check", "zh_CN": "全部检查项"},
    "result.chain": {"en": "Where the login travels", "zh_CN": "登录经过的环节"},
    "chain.computer": {"en": "This computer", "zh_CN": "本机"},
    "chain.dns": {"en": "Name lookup", "zh_CN": "名称解析"},
    "chain.network": {"en": "Network", "zh_CN": "网络"},
    "chain.tls": {"en": "TLS", "zh_CN": "TLS"},
    "chain.server": {"en": "T3 server", "zh_CN": "T3 服务器"},
    "chain.login": {"en": "Login", "zh_CN": "登录"},
    "chain.heartbeats": {"en": "Heartbeats", "zh_CN": "心跳"},
    "chain.state.broken": {"en": "broken here: the cause", "zh_CN": "在此中断：根本原因"},
    "chain.state.fail": {"en": "failed", "zh_CN": "失败"},
    "chain.state.unchecked": {"en": "could not be checked", "zh_CN": "无法检查"},
    "chain.state.warn": {"en": "works, with a problem", "zh_CN": "可用，但有问题"},
    "chain.state.pass": {"en": "works", "zh_CN": "正常"},
    "chain.state.skip": {"en": "not checked", "zh_CN": "未检查"},
    "chain.state.none": {"en": "not part of this run", "zh_CN": "不在本次检查范围内"},
    # monitor
    "monitor.heading": {"en": "Live monitor — {target}", "zh_CN": "实时监控 — {target}"},
    "monitor.rtt": {"en": "Round trip (ms)", "zh_CN": "往返时间（毫秒）"},
    "monitor.seconds": {"en": "seconds since the monitor started", "zh_CN": "监控开始后的秒数"},
    "monitor.loss": {"en": "Loss per interval (%)", "zh_CN": "每个区间的丢包率（%）"},
    "monitor.interval": {"en": "Every", "zh_CN": "间隔"},
    "monitor.pause": {"en": "&Pause", "zh_CN": "暂停(&P)"},
    "monitor.resume": {"en": "&Resume", "zh_CN": "继续(&R)"},
    "monitor.mark": {"en": "Problem happening &now", "zh_CN": "问题正在发生(&N)"},
    "monitor.marked": {"en": "Marked at {time}", "zh_CN": "已于 {time} 标记"},
    "monitor.back": {"en": "&Back to the result", "zh_CN": "返回结果(&B)"},
    "monitor.series": {"en": "Series", "zh_CN": "序列"},
    "monitor.sent": {"en": "Sent", "zh_CN": "发送"},
    "monitor.loss_pct": {"en": "Loss %", "zh_CN": "丢包 %"},
    "monitor.last": {"en": "Last", "zh_CN": "最近"},
    "monitor.best": {"en": "Best", "zh_CN": "最佳"},
    "monitor.median": {"en": "Median", "zh_CN": "中位数"},
    "monitor.p95": {"en": "p95", "zh_CN": "p95"},
    "monitor.worst": {"en": "Worst", "zh_CN": "最差"},
    "monitor.jitter": {"en": "Jitter", "zh_CN": "抖动"},
    "series.t3_udp": {"en": "T3 heartbeat (UDP)", "zh_CN": "T3 心跳（UDP）"},
    "series.t3_tcp": {"en": "T3 heartbeat (TCP)", "zh_CN": "T3 心跳（TCP）"},
    "series.tcp_connect": {"en": "TCP connect", "zh_CN": "TCP 连接"},
    "series.icmp": {"en": "Ping (ICMP)", "zh_CN": "Ping（ICMP）"},
    # monitor notes
    "monitor.note.no-token": {"en": "No T3 heartbeats: they need a login token.",
                              "zh_CN": "没有 T3 心跳：需要登录令牌。"},
    "monitor.note.login-failed": {"en": "No T3 heartbeats: the login failed.", "zh_CN": "没有 T3 心跳：登录失败。"},
    "monitor.note.no-session": {"en": "No T3 heartbeats: no session ({detail}).",
                                "zh_CN": "没有 T3 心跳：无法建立会话（{detail}）。"},
    "monitor.note.no-ping.not-permitted": {
        "en": "No ping: this system does not let ordinary users send ICMP echo (on Linux, "
              "net.ipv4.ping_group_range). TCP and T3 keep being measured.",
        "zh_CN": "没有 Ping：此系统不允许普通用户发送 ICMP 回显（Linux 上为 net.ipv4.ping_group_range）。"
                 "TCP 和 T3 仍在测量。"},
    "monitor.note.no-ping.no-socket": {"en": "No ping: no ICMP socket could be opened ({detail}).",
                                       "zh_CN": "没有 Ping：无法打开 ICMP 套接字（{detail}）。"},
    "monitor.note.no-ping.no-icmpv6": {"en": "No ping: this system cannot send ICMPv6 echo to an IPv6 address.",
                                       "zh_CN": "没有 Ping：此系统无法向 IPv6 地址发送 ICMPv6 回显。"},
    "monitor.note.no-ping.no-handle": {"en": "No ping: Windows refused to open an ICMP handle.",
                                       "zh_CN": "没有 Ping：Windows 拒绝打开 ICMP 句柄。"},
    # monitor: T3 session drops (events, never packet loss)
    "monitor.drop.label": {"en": "T3 session down", "zh_CN": "T3 会话中断"},
    "monitor.drop.row": {"en": "Session drop {time}", "zh_CN": "会话中断 {time}"},
    "monitor.drop.ongoing": {"en": "ongoing", "zh_CN": "仍在中断"},
    "monitor.drop.lasted": {"en": "lasted {seconds} s", "zh_CN": "持续 {seconds} 秒"},
    "monitor.drop.what": {"en": "{lasted}: {what}", "zh_CN": "{lasted}：{what}"},
    "monitor.at": {"en": "{time}: {text}", "zh_CN": "{time}：{text}"},
    "monitor.drop.server": {
        "en": "the server ended the T3 session: {why}. This is not packet loss; heartbeats wait for a new session.",
        "zh_CN": "服务器结束了 T3 会话：{why}。这不是丢包；心跳将等待新会话。"},
    "monitor.drop.lost": {
        "en": "the T3 session was lost: {why}. Heartbeats that went unanswered before it count as loss; "
              "those after it do not.",
        "zh_CN": "T3 会话已丢失：{why}。此前未获应答的心跳计为丢包，此后的不计。"},
    "monitor.reconnect.in": {"en": "Reconnecting in {seconds} s.", "zh_CN": "{seconds} 秒后重新连接。"},
    "monitor.reconnect.failed": {"en": "Reconnect attempt {attempt} failed: {why}. Next attempt in {seconds} s.",
                                 "zh_CN": "第 {attempt} 次重新连接失败：{why}。{seconds} 秒后再试。"},
    "monitor.reconnect.done": {"en": "a new T3 session is open, after {seconds} s without one.",
                               "zh_CN": "新的 T3 会话已建立，此前 {seconds} 秒没有会话。"},
    "monitor.reconnect.gave-up": {
        "en": "{why}. The monitor stops reconnecting: check the token and start a new diagnosis.",
        "zh_CN": "{why}。监控停止重新连接：请检查令牌并重新开始诊断。"},
    "monitor.cause.bye": {"en": "it said goodbye (BYE)", "zh_CN": "服务器发送了 BYE（再见）"},
    "monitor.cause.closed": {
        "en": "it closed the connection (as a server does when it restarts or stops, or after 3 heartbeat "
              "intervals without a word from the client)",
        "zh_CN": "服务器关闭了连接（服务器重启或停止时，或客户端 3 个心跳间隔内无任何消息时会这样做）"},
    "monitor.cause.error": {"en": "it sent the error {code}", "zh_CN": "服务器发送了错误 {code}"},
    "monitor.cause.unknown-code": {"en": "(a code the protocol does not define)", "zh_CN": "（协议未定义的代码）"},
    "monitor.cause.bad-frame": {"en": "it sent data that is not valid T3", "zh_CN": "服务器发送了无效的 T3 数据"},
    "monitor.cause.auth": {"en": "the server refused the login ({code})", "zh_CN": "服务器拒绝登录（{code}）"},
    "monitor.cause.refused": {"en": "the connection was refused: nothing is listening on the server's port",
                              "zh_CN": "连接被拒绝：服务器端口上没有服务在监听"},
    "monitor.cause.tls": {"en": "the TLS handshake failed", "zh_CN": "TLS 握手失败"},
    "monitor.cause.unexpected": {"en": "the server answered out of order", "zh_CN": "服务器的应答顺序不正确"},
    "monitor.cause.timeout": {
        "en": "no answer from the server in time: the network or the server stopped answering",
        "zh_CN": "服务器未及时应答：网络或服务器停止了响应"},
    "monitor.cause.reset": {"en": "the connection was reset (by the server or a device on the way)",
                            "zh_CN": "连接被重置（由服务器或途中的设备）"},
    "monitor.cause.unreachable": {"en": "the server cannot be reached", "zh_CN": "无法到达服务器"},
    "monitor.cause.failed": {"en": "an unexpected error (see the log)", "zh_CN": "意外错误（请查看日志）"},
    # bundles
    "bundle.export": {"en": "&Export bundle…", "zh_CN": "导出诊断包(&E)…"},
    "bundle.title": {"en": "Export a diagnostic bundle", "zh_CN": "导出诊断包"},
    "bundle.intro": {"en": "This is everything the bundle will hold. No token, password or private key is ever "
                              "included. Check it, then save it and attach it to your support ticket.",
                     "zh_CN": "以下是诊断包将包含的全部内容。令牌、密码和私钥永远不会被包含。"
                              "请检查后保存，并附加到支持工单中。"},
    "bundle.pseudonymize": {"en": "Replace host names, addresses and user names with pseudonyms",
                            "zh_CN": "用假名替换主机名、地址和用户名"},
    "bundle.recipient": {"en": "Encrypt for the help desk (age key)", "zh_CN": "为技术支持加密（age 公钥）"},
    "bundle.recipient.placeholder": {"en": "optional: age1…", "zh_CN": "可选：age1…"},
    "bundle.notes": {"en": "Notes for the help desk", "zh_CN": "给技术支持的备注"},
    "bundle.notes.placeholder": {"en": "optional: what you were doing when it failed",
                                 "zh_CN": "可选：出错时您正在做什么"},
    "bundle.save": {"en": "&Save…", "zh_CN": "保存(&S)…"},
    "bundle.saved": {"en": "Bundle saved to {path}", "zh_CN": "诊断包已保存到 {path}"},
    "bundle.failed": {"en": "The bundle was not written: {reason}", "zh_CN": "诊断包未写入：{reason}"},
    "bundle.samples.intro": {"en": "samples.t3s holds every probe in a compact binary form that t3gui reads; "
                             "samples.csv holds the newest hour of each series for a spreadsheet.",
                             "zh_CN": "samples.t3s 以 t3gui 可读的紧凑二进制格式保存每一次探测；"
                                      "samples.csv 保存每个序列最近一小时的数据，可用电子表格打开。"},
    "bundle.samples.series": {"en": "{series}: {probes:,} probes over {span}, {lost:,} lost",
                              "zh_CN": "{series}：{span}内 {probes:,} 次探测，丢失 {lost:,} 次"},
    "span.s": {"en": "{n:.0f} s", "zh_CN": "{n:.0f} 秒"},
    "span.min": {"en": "{n:.0f} min", "zh_CN": "{n:.0f} 分钟"},
    "span.h": {"en": "{n:.1f} h", "zh_CN": "{n:.1f} 小时"},
    "bundle.open": {"en": "Open &bundle…", "zh_CN": "打开诊断包(&B)…"},
    "bundle.compare": {"en": "&Compare two bundles…", "zh_CN": "比较两个诊断包(&C)…"},
    "bundle.sealed": {"en": "This bundle is encrypted. Choose the help desk's age identity file, or cancel to "
                             "enter a passphrase.",
                      "zh_CN": "此诊断包已加密。请选择技术支持的 age 身份文件，或取消以输入密码。"},
    "bundle.passphrase": {"en": "Passphrase of the bundle", "zh_CN": "诊断包的密码"},
    "bundle.opened": {"en": "Opened {name}, created {created}", "zh_CN": "已打开 {name}，创建于 {created}"},
    "bundle.bad": {"en": "{name} cannot be opened: {reason}", "zh_CN": "无法打开 {name}：{reason}"},
    "bundle.filter": {"en": "t3gui bundles", "zh_CN": "t3gui 诊断包"},
    # an opened bundle: the result page's tabs and what it does not offer
    "viewer.tab.findings": {"en": "F&indings", "zh_CN": "发现的问题(&I)"},
    "viewer.tab.plot": {"en": "Monitor &plot", "zh_CN": "监控图(&P)"},
    "viewer.tab.notes": {"en": "Marks and n&otes", "zh_CN": "标记和备注(&O)"},
    "viewer.tab.certs": {"en": "&Certificates", "zh_CN": "证书(&C)"},
    "viewer.tab.timeline": {"en": "Time&line", "zh_CN": "时间线(&L)"},
    "result.bundle.monitor": {
        "en": "Not for a bundle: the live monitor measures from this computer, and this run was made elsewhere. "
              "Start a new diagnosis to measure from here.",
        "zh_CN": "不适用于诊断包：实时监控从本机测量，而此诊断是在别处进行的。如需从本机测量，请开始新的诊断。"},
    "result.bundle.rerun": {"en": "Not for a bundle: it holds no token to run with. Start a new diagnosis instead.",
                            "zh_CN": "不适用于诊断包：其中没有可用于运行的令牌。请改为开始新的诊断。"},
    "result.bundle.export": {"en": "This is a bundle already: send the file itself.",
                             "zh_CN": "这已经是诊断包：直接发送该文件即可。"},
    "bundle.plot.all": {"en": "Show &all", "zh_CN": "显示全部(&A)"},
    "bundle.plot.hint": {"en": "Scroll to zoom, drag to move. Crosses along the bottom are lost probes; dashed red "
                               "lines are the customer's marks (hover one for its note).",
                         "zh_CN": "滚动鼠标缩放，拖动平移。底部的叉号是丢失的探测；"
                                  "红色虚线是客户的标记（悬停可查看备注）。"},
    "bundle.plot.seconds": {"en": "seconds since the measurement began", "zh_CN": "测量开始后的秒数"},
    "bundle.plot.none": {"en": "This bundle holds no probes.", "zh_CN": "此诊断包不包含探测数据。"},
    "bundle.plot.loading": {"en": "Reading the probes…", "zh_CN": "正在读取探测数据…"},
    "bundle.plot.failed": {"en": "The probes of this bundle cannot be read: {reason}",
                           "zh_CN": "无法读取此诊断包的探测数据：{reason}"},
    "bundle.notes.heading": {"en": "The customer's notes", "zh_CN": "客户的备注"},
    "bundle.notes.none": {"en": "The customer wrote no notes.", "zh_CN": "客户没有填写备注。"},
    "bundle.marks.heading": {"en": "“Problem happening now” marks", "zh_CN": "“问题正在发生”标记"},
    "bundle.marks.none": {"en": "No marks were set.", "zh_CN": "没有设置标记。"},
    "bundle.marks.more": {"en": "{n:,} more marks are not shown.", "zh_CN": "另有 {n:,} 个标记未显示。"},
    "bundle.marks.at": {"en": "At (s)", "zh_CN": "时间（秒）"},
    "bundle.marks.wall": {"en": "Clock time", "zh_CN": "时钟时间"},
    "bundle.marks.note": {"en": "Note", "zh_CN": "备注"},
    "certs.heading": {"en": "The certificates the server sent, its own first",
                      "zh_CN": "服务器发送的证书（服务器自身的证书在前）"},
    "certs.none": {"en": "This bundle holds no certificate chain: the TLS checks did not receive one.",
                   "zh_CN": "此诊断包不包含证书链：TLS 检查未收到证书。"},
    "certs.none.pseudonymized": {
        "en": "This bundle is pseudonymised, so it holds no certificates: they name hosts, which pseudonyms "
              "cannot rewrite.",
        "zh_CN": "此诊断包已假名化，因此不包含证书：证书中含有主机名，假名无法改写。"},
    "certs.bad.pem": {"en": "Certificate {n} cannot be read: the bundle holds no PEM certificate there.",
                      "zh_CN": "无法读取第 {n} 个证书：诊断包中此处不是 PEM 证书。"},
    "certs.bad.fields": {"en": "Certificate {n} cannot be read: some of its fields are damaged.",
                         "zh_CN": "无法读取第 {n} 个证书：其中部分字段已损坏。"},
    "certs.cut": {"en": "{n} more certificates are not shown.", "zh_CN": "另有 {n} 个证书未显示。"},
    "certs.title": {"en": "Certificate {n}", "zh_CN": "证书 {n}"},
    "certs.subject": {"en": "Subject", "zh_CN": "主题"},
    "certs.issuer": {"en": "Issuer", "zh_CN": "颁发者"},
    "certs.names": {"en": "Names (SANs)", "zh_CN": "名称（SAN）"},
    "certs.no_names": {"en": "none", "zh_CN": "无"},
    "certs.not_before": {"en": "Valid from", "zh_CN": "生效时间"},
    "certs.not_after": {"en": "Valid until", "zh_CN": "到期时间"},
    "certs.sha256": {"en": "SHA-256 fingerprint", "zh_CN": "SHA-256 指纹"},
    "certs.copy": {"en": "Copy PEM", "zh_CN": "复制 PEM"},
    "certs.copy.name": {"en": "Copy certificate {n} as PEM", "zh_CN": "以 PEM 格式复制第 {n} 个证书"},
    "certs.copied": {"en": "Certificate {n} copied as PEM.", "zh_CN": "已复制第 {n} 个证书（PEM 格式）。"},
    "certs.state.expired": {"en": "expired when the bundle was made", "zh_CN": "生成诊断包时已过期"},
    "certs.state.not-yet-valid": {"en": "not yet valid when the bundle was made", "zh_CN": "生成诊断包时尚未生效"},
    "timeline.when": {"en": "When", "zh_CN": "时间"},
    "timeline.what": {"en": "What happened", "zh_CN": "事件"},
    "timeline.utc": {"en": "{time} UTC", "zh_CN": "{time}（UTC）"},
    "timeline.at": {"en": "{t:.1f} s", "zh_CN": "{t:.1f} 秒"},
    "timeline.started": {"en": "Diagnosis of {target} started", "zh_CN": "开始诊断 {target}"},
    "timeline.check": {"en": "{check}: {status} ({ms})", "zh_CN": "{check}：{status}（{ms}）"},
    "timeline.verdict": {"en": "Diagnosis finished: {verdict}", "zh_CN": "诊断完成：{verdict}"},
    "timeline.series": {"en": "{series}: measured until {until:.1f} s, {probes:,} sent, {lost:,} lost",
                        "zh_CN": "{series}：测量至 {until:.1f} 秒，发送 {probes:,} 次，丢失 {lost:,} 次"},
    "timeline.loss": {"en": "{series}: {count:,} probes lost in a row, until {until:.1f} s",
                      "zh_CN": "{series}：连续丢失 {count:,} 次探测，持续到 {until:.1f} 秒"},
    "timeline.loss.more": {"en": "{count:,} more runs of lost probes (the plot shows every one)",
                           "zh_CN": "另有 {count:,} 段连续丢包（图中全部可见）"},
    "timeline.mark": {"en": "The customer marked “problem happening now” at {wall}: {note}",
                      "zh_CN": "客户于 {wall} 标记“问题正在发生”：{note}"},
    "timeline.bundle": {"en": "Bundle made (t3gui {version})", "zh_CN": "生成诊断包（t3gui {version}）"},
    # comparing two bundles
    "compare.title": {"en": "Did the fix work?", "zh_CN": "修复有效吗？"},
    "compare.pick.before": {"en": "Bundle before the fix", "zh_CN": "修复前的诊断包"},
    "compare.pick.after": {"en": "Bundle after the fix", "zh_CN": "修复后的诊断包"},
    "compare.answer.fixed": {"en": "Fixed: {root} is gone; the verdict went from {before} to {after}.",
                             "zh_CN": "已修复：{root} 已消失；结论从“{before}”变为“{after}”。"},
    "compare.answer.healthy-now": {
        "en": "Healthy now. The run before the fix could not check everything, so what the fix changed cannot "
              "be said.",
        "zh_CN": "现在正常。修复前的诊断未能全部检查，因此无法判断修复改变了什么。"},
    "compare.answer.both-healthy": {"en": "Nothing to fix: both runs are healthy.",
                                    "zh_CN": "无需修复：两次诊断均正常。"},
    "compare.answer.better": {
        "en": "Better, not fixed yet: {root} is gone, but {now} remains; the verdict went from {before} to {after}.",
        "zh_CN": "有所改善，但尚未修复：{root} 已消失，但仍有 {now}；结论从“{before}”变为“{after}”。"},
    "compare.answer.not-fixed": {"en": "Not fixed: {root} is still there; the verdict went from {before} to {after}.",
                                 "zh_CN": "未修复：{root} 仍然存在；结论从“{before}”变为“{after}”。"},
    "compare.answer.not-fixed-same": {"en": "Not fixed: {root} is still there; the verdict is still {after}.",
                                      "zh_CN": "未修复：{root} 仍然存在；结论仍为“{after}”。"},
    "compare.answer.worse": {"en": "Worse: the verdict went from {before} to {after}; the cause now is {now}.",
                             "zh_CN": "变差了：结论从“{before}”变为“{after}”；现在的原因是 {now}。"},
    "compare.answer.problem-now": {"en": "Not fixed: the verdict is now {after}, because of {now}.",
                                   "zh_CN": "未修复：结论现在为“{after}”，原因是 {now}。"},
    "compare.answer.cannot-tell": {
        "en": "Cannot tell yet: the run after the fix could not check {checks}, so its verdict is inconclusive. "
              "Run it again.",
        "zh_CN": "尚无法判断：修复后的诊断未能检查{checks}，因此结论无法确定。请重新运行。"},
    "compare.status.healthy": {"en": "healthy", "zh_CN": "正常"},
    "compare.status.degraded": {"en": "degraded", "zh_CN": "可用但有问题"},
    "compare.status.failed": {"en": "failed", "zh_CN": "无法登录"},
    "compare.status.inconclusive": {"en": "inconclusive", "zh_CN": "无法确定"},
    "compare.before": {"en": "Before the fix", "zh_CN": "修复前"},
    "compare.after": {"en": "After the fix", "zh_CN": "修复后"},
    "compare.col.before": {"en": "before", "zh_CN": "修复前"},
    "compare.col.after": {"en": "after", "zh_CN": "修复后"},
    "compare.file": {"en": "{name}, made {created}", "zh_CN": "{name}，生成于 {created}"},
    "compare.other_server": {
        "en": "These bundles are about different servers ({before} and {after}): comparing them may mean nothing.",
        "zh_CN": "这两个诊断包针对不同的服务器（{before} 和 {after}），比较结果可能没有意义。"},
    "compare.wrong_order": {
        "en": "The bundle chosen as after the fix was made before the other one: were they picked the wrong way "
              "round?",
        "zh_CN": "被选为“修复后”的诊断包比另一个更早生成：是否选反了？"},
    "compare.verdict": {"en": "Verdict", "zh_CN": "结论"},
    "compare.checks": {"en": "Checks whose status changed", "zh_CN": "状态发生变化的检查项"},
    "compare.checks.none": {"en": "No check changed its status.", "zh_CN": "没有检查项的状态发生变化。"},
    "compare.check": {"en": "Check", "zh_CN": "检查项"},
    "compare.not_run": {"en": "not in this run", "zh_CN": "本次未包含"},
    "compare.findings": {"en": "Findings", "zh_CN": "发现的问题"},
    "compare.gone": {"en": "Gone", "zh_CN": "已消失"},
    "compare.new": {"en": "New", "zh_CN": "新出现"},
    "compare.kept": {"en": "Still there", "zh_CN": "仍然存在"},
    "compare.findings.none": {"en": "Neither run found a problem.", "zh_CN": "两次诊断都没有发现问题。"},
    "compare.series": {"en": "Latency and loss", "zh_CN": "延迟和丢包"},
    "compare.series.none": {"en": "Neither bundle holds measurements.", "zh_CN": "两个诊断包都没有测量数据。"},
    "compare.series.note": {
        "en": "From every probe each bundle holds. Green: better, red: worse (times by more than a fifth and "
              "1 ms, loss by more than 1 point, with at least 10 probes on each side).",
        "zh_CN": "基于每个诊断包中的全部探测。绿色：变好；红色：变差（时间变化超过五分之一且超过 1 毫秒，"
                 "丢包率变化超过 1 个百分点，且两边各至少有 10 次探测）。"},
    "compare.ms": {"en": "{name} (ms)", "zh_CN": "{name}（毫秒）"},
    "compare.tab.diff": {"en": "&Differences", "zh_CN": "差异(&D)"},
    "compare.tab.full": {"en": "Both &reports", "zh_CN": "两份报告(&R)"},
    # thresholds
    "menu.thresholds": {"en": "&Thresholds…", "zh_CN": "阈值(&T)…"},
    "thresholds.title": {"en": "When is a value a problem?", "zh_CN": "数值多大算有问题？"},
    "thresholds.reset": {"en": "&Defaults", "zh_CN": "默认值(&D)"},
    "dialog.save": {"en": "&Save", "zh_CN": "保存(&S)"},
    "dialog.close": {"en": "&Close", "zh_CN": "关闭(&C)"},
    "threshold.latency_warn_ms": {"en": "Latency warning (ms, median)", "zh_CN": "延迟警告（毫秒，中位数）"},
    "threshold.latency_crit_ms": {"en": "Latency critical (ms, median)", "zh_CN": "延迟严重（毫秒，中位数）"},
    "threshold.loss_warn_pct": {"en": "Loss warning (%)", "zh_CN": "丢包警告（%）"},
    "threshold.loss_crit_pct": {"en": "Loss critical (%)", "zh_CN": "丢包严重（%）"},
    "threshold.jitter_warn_ms": {"en": "Jitter warning (ms)", "zh_CN": "抖动警告（毫秒）"},
    "threshold.clock_skew_crit_s": {"en": "Clock skew critical (s)", "zh_CN": "时钟偏差严重（秒）"},
    "threshold.cert_expiring_days": {"en": "Certificate expiring soon (days)", "zh_CN": "证书即将过期（天）"},
    "threshold.overload_ratio": {"en": "Server overloaded (cpu or memory, 0–1)",
                                 "zh_CN": "服务器过载（CPU 或内存，0–1）"},
    "threshold.connections_ratio": {"en": "Server connections full (0–1)", "zh_CN": "服务器连接数已满（0–1）"},
    "threshold.slow_handshake_factor": {"en": "Slow server: handshake over this many round trips",
                                        "zh_CN": "服务器缓慢：握手超过多少个往返"},
    "threshold.slow_handshake_min_ms": {"en": "Slow server: and over (ms)", "zh_CN": "服务器缓慢：且超过（毫秒）"},
    # crashes
    "crash.title": {"en": "t3gui ran into a problem", "zh_CN": "t3gui 遇到了问题"},
    "crash.text": {"en": "Something went wrong inside t3gui. The details are in\n{path}\n"
                         "Please attach that file to your support ticket; the next bundle you export includes it.",
                   "zh_CN": "t3gui 内部出现错误。详细信息已保存在\n{path}\n请将该文件附加到您的支持工单中。"
                            "导出的下一个诊断包也会包含它。"},
}


STRINGS.update({f"check.{check_id}": titles for check_id, titles in CHECK_TITLES.items()})

# What each demo scenario plays, in the languages other than English (English: the scenario's own
# description in t3gui.lab.scenarios); a test checks that every scenario has every language.
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
}}


def scenario_description(name: str, language: str) -> str:
    """What the demo scenario ``name`` plays, in ``language`` ("" for a name that is not a scenario)."""
    from t3gui.lab.scenarios import BY_NAME  # only the demo needs the lab

    scenario = BY_NAME.get(name)
    if scenario is None:
        return ""
    return SCENARIO_DESCRIPTIONS.get(language, {}).get(name) or scenario.description


class Translator:
    def __init__(self, language: str = "en") -> None:
        self.language = language if language in LANGUAGES else "en"

    def __call__(self, key: str, **values: Any) -> str:
        entry = STRINGS[key]
        text = entry.get(self.language) or entry["en"]
        return text.format(**values) if values else text


def plain(label: str) -> str:
    """A label without its mnemonic, for screen readers: "Se&rver" is read "Server", "服务器(&R)" "服务器"."""
    return re.sub(r"\(&(\w)\)", "", label).replace("&", "")


def system_language() -> str:
    name = QLocale.system().name()
    return "zh_CN" if name.startswith("zh") else "en"
