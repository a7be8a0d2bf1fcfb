"""Diagnostic bundles: what a customer attaches to a ticket and a technician opens.

Built from allowlisted fields (never scrubbed afterwards), optionally with
pseudonyms and sealed to the help desk's key; read with strict limits,
nothing extracted to disk, the manifest verified.
"""
