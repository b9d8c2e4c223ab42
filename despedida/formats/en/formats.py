"""English dates on pages as the letters and the assessment write them: "22 November 2026, 10:00".

Django's English default ("Nov. 22, 2026, 10 a.m.") is American, disagrees with
the letters' "22 November 2026" and ends a sentence with two full stops.
Anything not set here is Django's.
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
