"""Intake: should this prospect become a client? The checklist, then the user's decision."""
