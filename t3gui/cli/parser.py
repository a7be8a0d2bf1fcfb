"""An ArgumentParser whose errors are one line on stderr, in the user's language, and exit status 2.

argparse writes its own sentences in English (Python ships no Chinese catalog for it): the ones a
user meets are recognised here and said from the usage table; any other is quoted as argparse wrote it.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

from t3gui.cli.errors import EXIT_USAGE, Foreign, Localized, Words
from t3gui.cli.language import argv_language

# argparse's messages (3.11-3.13), most specific first, and the sentence of the usage table for each.
ARGPARSE_MESSAGES = (
    (re.compile(r"unrecognized arguments: (?P<args>.+)"), "usage.argparse.unrecognized"),
    (re.compile(r"the following arguments are required: (?P<args>.+)"), "usage.argparse.required"),
    (re.compile(r"argument (?P<option>\S+): expected one argument"), "usage.argparse.expected_one"),
    (re.compile(r"argument (?P<option>\S+): expected (?:at least|at most)? ?\S+ arguments?"),
     "usage.argparse.expected_more"),
    (re.compile(r"argument (?P<option>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"),
     "usage.argparse.invalid_choice"),
    (re.compile(r"argument (?P<option>\S+): invalid \S+ value: (?P<value>.+)"), "usage.argparse.invalid_value"),
    (re.compile(r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)"), "usage.argparse.ambiguous"),
    (re.compile(r"argument (?P<option>\S+): not allowed with argument (?P<other>\S+)"),
     "usage.argparse.not_allowed_with"),
)


def argparse_words(message: str) -> Localized:
    """argparse's ``message`` as a sentence of the usage table when it is one it is known to write."""
    for pattern, key in ARGPARSE_MESSAGES:
        found = pattern.fullmatch(message)
        if found is not None:
            return Words(key, **found.groupdict())
    return Foreign(message)


class OneLineParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        said = Words("usage.argparse.see_help", message=argparse_words(message), prog=self.prog)
        language = argv_language(sys.argv[1:])
        try:
            sys.stderr.write(f"{self.prog}: {said.text(language)}\n")
        except UnicodeEncodeError:  # a console that cannot show the user's language gets English
            sys.stderr.write(f"{self.prog}: {said.text('en')}\n")
        sys.exit(EXIT_USAGE)
