"""The built-in guide (Help → Guide), in every language: plain HTML of our own, no scripts, no links out.

``{log_dir}`` is replaced by the log folder of this computer, escaped. Chinese puts no space between
sentences, so its line breaks (there only to keep lines short) are removed before it is shown.
"""

from __future__ import annotations

GUIDE: dict[str, str] = {
    "en": """
<h2>What t3gui does</h2>
<p>t3gui finds out why a T3 client cannot log in to its server. Give it the server's address and, if you
have it, your login token; it tests every step a login takes and says, in one sentence, what is wrong and
how to fix it. It never changes anything on this computer or on the server.</p>

<h2>The three tiers</h2>
<ul>
<li><b>Basic</b>: the server's name, this computer's network, and whether the server's port answers.</li>
<li><b>Intermediate</b>: the secure connection (TLS) and the server's certificate, the T3 greeting, the
login token and the clocks.</li>
<li><b>Advanced</b>: the path to the server (latency, loss, jitter, route, packet size), heartbeats and
the server's load.</li>
</ul>
<p><i>Automatic</i> depth runs the tiers in order and stops at the first one that finds the cause.</p>

<h2>Reading the verdict</h2>
<ul>
<li><b>Healthy</b>: nothing stands in the way of logging in.</li>
<li><b>Works, with problems</b>: logging in works, but something will hurt (a certificate about to
expire, a slow network, a clock that is off).</li>
<li><b>Login fails</b>: the banner names the cause and how to fix it; findings that follow from the cause
are listed after it.</li>
<li><b>Could not check everything</b> (inconclusive): nothing wrong was found, but some checks could not
give their answer (a timeout, a connection that broke, a file that could not be read). The page lists
what could not be checked, why, and what to try. t3gui never calls a server healthy that it could not
fully check.</li>
</ul>
<p><i>For me</i> shows plain words; <i>For a technician</i> adds each finding's evidence and every
check with its result and time.</p>

<h2>Where it broke: the chain</h2>
<p>The row under the verdict is the path a login travels: this computer, name lookup, network, TLS,
T3 server, login, heartbeats. Green works, amber works with a problem, red failed, purple could not be
checked, grey was not checked; a thick border marks the link where the chain broke. Click a link to jump
to its evidence.</p>

<h2>The live monitor</h2>
<p><i>Live monitor</i> keeps measuring the round trip and the loss to the server, for as long as you
like: T3 heartbeats, TCP connects and ping. Press <i>Problem happening now</i> when the client misbehaves:
the moment is marked on the plot and in the bundle. A T3 session that the server ends or that drops is
shown as its own event, not as packet loss, and the monitor opens a new session by itself.</p>

<h2>Exporting a bundle for a ticket</h2>
<p><i>Export bundle</i> shows every file the bundle will hold before anything is written: the report,
the measurements, the certificate chain and the timeline. No token, password or private key is ever
included. You can replace host names, addresses and user names with pseudonyms, and encrypt the
bundle for your help desk. Attach the saved file to your support ticket; the help desk opens it with
<i>File → Open bundle</i>.</p>

<h2>Where the logs are</h2>
<p>t3gui writes its log, and a crash log if something goes wrong inside it, to
<code>{log_dir}</code> (<i>Help → Open the log folder</i>). The next bundle you export includes a crash
log, if there is one.</p>
""",
    "zh_CN": """
<h2>t3gui 能做什么</h2>
<p>t3gui 查找 T3 客户端无法登录服务器的原因。输入服务器地址，如果有的话再提供登录令牌，
它会逐一测试登录要经过的每个环节，
并用一句话说明哪里出了问题、如何解决。它不会更改本机或服务器上的任何设置。</p>

<h2>三个层级</h2>
<ul>
<li><b>基础</b>：服务器名称、本机网络，以及服务器端口是否应答。</li>
<li><b>中级</b>：安全连接（TLS）与服务器证书、T3 问候、登录令牌和双方时钟。</li>
<li><b>高级</b>：到服务器的路径（延迟、丢包、抖动、路由、数据包大小）、心跳和服务器负载。</li>
</ul>
<p>选择<i>自动</i>深度时，各层级按顺序运行，在第一个找到原因的层级停止。</p>

<h2>如何阅读结论</h2>
<ul>
<li><b>正常</b>：没有任何问题妨碍登录。</li>
<li><b>可用，但有问题</b>：可以登录，但有问题会造成影响（证书即将过期、网络缓慢、时钟不准等）。</li>
<li><b>无法登录</b>：横幅写明原因和解决方法；由该原因引起的其他问题列在其后。</li>
<li><b>未能全部检查</b>（无法确定）：没有发现问题，但有些检查未能得出结果（超时、连接中断、文件无法读取）。
页面会列出哪些项目无法检查、原因以及可以尝试的办法。t3gui 绝不会把未能完整检查的服务器判定为正常。</li>
</ul>
<p><i>简明</i>视图用通俗的语言说明；<i>技术细节</i>视图还会显示每个问题的证据，以及每项检查的结果和耗时。</p>

<h2>在哪里中断：环节链</h2>
<p>结论下方的一行是登录经过的路径：本机、名称解析、网络、TLS、T3 服务器、登录、心跳。
绿色表示正常，琥珀色表示可用但有问题，红色表示失败，紫色表示无法检查，灰色表示未检查；
粗边框标出链条中断的环节。点击某个环节即可跳转到它的证据。</p>

<h2>实时监控</h2>
<p><i>实时监控</i>会持续测量到服务器的往返时间和丢包率，时长不限：包括 T3 心跳、TCP 连接和 Ping。
当客户端出现异常时，请按<i>问题正在发生</i>：该时刻会标记在图表上，并写入诊断包。
服务器结束或中断的 T3 会话会作为单独的事件显示，不计为丢包，监控会自动建立新的会话。</p>

<h2>为支持工单导出诊断包</h2>
<p><i>导出诊断包</i>会在写入任何内容之前列出诊断包将包含的全部文件：报告、测量数据、证书链和时间线。
令牌、密码和私钥永远不会被包含。您可以用假名替换主机名、地址和用户名，也可以为技术支持加密诊断包。
请把保存的文件附加到支持工单中；技术支持通过<i>文件 → 打开诊断包</i>查看它。</p>

<h2>日志在哪里</h2>
<p>t3gui 把日志（以及 t3gui 内部出错时的崩溃日志）写入 <code>{log_dir}</code>（<i>帮助 → 打开日志文件夹</i>）。
如果存在崩溃日志，下一个导出的诊断包会包含它。</p>
""",
}


# Languages whose line breaks are not spaces.
UNSPACED = frozenset({"zh_CN"})
