"""The demo portfolio generator: a realistic synthetic business in which every warning sign occurs. Pure Python."""
