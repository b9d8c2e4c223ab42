"""The silence protocol: a state machine per silent client, run by the worker or by hand."""
