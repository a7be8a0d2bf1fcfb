"""Entry script of the windowed build (no console); the real entry is t3gui.cli.windowed.entry."""

from t3gui.cli.windowed import entry

if __name__ == "__main__":
    entry()
