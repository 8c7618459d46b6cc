"""What a new password must be: long, not common or breached, not a repetition, not the username.

ASVS 2.1 (level 2): at least 12 characters, any characters allowed (spaces, Unicode), no composition rules,
checked against common and breached passwords. The list is zxcvbn's (the `zxcvbn` package, a port of
Dropbox's estimator): its dictionaries hold the most frequent passwords of public breach corpora, English
words, names and keyboard patterns, and it scores a password by how many guesses it would take. A password
must score at least 3 ("safely unguessable": about 10^8 guesses or more, beyond an online attack throttled as
ours is), with the username and the words of the display name counted as known words (so they add little).
"""

from __future__ import annotations

import re

from sprintback.services.errors import InvalidInput

MIN_PASSWORD_LENGTH = 12
MIN_ZXCVBN_SCORE = 3
MIN_DISTINCT_CHARACTERS = 5
_REPEATED_UNIT = re.compile(r"(.{1,4}?)\1+", re.DOTALL)  # "aaaaaaaaaaaa", "abababababab", "abcdabcdabcd"


def check_new_password(password: str, username: str, display_name: str = "") -> None:
    """Raise InvalidInput (field `password`) naming what is wrong with this password for this user."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD_LENGTH} characters", "password")
    if _REPEATED_UNIT.fullmatch(password) or len(set(password)) < MIN_DISTINCT_CHARACTERS:
        raise InvalidInput("a password cannot be one character or a short pattern repeated", "password")
    if len(username) >= 3 and username.casefold() in password.casefold():
        raise InvalidInput("a password cannot contain the username", "password")
    from zxcvbn import zxcvbn  # imported here: it loads its dictionaries, needed only when a password is set

    verdict = zxcvbn(password[:100], user_inputs=[username, *display_name.split(), "sprintback"])
    if verdict["score"] < MIN_ZXCVBN_SCORE:
        hint = verdict["feedback"].get("warning") or "it would be guessed quickly"
        raise InvalidInput(f"this password is too common or too easy to guess: {hint.rstrip('.')}", "password")
