"""Intake checks: should this prospect become a client? Pure Python."""
