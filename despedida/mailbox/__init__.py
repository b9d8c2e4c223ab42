"""Mail in: the client's real correspondence, read from the business's mailbox (IMAP) or a mail export.

Pure modules (no Django): `parsing` (headers to a plain record),
`automatic` (auto-replies and bounces), `asks` (does an outgoing message
need a reply), `addresses` (public mail domains), `matching` (which client
a message belongs to), `snippets` (a short text and bounce reports from a
body), `mailfiles` (mbox and .eml files). The Django side: `models` (the
mailbox, the ledger, unknown senders, client addresses), `imap` (talking
to the server), `ledger` and `sync` (reading a folder into the record),
`importing` (mail files), `jobs` (the worker), the pages and the command.
"""
