from t3gui.cli.main import entry

entry()
