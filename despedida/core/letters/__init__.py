"""Letters: every message of the practice drafted from a client's record, in Spanish or English. Pure Python."""
