# ruff: noqa: RUF001, E501
"""One-line check summaries, in every language: ``say(key, **values)`` (t3gui.core.say) reads them.

A reason the checks give as plain English (a report read back from JSON) is
matched against the English templates here (t3gui.core.catalog.reparse), so
an English template is best kept distinct from every other.
"""

from __future__ import annotations

from t3gui.core.text import Text

SUMMARIES: dict[str, Text] = {
    # engine
    "engine.needs": {"en": "not run: {deps} did not succeed", "zh_CN": "未运行：{deps} 未成功"},
    "engine.cause_found": {"en": "not run: a lower tier already found the cause ({code})",
                           "zh_CN": "未运行：较低层级已找到原因（{code}）"},
    "engine.not_asked": {"en": "not run: the {tier} tier was not asked for", "zh_CN": "未运行：未要求{tier}层级"},
    "engine.timeout": {"en": "did not finish within {seconds} s", "zh_CN": "未在 {seconds} 秒内完成"},
    "engine.bug": {"en": "t3gui bug in this check: {error}", "zh_CN": "此检查中的 t3gui 缺陷：{error}"},
    "engine.bare_fail": {"en": "t3gui bug in this check: it failed without saying why",
                         "zh_CN": "此检查中的 t3gui 缺陷：检查失败但未说明原因"},
    # dns
    "dns.literal": {"en": "{host} is an address; no lookup needed", "zh_CN": "{host} 是地址，无需解析"},
    "dns.failed": {"en": "{host}: {status} at {resolver}", "zh_CN": "{host}：{resolver} 返回 {status}"},
    "dns.ok": {"en": "{host} -> {addresses}", "zh_CN": "{host} -> {addresses}"},
    # local
    "local.no_route": {"en": "no route to the server", "zh_CN": "没有到服务器的路由"},
    "local.no_route_no_if": {"en": "no route to the server; no interface is up",
                             "zh_CN": "没有到服务器的路由；没有已启用的接口"},
    "local.route": {"en": "route via {sources}; interfaces up: {interfaces}",
                    "zh_CN": "经由 {sources} 路由；已启用的接口：{interfaces}"},
    "proxy.none": {"en": "no proxy applies to the server", "zh_CN": "没有适用于该服务器的代理"},
    "proxy.found": {"en": "proxy {proxy} from {source}", "zh_CN": "代理 {proxy}（来源：{source}）"},
    # tcp, icmp
    "tcp.all_failed": {"en": "port {port}: {outcome} on every address", "zh_CN": "端口 {port}：所有地址均{outcome}"},
    "tcp.open": {"en": "port {port} open on {addresses} ({ms} ms)", "zh_CN": "端口 {port} 在 {addresses} 上开放（{ms} 毫秒）"},
    "tcp.open_partly": {"en": "port {port} open on {addresses} ({ms} ms); {failed}",
                        "zh_CN": "端口 {port} 在 {addresses} 上开放（{ms} 毫秒）；{failed}"},
    "icmp.ok": {"en": "{received}/{sent} pings answered, best {best} ms",
                "zh_CN": "{sent} 次 ping 中 {received} 次有应答，最佳 {best} 毫秒"},
    "icmp.blocked": {"en": "no ping answered by {address}, though it accepts connections",
                     "zh_CN": "{address} 接受连接，但不回应 ping"},
    "icmp.silent": {"en": "no ping answered by {address}", "zh_CN": "{address} 不回应 ping"},
    "probe.no_address": {"en": "no address to probe: the name did not resolve", "zh_CN": "没有可探测的地址：名称未能解析"},
    "icmp.no_host": {"en": "{router} answered that {address} cannot be reached ({kind})",
                     "zh_CN": "{router} 回复无法到达 {address}（{kind}）"},
    "icmp.unavailable": {"en": "ICMP is not available here ({reason}); path tests use TCP timing",
                         "zh_CN": "此处无法使用 ICMP（{reason}）；路径测试改用 TCP 计时"},
    # tls
    "tls.not_tls": {"en": "no TLS on port {port}: {seen}", "zh_CN": "端口 {port} 没有 TLS：{seen}"},
    "tls.failed": {"en": "TLS failed: {code}", "zh_CN": "TLS 失败：{code}"},
    "tls.not_accepted": {"en": "{version}, but the certificate is not accepted ({error}); see tls.certificate",
                         "zh_CN": "{version}，但证书未被接受（{error}）；见 tls.certificate"},
    "tls.ok": {"en": "{version} {cipher} in {ms} ms", "zh_CN": "{version} {cipher}，用时 {ms} 毫秒"},
    "cert.problems": {"en": "{leaf}: {codes}", "zh_CN": "{leaf}：{codes}"},
    "cert.ok": {"en": "{leaf}, issued by {issuer}, valid until {date}",
                "zh_CN": "{leaf}，由 {issuer} 签发，有效期至 {date}"},
    "cert.none": {"en": "no certificate was received", "zh_CN": "没有收到证书"},
    "cert.unreadable": {"en": "the server's certificate could not be read", "zh_CN": "无法读取服务器的证书"},
    # t3
    "t3.ok": {"en": "{server}, T3 version {version}, HELLO_ACK in {ms} ms",
              "zh_CN": "{server}，T3 版本 {version}，HELLO_ACK 用时 {ms} 毫秒"},
    "t3.plaintext": {"en": "{server} answers T3 without TLS", "zh_CN": "{server} 以未加密方式应答 T3"},
    "t3.no_answer": {"en": "no answer to HELLO within {seconds} s", "zh_CN": "{seconds} 秒内 HELLO 无应答"},
    "t3.not_t3": {"en": "the answer to HELLO is not T3: {detail}", "zh_CN": "HELLO 的应答不是 T3：{detail}"},
    "t3.closed": {"en": "the server closed the connection instead of answering HELLO",
                  "zh_CN": "服务器关闭了连接，没有应答 HELLO"},
    "t3.alert": {"en": "TLS alert {alert} instead of an answer", "zh_CN": "收到 TLS 警报 {alert}，没有应答"},
    "t3.error": {"en": "ERROR {code} in answer to HELLO", "zh_CN": "HELLO 收到 ERROR {code}"},
    "t3.reconnect": {"en": "could not open the control connection again: {error}",
                     "zh_CN": "无法再次打开控制连接：{error}"},
    "t3.reconnect_timeout": {"en": "could not open the control connection again within {seconds} s",
                             "zh_CN": "{seconds} 秒内无法再次打开控制连接"},
    "t3.stage_timeout": {"en": "no answer to {step} within {seconds} s", "zh_CN": "{seconds} 秒内{step}没有应答"},
    "t3.stage_closed": {"en": "the server closed the connection during {step} ({how})",
                        "zh_CN": "服务器在{step}过程中关闭了连接（{how}）"},
    "t3.stage_bad": {"en": "the answer to {step} is not valid T3: {detail}",
                     "zh_CN": "{step}的应答不是有效的 T3：{detail}"},
    "t3.stage_unexpected": {"en": "{got} in answer to {step}", "zh_CN": "{step}收到的应答是 {got}"},
    "t3.stage_error": {"en": "ERROR {code} in answer to {step}: {message}",
                       "zh_CN": "{step}收到 ERROR {code}，服务器的说明：“{message}”"},
    "t3.session_gone": {"en": "not run: the T3 session ended at an earlier stage ({check})",
                        "zh_CN": "未运行：T3 会话已在之前的阶段结束（{check}）"},
    "clock.offset": {"en": "this clock is {offset} {direction} the server's", "zh_CN": "本机时钟比服务器{direction} {offset}"},
    "status.ok": {"en": "cpu {cpu}, memory {memory}, {connections}/{max} connections",
                  "zh_CN": "CPU {cpu}，内存 {memory}，连接数 {connections}/{max}"},
    # auth
    "auth.no_token": {"en": "no token given", "zh_CN": "未提供令牌"},
    "auth.not_jwt": {"en": "not a JWT: {detail}", "zh_CN": "不是 JWT：{detail}"},
    "auth.local_problem": {"en": "{code} (unverified): {detail}", "zh_CN": "{code}（未验证）：{detail}"},
    "auth.local_ok": {"en": "token for {user} ({alg}), expires {expires} (unverified)",
                      "zh_CN": "{user} 的令牌（{alg}），{expires} 过期（未验证）"},
    "auth.ok": {"en": "logged in as {user}, until {until}", "zh_CN": "已作为 {user} 登录，有效至 {until}"},
    # {message}: the server's own words, quoted as such where the language is not English
    "auth.fail": {"en": "AUTH_FAIL {code}: {message}", "zh_CN": "AUTH_FAIL {code}，服务器的说明：“{message}”"},
    "auth.untrusted": {"en": "the token is not sent to a server whose certificate is not trusted",
                       "zh_CN": "不会把令牌发送给证书不受信任的服务器"},
    "auth.plaintext": {"en": "the token is not sent over a plaintext connection", "zh_CN": "不会通过未加密连接发送令牌"},
    # heartbeats, path
    "hb.ok": {"en": "{received}/{sent} UDP heartbeats answered", "zh_CN": "{sent} 个 UDP 心跳中 {received} 个有应答"},
    "hb.invalid": {"en": "no heartbeat acknowledgement checks out (wrong key or echoed time)",
                   "zh_CN": "没有任何心跳确认通过校验（密钥或回显时间不符）"},
    "hb.blocked": {"en": "no UDP heartbeat answered; {received}/{sent} on the control channel",
                   "zh_CN": "UDP 心跳均无应答；控制通道上 {sent} 个中 {received} 个有应答"},
    "path.summary": {"en": "{series}: median {median} ms, p95 {p95} ms, loss {loss} %, jitter {jitter} ms",
                     "zh_CN": "{series}：中位数 {median} 毫秒，p95 {p95} 毫秒，丢包 {loss}%，抖动 {jitter} 毫秒"},
    "trace.reached": {"en": "{hops} hop(s) to {destination}", "zh_CN": "到 {destination} 共 {hops} 跳"},
    "trace.not_reached": {"en": "{destination} not reached: {path}", "zh_CN": "未到达 {destination}：{path}"},
    "trace.no_host": {"en": "{destination} cannot be reached: {router} answered {kind}",
                      "zh_CN": "无法到达 {destination}：{router} 回复 {kind}"},
    "trace.no_host_known": {"en": "not needed: {router} already answered that {destination} cannot be reached ({kind})",
                            "zh_CN": "无需运行：{router} 已回复无法到达 {destination}（{kind}）"},
    "trace.unavailable": {"en": "traceroute is not available here ({reason})", "zh_CN": "此处无法使用 traceroute（{reason}）"},
    "path.no_series": {"en": "no series with enough answered probes", "zh_CN": "没有足够多已应答探测的序列"},
    "mtu.no_ping": {"en": "ping does not get through, so the path MTU cannot be probed",
                    "zh_CN": "ping 不通，无法探测路径 MTU"},
    "mtu.ipv6": {"en": "path MTU probing is IPv4-only here", "zh_CN": "此处的路径 MTU 探测仅支持 IPv4"},
    "mtu.no_icmp": {"en": "ICMP is not available here ({reason})", "zh_CN": "此处无法使用 ICMP（{reason}）"},
    "trace.loop": {"en": "routing loop through {repeated}", "zh_CN": "经过 {repeated} 的路由环路"},
    "mtu.hole": {"en": "packets over {size} bytes vanish", "zh_CN": "超过 {size} 字节的数据包消失"},
    "mtu.ok": {"en": "packets of {size} bytes get through", "zh_CN": "{size} 字节的数据包可以通过"},
    "mtu.none": {"en": "no don't-fragment ping got through", "zh_CN": "没有禁止分片的 ping 能通过"},
    # Reasons the checks give as plain English (a CheckSkipped or CheckFailed message, or any summary of a
    # report read back from JSON): localize() finds them by their English wording.
    "skip.no_connection": {"en": "no address accepted a connection", "zh_CN": "没有任何地址接受连接"},
    "skip.tls_first": {"en": "TLS did not get far enough to talk T3", "zh_CN": "TLS 未能完成，无法进行 T3 通信"},
    "skip.no_hello_ack": {"en": "no HELLO_ACK to read the server's time from",
                          "zh_CN": "没有 HELLO_ACK，无法读取服务器的时间"},
    "skip.no_session": {"en": "no T3 session", "zh_CN": "没有 T3 会话"},
    "skip.no_session_auth": {"en": "no T3 session to authenticate on", "zh_CN": "没有可用于登录的 T3 会话"},
    "skip.no_heartbeat_key": {"en": "not logged in, so no heartbeat key", "zh_CN": "未登录，因此没有心跳密钥"},
    "tls.bad_input": {"en": "cannot load the CA file or client certificate: {error}",
                      "zh_CN": "无法加载 CA 文件或客户端证书：{error}"},
    # Several servers behind one name (t3gui.core.nodes): the verdict and the fix, for whoever runs the cluster.
    "dns.given": {"en": "{host} -> {addresses} (given, not looked up)", "zh_CN": "{host} -> {addresses}（指定的地址，未查询 DNS）"},
    "nodes.failing.one": {"en": "{count} of {total} servers behind {host} fails: {nodes}; logins fail about {share} "
                                "of the time, depending on the server a client reaches.",
                          "zh_CN": "{host} 背后的 {total} 台服务器中有 {count} 台出现故障：{nodes}；根据客户端连到的服务器不同，"
                                   "约{share}的登录会失败。"},
    "nodes.failing.many": {"en": "{count} of {total} servers behind {host} fail: {nodes}; logins fail about {share} "
                                 "of the time, depending on the server a client reaches.",
                           "zh_CN": "{host} 背后的 {total} 台服务器中有 {count} 台出现故障：{nodes}；根据客户端连到的服务器不同，"
                                    "约{share}的登录会失败。"},
    "nodes.all": {"en": "{summary} (All {total} servers behind {host}.)",
                  "zh_CN": "{summary}（{host} 背后的全部 {total} 台服务器均如此。）"},
    "nodes.all.different": {"en": "All {total} servers behind {host} fail, each for its own reason: {nodes}.",
                            "zh_CN": "{host} 背后的全部 {total} 台服务器均出现故障，原因各不相同：{nodes}。"},
    "nodes.check.elsewhere": {"en": "[{status} on {addresses}]", "zh_CN": "［{addresses} 上：{status}］"},
    "nodes.checks.heading": {"en": "Checks (on {address}; where another server behind {host} differs, in brackets):",
                             "zh_CN": "检查项（在 {address} 上；{host} 背后其他服务器结果不同之处在括号中注明）："},
    "nodes.some": {"en": "{summary} (On {count} of {total} servers behind {host}: {addresses}.)",
                   "zh_CN": "{summary}（{host} 背后的 {total} 台服务器中有 {count} 台如此：{addresses}。）"},
    "nodes.node": {"en": "{address} ({problem})", "zh_CN": "{address}（{problem}）"},
    "nodes.fix": {"en": "{fix} This is about {address} only, not every server behind {host} ({failing} of {total} "
                        "failing): whoever runs the cluster should fix that server, or take it out of the rotation "
                        "(load balancer, DNS) until it is fixed.",
                  "zh_CN": "{fix}这只涉及 {address}，并非 {host} 背后的所有服务器（{total} 台中有 {failing} 台故障）："
                           "集群的运维人员应修复这台服务器，或在修复之前将其移出轮换（负载均衡器、DNS）。"},
    "nodes.heading": {"en": "Servers behind {host}:", "zh_CN": "{host} 背后的服务器："},
    "nodes.progress": {"en": "server {address}: {status}", "zh_CN": "服务器 {address}：{status}"},
    "nodes.share.1/2": {"en": "half", "zh_CN": "一半"},
    "nodes.share.1/3": {"en": "a third", "zh_CN": "三分之一"},
    "nodes.share.2/3": {"en": "two thirds", "zh_CN": "三分之二"},
    "nodes.share.1/4": {"en": "a quarter", "zh_CN": "四分之一"},
    "nodes.share.3/4": {"en": "three quarters", "zh_CN": "四分之三"},
    "nodes.share.pct": {"en": "{pct} %", "zh_CN": "{pct}%"},
    # Durations (t3gui.checks.t3_check.duration_text): numbers and units in the reader's language.
    "duration.d": {"en": "{n} d", "zh_CN": "{n} 天"},
    "duration.h_min": {"en": "{h} h {min} min", "zh_CN": "{h} 小时 {min} 分钟"},
    "duration.min_s": {"en": "{min} min {s} s", "zh_CN": "{min} 分钟 {s} 秒"},
    "duration.s": {"en": "{n} s", "zh_CN": "{n} 秒"},
}
