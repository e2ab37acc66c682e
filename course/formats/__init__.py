"""The vocabulary every stage shares about a course's files: how a format is declared
(spec.py) and the limits on what a file may hold (limits.py)."""
