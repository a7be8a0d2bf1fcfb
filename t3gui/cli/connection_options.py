"""The options that say how to reach and log in to a server, shared by `diagnose` and `monitor`."""

from __future__ import annotations

import argparse


def add_login_options(p: argparse.ArgumentParser, token_help: str = "a file holding the user's JWT") -> None:
    p.add_argument("--token-file", help=token_help)
    p.add_argument("--ca-file", help="PEM bundle of extra trusted roots (a company CA)")
    p.add_argument("--client-cert", help="client certificate (PEM) for mutual TLS")
    p.add_argument("--client-key", help="private key of --client-cert (PEM)")
    p.add_argument("--server-name", help="name to expect on the server certificate, if not the host")
