"""Gateways to outside systems, one package per system, each a small interface with an
HTTP client for production and a fake server for tests and the demo (see `fakes.py`).

They are called only after the transaction that caused them commits (on_commit or the
outbox), never inside it."""
