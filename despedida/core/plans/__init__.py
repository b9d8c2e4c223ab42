"""Exit plans: the dated steps of an ending, the final invoice's arithmetic, the closing checklist. Pure Python."""
