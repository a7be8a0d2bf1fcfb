"""Entry script that PyInstaller freezes; the real entry is t3gui.cli.main."""

from t3gui.cli.main import entry

if __name__ == "__main__":
    entry()
