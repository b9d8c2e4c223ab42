"""Exit plans: from the engine's suggestion to dated, tracked steps, the letter's progress and the closing."""
