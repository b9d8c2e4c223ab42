"""Lessons learned: the retrospective of an ending and the contract clauses that would have prevented it."""
