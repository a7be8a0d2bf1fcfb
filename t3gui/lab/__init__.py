"""The reference T3 lab server, with fault injection, and demo PKI and tokens."""
