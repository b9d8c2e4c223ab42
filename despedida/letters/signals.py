"""What the letter workflow announces, so that plans and the silence protocol can follow it without
the letters importing them: a letter drafted, a letter read by a reviewer, a letter gone out.

Receivers run in the sender's transaction: if it rolls back, so does what they did.
"""

from django.dispatch import Signal

# draft=LetterDraft, user=User | None, now=datetime
letter_drafted = Signal()
# draft=LetterDraft, now=datetime
letter_reviewed = Signal()
# draft=LetterDraft, user=User | None, now=datetime, sent=bool (False: the protocol moves on without a sending)
letter_went_out = Signal()
