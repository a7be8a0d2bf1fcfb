"""The `t3gui` command line."""
