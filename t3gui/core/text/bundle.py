# ruff: noqa: RUF001
"""Why a bundle is refused (t3gui.core.bundle.reader's ``BundleError``) or cannot be sealed or
unsealed (t3gui.core.bundle.seal's ``SealError``): the command line prints them after the file's
name, the app in its "cannot be opened" box.

Member and file names, numbers and the bundle's own JSON field names stay as they are in every
language. ``{detail}`` and ``{why}``: words t3gui did not write as a sentence for the user (a
library's message, or the locator of a report's format error such as
``checks[0].duration_ms is out of range``), which the Chinese sentence quotes.
"""

from __future__ import annotations

from t3gui.core.text import Text

BUNDLE: dict[str, Text] = {
    # the file itself
    "refused.file.too_large": {"en": "{name} is {mib} MiB, larger than a bundle can be",
                               "zh_CN": "{name} 有 {mib} MiB，超过了诊断包的大小上限"},
    "refused.file.missing": {"en": "{path} does not exist", "zh_CN": "{path} 不存在"},
    "refused.file.folder": {"en": "{path} is a folder, not a bundle", "zh_CN": "{path} 是文件夹，不是诊断包"},
    "refused.file.unreadable": {"en": "cannot read {path}: {reason}", "zh_CN": "无法读取 {path}：{reason}"},
    "refused.too_large": {"en": "the file is larger than a bundle can be", "zh_CN": "这个文件超过了诊断包的大小上限"},
    "refused.sealed": {"en": "{problem}", "zh_CN": "{problem}"},
    # the zip archive and its members
    "refused.not_zip": {"en": "the file is not a zip archive (or is truncated)",
                        "zh_CN": "这个文件不是 zip 压缩包（或已被截断）"},
    "refused.members.too_many": {"en": "the bundle has {count} members; a t3gui bundle has at most {most}",
                                 "zh_CN": "诊断包中有 {count} 个成员；t3gui 诊断包最多只有 {most} 个"},
    "refused.members.too_big": {"en": "the bundle would expand to {mib} MiB",
                                "zh_CN": "诊断包解压后会达到 {mib} MiB，超出上限"},
    "refused.comment": {"en": "the bundle carries a zip comment, which t3gui never writes",
                        "zh_CN": "诊断包带有 zip 注释，而 t3gui 从不写入注释"},
    "refused.member.absolute": {"en": "member {member} has an absolute path", "zh_CN": "成员 {member} 使用了绝对路径"},
    "refused.member.escapes": {"en": "member {member} tries to leave the bundle's folder",
                               "zh_CN": "成员 {member} 试图跳出诊断包所在的文件夹"},
    "refused.member.symlink": {"en": "member {member} is a symbolic link", "zh_CN": "成员 {member} 是符号链接"},
    "refused.member.twice": {"en": "member {member} appears twice", "zh_CN": "成员 {member} 出现了两次"},
    "refused.member.foreign": {"en": "member {member} does not belong in a t3gui bundle",
                               "zh_CN": "成员 {member} 不属于 t3gui 诊断包"},
    "refused.member.encrypted": {"en": "member {name} is encrypted, which t3gui never does (bundles are sealed whole)",
                                 "zh_CN": "成员 {name} 被单独加密，而 t3gui 从不这样做（诊断包只会整体加密）"},
    "refused.member.compression": {"en": "member {name} is compressed in a way t3gui never writes",
                                   "zh_CN": "成员 {name} 使用了 t3gui 从不使用的压缩方式"},
    "refused.member.claims": {"en": "member {name} claims {mib} MiB, over its limit",
                              "zh_CN": "成员 {name} 声称有 {mib} MiB，超出了它的上限"},
    "refused.member.bomb": {"en": "member {name} expands {ratio}-fold (a compression bomb)",
                            "zh_CN": "成员 {name} 解压后会膨胀 {ratio} 倍（压缩炸弹）"},
    "refused.member.damaged": {"en": "member {name} is damaged ({why})", "zh_CN": "成员 {name} 已损坏（{why}）"},
    "refused.member.over": {"en": "member {name} is larger than its limit", "zh_CN": "成员 {name} 超出了它的大小上限"},
    # JSON members
    "refused.json.not_utf8": {"en": "{name} is not UTF-8 text", "zh_CN": "{name} 不是 UTF-8 文本"},
    "refused.json.constant": {"en": "{name} holds {constant}, which is not a JSON number",
                              "zh_CN": "{name} 中含有 {constant}，这不是 JSON 数字"},
    "refused.json.huge_int": {"en": "{name} holds a number too large for any field",
                              "zh_CN": "{name} 中有一个数字大到任何字段都放不下"},
    "refused.json.infinite": {"en": "{name} holds the number {text}, too large to be finite",
                              "zh_CN": "{name} 中的数字 {text} 太大，不是有限的数"},
    "refused.json.deep": {"en": "{name} nests too deeply to be a t3gui file",
                          "zh_CN": "{name} 嵌套层数太深，不可能是 t3gui 写出的文件"},
    "refused.json.syntax": {"en": "{name} is not JSON ({why}, line {line})",
                            "zh_CN": "{name} 不是 JSON（{why}，第 {line} 行）"},
    "refused.json.not_json": {"en": "{name} is not JSON", "zh_CN": "{name} 不是 JSON"},
    # the manifest
    "refused.required": {"en": "the bundle has no {name}", "zh_CN": "诊断包中没有 {name}"},
    "refused.manifest.schema": {
        "en": "manifest.json is not a t3gui bundle manifest this version can read (it reads {schemas})",
        "zh_CN": "manifest.json 不是这个版本的 t3gui 能读取的诊断包清单（可读取的格式：{schemas}）"},
    "refused.manifest.created": {"en": "manifest.json does not say when the bundle was made (created_at)",
                                 "zh_CN": "manifest.json 没有写明诊断包的创建时间（created_at）"},
    "refused.manifest.version": {"en": "manifest.json does not name the t3gui version that made it",
                                 "zh_CN": "manifest.json 没有写明生成它的 t3gui 版本"},
    "refused.manifest.flag": {"en": "manifest.json has a {flag} that is not true or false",
                              "zh_CN": "manifest.json 中的 {flag} 既不是 true 也不是 false"},
    "refused.manifest.no_files": {"en": "manifest.json lists no files", "zh_CN": "manifest.json 没有列出任何文件"},
    "refused.manifest.too_many": {"en": "manifest.json lists {count} files; a t3gui bundle has at most {most}",
                                  "zh_CN": "manifest.json 列出了 {count} 个文件；t3gui 诊断包最多只有 {most} 个"},
    "refused.manifest.entry": {"en": "manifest.json has a malformed file entry",
                               "zh_CN": "manifest.json 中有一个格式错误的文件条目"},
    "refused.manifest.foreign": {"en": "manifest.json lists a file that does not belong in a t3gui bundle",
                                 "zh_CN": "manifest.json 列出了一个不属于 t3gui 诊断包的文件"},
    "refused.manifest.entry_of": {"en": "manifest.json has a malformed entry for {name}",
                                  "zh_CN": "manifest.json 中 {name} 的条目格式错误"},
    "refused.manifest.twice": {"en": "manifest.json lists {name} twice", "zh_CN": "manifest.json 把 {name} 列了两次"},
    "refused.unlisted": {"en": "{name} is in the bundle but not in its manifest",
                         "zh_CN": "{name} 在诊断包中，却不在它的清单里"},
    "refused.altered": {"en": "{name} does not match its manifest entry (altered or damaged)",
                        "zh_CN": "{name} 与清单中的条目不符（被改动过或已损坏）"},
    "refused.absent": {"en": "the manifest lists {names}, missing from the bundle",
                       "zh_CN": "清单列出了 {names}，但诊断包中没有"},
    # the report, the samples and the timeline
    "refused.report": {"en": "report.json is not a valid report: {detail}",
                       "zh_CN": "report.json 不是 t3gui 写出的有效报告：{detail}"},
    "refused.samples": {"en": "{detail}", "zh_CN": "samples.t3s 已损坏或不是 t3gui 写出的：{detail}"},
    "refused.csv.not_ascii": {"en": "samples.csv is not plain ASCII", "zh_CN": "samples.csv 不是纯 ASCII 文本"},
    "refused.csv.columns": {"en": "samples.csv does not have the expected columns",
                            "zh_CN": "samples.csv 的列与预期的不同"},
    "refused.csv.rows": {"en": "samples.csv has {rows:,} rows; t3gui keeps at most {most:,} probes a series",
                         "zh_CN": "samples.csv 有 {rows:,} 行；t3gui 每个序列最多保留 {most:,} 次探测"},
    "refused.csv.malformed": {"en": "samples.csv has a malformed row or an unknown series",
                              "zh_CN": "samples.csv 中有格式错误的行或未知的序列"},
    "refused.csv.values": {"en": "samples.csv line {row} holds a time, sequence number or RTT no probe can have",
                           "zh_CN": "samples.csv 第 {row} 行的时间、序号或 RTT 不可能来自真实的探测"},
    "refused.csv.probes": {
        "en": "samples.csv holds {count:,} probes of {series}; t3gui keeps at most {most:,} a series",
        "zh_CN": "samples.csv 中有 {series} 的 {count:,} 次探测；t3gui 每个序列最多保留 {most:,} 次"},
    "refused.timeline.watched": {
        "en": "timeline.json names a watched server that is not an IP address or host name",
        "zh_CN": "timeline.json 中被监控的服务器既不是 IP 地址也不是主机名"},
    "refused.timeline.bad": {"en": "timeline.json is not a t3gui timeline",
                             "zh_CN": "timeline.json 不是 t3gui 的时间线"},
    "refused.timeline.mark": {"en": "timeline.json has a malformed mark", "zh_CN": "timeline.json 中有格式错误的标记"},
    # sealing (age): a recipient, an identity or a passphrase that does not work
    "seal.recipient": {"en": "a recipient is not an age X25519 public key (age1...)",
                       "zh_CN": "有一个收件人不是 age X25519 公钥（age1...）"},
    "seal.nothing": {"en": "sealing needs a recipient or a passphrase", "zh_CN": "加密需要收件人或口令"},
    "seal.wrong_key": {"en": "the bundle is sealed and cannot be opened with that key or passphrase ({kind})",
                       "zh_CN": "诊断包已加密，用这个密钥或口令无法打开（{kind}）"},
    "seal.identity.unreadable": {"en": "cannot read the identity file {path}: {reason}",
                                 "zh_CN": "无法读取身份文件 {path}：{reason}"},
    "seal.locked": {"en": "the bundle is sealed: give the help desk's identity (age key) or the passphrase",
                    "zh_CN": "诊断包已加密：请提供技术支持的身份文件（age 密钥）或口令"},
}
