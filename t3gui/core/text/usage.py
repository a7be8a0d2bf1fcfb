# ruff: noqa: RUF001
"""The command line's bad-usage sentences (exit status 2), one a ``UsageError`` (t3gui.cli.errors).

Printed as ``t3gui: <sentence>`` in the language the user asked for. Option names, paths and
values are fields or stay as they are in every language. A field may itself be a sentence of
this table (``{problem}``: what is wrong with a file an option names), a target's problem
(t3gui.core.text.target) or words t3gui did not write (an OS error, a library's message), which
the Chinese sentence quotes when it has no words of its own for them.

``usage.os.<ERRNO>``: what the operating system says of a file or a socket, by errno name, so a
Chinese sentence does not end in the C library's English.
"""

from __future__ import annotations

from t3gui.core.text import Text

USAGE: dict[str, Text] = {
    # t3gui (no command), its demo, and the last line of defence
    # What the bundle commands say when all went well (not a mistake, but the same user reads it).
    "usage.bundle.intact": {
        "en": "{name}: intact t3gui bundle, {files} files, created {created} by t3gui {version}",
        "zh_CN": "{name}：完整的 t3gui 诊断包，共 {files} 个文件，由 t3gui {version} 创建于 {created}"},
    "usage.bundle.intact.pseudonymized": {
        "en": "{name}: intact t3gui bundle, {files} files, created {created} by t3gui {version}, pseudonymized",
        "zh_CN": "{name}：完整的 t3gui 诊断包，共 {files} 个文件，由 t3gui {version} 创建于 {created}，已假名化"},
    "usage.bundle.samples_written": {"en": "{path}: {rows} probes from {series} series",
                                     "zh_CN": "{path}：来自 {series} 个序列的 {rows} 次探测"},
    # argparse's own sentences (t3gui.cli.parser), recognised and said again
    "usage.argparse.see_help": {"en": "{message} (see {prog} --help)", "zh_CN": "{message}（参见 {prog} --help）"},
    "usage.argparse.unrecognized": {"en": "unrecognized arguments: {args}", "zh_CN": "无法识别的参数：{args}"},
    "usage.argparse.required": {"en": "the following arguments are required: {args}",
                                "zh_CN": "缺少必需的参数：{args}"},
    "usage.argparse.expected_one": {"en": "argument {option}: expected one argument",
                                    "zh_CN": "参数 {option} 后面需要一个值"},
    "usage.argparse.expected_more": {"en": "argument {option}: wrong number of values",
                                     "zh_CN": "参数 {option} 的值的个数不对"},
    "usage.argparse.invalid_choice": {"en": "argument {option}: invalid choice: {value} (choose from {choices})",
                                      "zh_CN": "参数 {option} 的值 {value} 无效（可选：{choices}）"},
    "usage.argparse.invalid_value": {"en": "argument {option}: invalid value: {value}",
                                     "zh_CN": "参数 {option} 的值 {value} 无效"},
    "usage.argparse.ambiguous": {"en": "ambiguous option: {option} could match {matches}",
                                 "zh_CN": "选项 {option} 有歧义，可能是 {matches}"},
    "usage.argparse.not_allowed_with": {"en": "argument {option}: not allowed with argument {other}",
                                        "zh_CN": "参数 {option} 不能与参数 {other} 同时使用"},
    "usage.no_display": {"en": "no display to open the window on (set DISPLAY, run under Xvfb as scripts/demo.sh "
                                "does, or use `t3gui diagnose` on the command line)",
                         "zh_CN": "没有可以打开窗口的显示器（请设置 DISPLAY，或像 scripts/demo.sh 那样在 Xvfb 下运行，"
                                  "或在命令行中使用 `t3gui diagnose`）"},
    "usage.scenario.needs_demo": {"en": "--scenario plays a demo scenario; add --demo",
                                  "zh_CN": "--scenario 用于播放演示场景，请同时加上 --demo"},
    "usage.scenario.unknown": {
        "en": "unknown scenario {name!r}; `t3gui diagnose --demo --scenario list` lists them",
        "zh_CN": "没有名为 {name!r} 的演示场景；运行 `t3gui diagnose --demo --scenario list` 可查看全部场景"},
    "usage.internal": {"en": "internal error ({kind}); details in {path}",
                       "zh_CN": "内部错误（{kind}）；详细信息已写入 {path}"},
    # files named by an option or a profile
    "usage.option.problem": {"en": "{option}: {problem}", "zh_CN": "{option}：{problem}"},
    "usage.profile_key.problem": {"en": "the profile's {key}: {problem}", "zh_CN": "配置文件中的 {key}：{problem}"},
    "usage.file.missing": {"en": "{path} does not exist or is not a file", "zh_CN": "{path} 不存在或不是文件"},
    "usage.file.unreadable": {"en": "{path} cannot be read ({reason})", "zh_CN": "无法读取 {path}（{reason}）"},
    "usage.file.unwritable": {"en": "cannot write {path}: {reason}", "zh_CN": "无法写入 {path}：{reason}"},
    "usage.path.unwritable": {"en": "cannot write to {path}: {reason}", "zh_CN": "无法写入 {path}：{reason}"},
    "usage.profile.unreadable": {"en": "cannot read the profile {path}: {reason}",
                                 "zh_CN": "无法读取配置文件 {path}：{reason}"},
    "usage.profile.bad": {"en": "{problem}", "zh_CN": "{problem}"},
    "usage.options.bad": {"en": "{problem}", "zh_CN": "配置不完整或有误：{problem}"},
    # the token, the CA and the client certificate
    "usage.token.not_text": {"en": "the token file {path} is not text", "zh_CN": "令牌文件 {path} 不是文本文件"},
    "usage.token.unreadable": {"en": "cannot read the token file {path}: {reason}",
                               "zh_CN": "无法读取令牌文件 {path}：{reason}"},
    "usage.token.empty": {"en": "the token file {path} is empty", "zh_CN": "令牌文件 {path} 是空的"},
    "usage.token.not_jwt": {"en": "the token file {path} does not hold a JWT ({detail})",
                            "zh_CN": "令牌文件 {path} 里不是 JWT（{detail}）"},
    "usage.ca.no_pem": {"en": "the CA file {path} holds no PEM certificate",
                        "zh_CN": "CA 文件 {path} 中没有 PEM 格式的证书"},
    "usage.ca.unusable": {"en": "the CA file {path} cannot be used: {reason}",
                          "zh_CN": "CA 文件 {path} 无法使用：{reason}"},
    "usage.client_cert.not_pem": {"en": "the client certificate {cert} holds no PEM certificate and key",
                                  "zh_CN": "客户端证书 {cert} 中没有 PEM 格式的证书和私钥"},
    "usage.client_cert.mismatch": {"en": "the key is not the certificate's", "zh_CN": "私钥与证书不匹配"},
    "usage.client_cert.unusable": {"en": "the client certificate {cert} and its key cannot be used: {reason}",
                                   "zh_CN": "客户端证书 {cert} 及其私钥无法使用：{reason}"},
    "usage.client_key.alone": {"en": "--client-key needs --client-cert",
                               "zh_CN": "--client-key 必须与 --client-cert 一起使用"},
    # the target and the values of diagnose's and monitor's options
    "usage.target.none": {
        "en": "no target given (a HOST, HOST:PORT or [IPv6]:PORT, or a profile with [target] host)",
        "zh_CN": "没有指定服务器（请给出 HOST、HOST:PORT 或 [IPv6]:PORT，或使用写有 [target] host 的配置文件）"},
    "usage.target.bad": {"en": "{problem}", "zh_CN": "{problem}"},
    "usage.number.nan": {"en": "{option} {text!r} is not a number", "zh_CN": "{option} 的值 {text!r} 不是数字"},
    "usage.number.range": {"en": "{option} {value} is outside {low}-{high}",
                           "zh_CN": "{option} 的值 {value} 超出了 {low}-{high} 的范围"},
    "usage.port.nan": {"en": "{text!r} is not a port number", "zh_CN": "{text!r} 不是端口号"},
    "usage.port.range": {"en": "port {value} is outside 1-65535", "zh_CN": "端口 {value} 不在 1-65535 范围内"},
    "usage.dns_server.bad": {"en": "--dns-server {server!r} is not an IP address (IP, IP:PORT or [IPv6]:PORT)",
                             "zh_CN": "--dns-server {server!r} 不是 IP 地址（应为 IP、IP:PORT 或 [IPv6]:PORT）"},
    "usage.language.unknown": {"en": "language {language!r} is not one of {languages}",
                               "zh_CN": "不支持语言 {language!r}，可选：{languages}"},
    "usage.resolve.empty": {"en": "--resolve: no address given", "zh_CN": "--resolve：没有给出地址"},
    "usage.resolve.not_ip": {"en": "--resolve: {value!r} is not an IP address",
                             "zh_CN": "--resolve：{value!r} 不是 IP 地址"},
    "usage.resolve.zone": {"en": "--resolve: {value!r} names a zone; give the address without '%'",
                           "zh_CN": "--resolve：{value!r} 带有区域标识；请给出不带 '%' 的地址"},
    "usage.resolve.too_many": {"en": "--resolve: {count} addresses are more than the {most} t3gui diagnoses",
                               "zh_CN": "--resolve：给出了 {count} 个地址，t3gui 最多诊断 {most} 个"},
    # diagnose --bundle
    "usage.passphrase.unreadable": {"en": "cannot read the passphrase file {path}: {reason}",
                                    "zh_CN": "无法读取口令文件 {path}：{reason}"},
    "usage.seal.bad": {"en": "{problem}", "zh_CN": "无法加密诊断包：{problem}"},
    "usage.bundle.unwritable": {"en": "cannot write the bundle {path}: {reason}",
                                "zh_CN": "无法写入诊断包 {path}：{reason}"},
    # monitor
    "usage.prometheus.form": {"en": "--prometheus {text!r} is not [HOST:]PORT",
                              "zh_CN": "--prometheus {text!r} 不符合 [HOST:]PORT 格式"},
    "usage.prometheus.port": {"en": "--prometheus {text!r}: {problem}",
                              "zh_CN": "--prometheus {text!r} 中的端口有误：{problem}"},
    "usage.prometheus.bind": {"en": "cannot serve metrics on {host}:{port}: {reason}",
                              "zh_CN": "无法在 {host}:{port} 上提供指标：{reason}"},
    "usage.targets.too_many": {"en": "{count} targets is more than {most}",
                               "zh_CN": "给出了 {count} 个目标，最多只能 {most} 个"},
    "usage.targets.twice": {"en": "the target {label} is given twice", "zh_CN": "目标 {label} 重复给出了两次"},
    "usage.monitor.resolve_one_target": {
        "en": "--resolve gives the address of one target; to watch several, give no --resolve or run one monitor "
              "per target",
        "zh_CN": "--resolve 只能给出一个目标的地址；要监控多个目标，请不要使用 --resolve，或为每个目标各运行一个监控"},
    "usage.monitor.resolve_once": {"en": "the monitor probes one address a target: give --resolve once",
                                   "zh_CN": "监控对每个目标只探测一个地址：--resolve 只能给一次"},
    # bundle verify|show|samples
    "usage.identity.unreadable": {"en": "cannot read the identity file {path}: {reason}",
                                  "zh_CN": "无法读取身份文件 {path}：{reason}"},
    "usage.identity.no_key": {"en": "{path} holds no AGE-SECRET-KEY line",
                              "zh_CN": "{path} 中没有 AGE-SECRET-KEY 开头的行"},
    "usage.bundle.missing": {"en": "{path} does not exist", "zh_CN": "{path} 不存在"},
    "usage.bundle.folder": {"en": "{path} is a folder, not a bundle", "zh_CN": "{path} 是文件夹，不是诊断包"},
    "usage.bundle.refused": {"en": "{name}: {reason}", "zh_CN": "{name}：无法使用这个诊断包：{reason}"},
    # lab serve|demo|pki|token
    "usage.lab.demo_unwritable": {"en": "cannot write the demo files to {folder}: {reason}",
                                  "zh_CN": "无法把演示文件写入 {folder}：{reason}"},
    "usage.lab.cert_key": {"en": "--cert and --key go together", "zh_CN": "--cert 和 --key 必须同时给出"},
    "usage.lab.no_tls": {"en": "--no-tls cannot be combined with --cert or --client-ca",
                         "zh_CN": "--no-tls 不能与 --cert 或 --client-ca 同时使用"},
    "usage.lab.heartbeat": {"en": "--heartbeat-ms {value} is below 10", "zh_CN": "--heartbeat-ms {value} 小于 10"},
    "usage.lab.node_options": {
        "en": "--node-fault, --node-cert, --node-key and --node-jwt-key need --nodes",
        "zh_CN": "--node-fault、--node-cert、--node-key 和 --node-jwt-key 都需要与 --nodes 一起使用"},
    "usage.lab.host_nodes": {
        "en": "--host cannot be combined with --nodes: the nodes take loopback addresses of their own",
        "zh_CN": "--host 不能与 --nodes 同时使用：各节点使用各自的环回地址"},
    "usage.lab.nodes_range": {"en": "--nodes {nodes} is outside 2-{most}",
                              "zh_CN": "--nodes {nodes} 不在 2-{most} 范围内"},
    "usage.lab.node_form": {"en": "{option} {item!r} is not N=VALUE (N: a node number)",
                            "zh_CN": "{option} {item!r} 不符合 N=VALUE 格式（N 为节点编号）"},
    "usage.lab.node_number": {"en": "{option} {item!r}: node {node} is not one of 1-{nodes}",
                              "zh_CN": "{option} {item!r}：节点 {node} 不在 1-{nodes} 之内"},
    "usage.lab.node_twice": {"en": "{option} is given twice for node {node}",
                             "zh_CN": "为节点 {node} 给了两次 {option}"},
    "usage.lab.node_file": {"en": "{option} {node}: {problem}", "zh_CN": "{option} {node}：{problem}"},
    "usage.lab.node_cert_key": {"en": "--node-cert and --node-key go together, for the same nodes",
                                "zh_CN": "--node-cert 和 --node-key 必须为相同的节点成对给出"},
    "usage.lab.no_tls_node_cert": {"en": "--no-tls cannot be combined with --node-cert",
                                   "zh_CN": "--no-tls 不能与 --node-cert 同时使用"},
    "usage.lab.node_fault": {"en": "--node-fault {node}={name}: no such fault; choose from {known}",
                             "zh_CN": "--node-fault {node}={name}：没有这种故障；可选：{known}"},
    "usage.lab.all_down": {"en": "every node is down: at least one must listen",
                           "zh_CN": "所有节点都设为 down：至少要有一个节点在监听"},
    "usage.lab.key": {"en": "cannot load a key: {reason}", "zh_CN": "无法加载密钥：{reason}"},
    "usage.lab.cert_or_key": {"en": "cannot load a certificate or key: {reason}",
                              "zh_CN": "无法加载证书或密钥：{reason}"},
    "usage.lab.the_cert_or_key": {"en": "cannot load the certificate or key: {reason}",
                                  "zh_CN": "无法加载证书或私钥：{reason}"},
    "usage.lab.cluster_listen": {"en": "cannot listen on port {port} of every node: {reason}",
                                 "zh_CN": "无法在每个节点的端口 {port} 上监听：{reason}"},
    "usage.lab.listen": {"en": "cannot listen on {host}:{port}: {reason}",
                         "zh_CN": "无法在 {host}:{port} 上监听：{reason}"},
    "usage.lab.signing_key": {"en": "{path} is not a usable signing key: {reason}",
                              "zh_CN": "{path} 不是可用的签名密钥：{reason}"},
    "usage.lab.claim": {"en": "--claim {item!r} is not NAME=VALUE", "zh_CN": "--claim {item!r} 不符合 NAME=VALUE 格式"},
    "usage.lab.token": {"en": "{problem}", "zh_CN": "无法生成令牌：{problem}"},
    # what the operating system says, by errno name (the English is the C library's own)
    "usage.os.ENOENT": {"en": "No such file or directory", "zh_CN": "文件或文件夹不存在"},
    "usage.os.EACCES": {"en": "Permission denied", "zh_CN": "没有访问权限"},
    "usage.os.EPERM": {"en": "Operation not permitted", "zh_CN": "不允许此操作"},
    "usage.os.EISDIR": {"en": "Is a directory", "zh_CN": "这是一个文件夹"},
    "usage.os.ENOTDIR": {"en": "Not a directory", "zh_CN": "路径中有一部分不是文件夹"},
    "usage.os.EEXIST": {"en": "File exists", "zh_CN": "文件已存在"},
    "usage.os.EROFS": {"en": "Read-only file system", "zh_CN": "文件系统是只读的"},
    "usage.os.ENOSPC": {"en": "No space left on device", "zh_CN": "磁盘空间不足"},
    "usage.os.ENAMETOOLONG": {"en": "File name too long", "zh_CN": "文件名太长"},
    "usage.os.EADDRINUSE": {"en": "Address already in use", "zh_CN": "该地址和端口已被占用"},
    "usage.os.EADDRNOTAVAIL": {"en": "Cannot assign requested address", "zh_CN": "本机没有这个地址"},
}
