"""The portfolio: a business's whole client history as plain data.

Pure Python (no Django). `model` holds the dataclasses every engine reads,
`reader` turns a portfolio file into them (refusing bad input with JSON
paths), `writer` turns them back into the file format.
"""
