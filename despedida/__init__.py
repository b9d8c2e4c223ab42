"""Despedida: know when to let a client go, and do it well."""

__version__ = "0.1.0"
