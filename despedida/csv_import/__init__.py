"""CSV exports of invoicing tools and time trackers, read into typed records (pure Python, no Django).

`source.read_table` turns the bytes of an upload into a table (encoding and
separator found by themselves); `presets` and `mapping` say which column is
which of our fields; `reading.read_records` turns the rows into invoices,
payments or time entries, naming every problem by row and column;
`matching` pairs the file's client names and tax ids with known clients.
The Django side (`despedida.portability.csv_store`) writes the records.
"""
