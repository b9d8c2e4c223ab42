"""The assessment: warning signs with evidence, weighed against the client's
value, turned into a recommendation and dated next actions.

The engine is pure Python (no Django; its stored side is the `despedida.assessment` app):

- `thresholds`: every number the judgement uses, overridable per workspace;
- `record`: a client's record as it stood on a day; `value`: revenue,
  share, effective rate;
- `signals/`: one detector per warning sign; `ladder`: remedies and which
  were tried; `silence`: the silence protocol's state;
- `decision`, `actions`, `exit_date`, `summary`: from signals to outcome;
- `phrases/`: the words, in Spanish and English;
- `engine`: `assess_client`, `assess_portfolio`, `assess_clients`;
  `results`: what they return, and its JSON (`despedida.assessment/1`);
- `report`: the text report of `despedida assess`.

docs/signals.md explains the rules in plain language.
"""
