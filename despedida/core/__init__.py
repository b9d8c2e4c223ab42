"""The judgement, in pure Python: plain dataclasses in, plain dataclasses out.

Nothing here imports Django or any app of the product (import-linter checks it):
`portfolio` (the record as data, its file), `assessment` (signals and decisions),
`plans` (exit plans and the final invoice), `intake`, `lessons` (clauses),
`tone` (the tone checker), `letters` (drafting), `interest` (statutory interest).
"""
