"""interest."""
