"""Date formats of the interface where Django's own do not fit the product (see `en/formats.py`)."""
