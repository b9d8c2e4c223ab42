"""Lessons learned as contract clauses: which clause would have prevented which ending. Pure Python."""
