"""Diagnostic checks, one module per family, and the clients they drive."""
