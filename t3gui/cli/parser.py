"""An ArgumentParser whose errors are one line on stderr and exit status 2."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from t3gui.cli.errors import EXIT_USAGE


class OneLineParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: {message} (see {self.prog} --help)\n")
        sys.exit(EXIT_USAGE)
