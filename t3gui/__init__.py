"""t3gui: a troubleshooting assistant for T3 clients that cannot log in."""

__version__ = "0.1.0"
