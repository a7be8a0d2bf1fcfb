"""Entry point of `t3gui`: subcommands, exit statuses and the crash log."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from t3gui import __version__
from t3gui.cli import bundle_commands, diagnose_command, lab_commands, monitor_command
from t3gui.cli.errors import EXIT_INTERNAL, EXIT_USAGE, UsageError, Words, check_demo_scenario
from t3gui.cli.language import usage_language
from t3gui.cli.parser import OneLineParser


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="t3gui",
        description="Find out why a T3 client cannot log in to its server.",
    )
    parser.add_argument("--version", action="version", version=f"t3gui {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help="open the desktop app against an embedded lab server on loopback")
    parser.add_argument("--scenario", metavar="NAME",
                        help="with --demo: play this scenario at once ('t3gui diagnose --demo --scenario list')")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    diagnose_command.add_parser(sub)
    monitor_command.add_parser(sub)
    lab_commands.add_parsers(sub)
    bundle_commands.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            if args.scenario is not None:
                if not args.demo:
                    raise UsageError("usage.scenario.needs_demo")
                check_demo_scenario(args.scenario)
            from t3gui.gui.app import run_app  # the only path into Qt

            return run_app(demo=args.demo, scenario=args.scenario)
        return int(args.handler(args))
    except UsageError as exc:
        say(exc.words, args)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last line of defence: log it, name the file
        from t3gui.core.crash import write_crash_log

        path = write_crash_log(exc)
        say(Words("usage.internal", kind=exc.__class__.__name__, path=path), args)
        return EXIT_INTERNAL


def say(words: Words, args: argparse.Namespace) -> None:
    """``t3gui: <sentence>`` on stderr, in the user's language; in English where stderr cannot show theirs
    (a Windows console redirected to a file in a Western code page cannot hold Chinese)."""
    try:
        language = usage_language(args)
    except Exception:  # a broken profile must not hide the sentence that says what went wrong
        language = "en"
    try:
        sys.stderr.write(f"t3gui: {words.text(language)}\n")
    except UnicodeEncodeError:
        sys.stderr.write(f"t3gui: {words.text('en')}\n")


def entry() -> None:
    sys.exit(main())
