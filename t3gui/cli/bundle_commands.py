"""`t3gui bundle verify|show|samples`: open a bundle safely and say what is in it."""

from __future__ import annotations

import argparse
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from t3gui.cli.errors import EXIT_OK, Foreign, Localized, UsageError, Words, os_reason
from t3gui.cli.language import usage_language
from t3gui.cli.text_report import render
from t3gui.core.report_json import dumps, printable

if TYPE_CHECKING:
    from t3gui.core.bundle.reader import Bundle

# The bundle modules (and numpy under them) load when a bundle command runs: every start of
# t3gui, the desktop app's included, builds this parser.


def add_parsers(sub: Any) -> None:
    bundle = sub.add_parser("bundle", help="check and read diagnostic bundles")
    bundle_sub = bundle.add_subparsers(dest="bundle_command", required=True, metavar="COMMAND")
    verify = bundle_sub.add_parser("verify", help="exit 0 when a bundle is intact, 2 (one line why) when not")
    show = bundle_sub.add_parser("show", help="print the report inside a bundle")
    show.add_argument("--json", action="store_true", help="the report as JSON")
    samples = bundle_sub.add_parser("samples", help="every probe of a bundle as CSV (samples.csv holds the newest "
                                    "hour only)")
    samples.add_argument("--out", type=Path, help="write the CSV to this file instead of standard output")
    for p in (verify, show, samples):
        p.add_argument("file", type=Path)
        p.add_argument("--identity", type=Path, help="age identity file, for a bundle sealed to a help desk")
        p.add_argument("--passphrase-file", type=Path, help="file holding the passphrase of a sealed bundle")
    verify.set_defaults(handler=run_verify)
    show.set_defaults(handler=run_show)
    samples.set_defaults(handler=run_samples)


def _secret_file(path: Path | None, key: str) -> str | None:
    """The text of an identity or passphrase file; ``key`` is the sentence that says it cannot be read."""
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise UsageError(key, path=path, reason=os_reason(exc)) from None
    except UnicodeDecodeError as exc:
        raise UsageError(key, path=path, reason=Foreign(str(exc))) from None


def load(args: argparse.Namespace) -> Bundle:
    from t3gui.core.bundle.reader import open_bundle, read_file
    from t3gui.core.bundle.seal import read_identities

    identity = _secret_file(args.identity, "usage.identity.unreadable")
    identities = read_identities(identity) if identity else []
    if identity is not None and not identities:
        raise UsageError("usage.identity.no_key", path=args.identity)
    from t3gui.checks.registry import CHECKS

    _check_is_a_file(args.file)
    return open_bundle(read_file(args.file), identities,
                       _secret_file(args.passphrase_file, "usage.passphrase.unreadable"),
                       known_checks=[c.id for c in CHECKS])


def _check_is_a_file(path: Path) -> None:
    """The two mistakes a user most often makes, said in their language; read_file says any other."""
    try:
        is_folder = stat.S_ISDIR(path.stat().st_mode)
    except FileNotFoundError:
        raise UsageError("usage.bundle.missing", path=one_line(str(path))) from None
    except OSError:
        return
    if is_folder:
        raise UsageError("usage.bundle.folder", path=one_line(str(path)))


def one_line(text: str) -> str:
    """Text from a file (or its name) as one line a terminal shows and does not obey."""
    return printable(text.replace("\n", " "), 400)


class OneLine:
    """A sentence that may quote a bundle (a refusal naming a member), said as one line a terminal shows."""

    def __init__(self, said: Localized) -> None:
        self.said = said

    def text(self, language: str) -> str:
        return one_line(self.said.text(language))


def _load_or_say_why(args: argparse.Namespace) -> Bundle:
    """The bundle; a bundle that cannot be opened, or is refused, is bad input: one line why (in the
    user's language, the refusal's own sentence), exit 2."""
    from t3gui.core.bundle.reader import BundleError

    try:
        return load(args)
    except BundleError as exc:
        raise UsageError("usage.bundle.refused", name=one_line(args.file.name), reason=OneLine(exc)) from None


def _tolerant_stdout() -> None:
    """A terminal that cannot show a character a bundle holds shows '?' instead of failing the command."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")


def run_verify(args: argparse.Namespace) -> int:
    bundle = _load_or_say_why(args)
    m = bundle.manifest  # created_at and app_version were checked as the bundle was opened
    key = "usage.bundle.intact.pseudonymized" if m.get("pseudonymized") else "usage.bundle.intact"
    print(Words(key, name=one_line(args.file.name), files=len(bundle.members), created=m.get("created_at"),
                version=m.get("app_version")).text(usage_language(args)))
    return EXIT_OK


def run_show(args: argparse.Namespace) -> int:
    bundle = _load_or_say_why(args)
    _tolerant_stdout()
    if args.json:
        print(dumps(bundle.report))
    else:
        print(render(bundle.report), end="")
        watched = bundle.timeline.get("watched")
        if watched:  # a monitor's bundle: its probes went to one server (checked as the bundle was opened)
            from t3gui.core.i18n import tr

            print("\n" + tr("probes_to", bundle.report.language, address=one_line(str(watched))))
    return EXIT_OK


def run_samples(args: argparse.Namespace) -> int:
    bundle = _load_or_say_why(args)
    from t3gui.core.bundle.writer import samples_csv

    csv = samples_csv(bundle.samples)
    if args.out is None:
        sys.stdout.buffer.write(csv)
        return EXIT_OK
    try:
        args.out.write_bytes(csv)
    except OSError as exc:
        raise UsageError("usage.file.unwritable", path=args.out, reason=os_reason(exc)) from None
    rows = csv.count(b"\n") - 1
    print(Words("usage.bundle.samples_written", path=args.out, rows=rows, series=len(bundle.samples))
          .text(usage_language(args)))
    return EXIT_OK
