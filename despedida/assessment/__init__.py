"""Stored assessments: the engine's verdicts kept in the store, recomputed when a record changes.

The engine itself is pure Python in `despedida.core.assessment`.
"""
