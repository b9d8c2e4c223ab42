"""Statutory late-payment interest and fixed compensation, from the published rates. Pure Python."""
