"""The store both backends are: ``SqlStore``, every statement they share, put together from its
parts. ``SqliteStore`` (``sqlite``) and ``PostgresStore`` (``postgres``) each subclass it and add
what is their own: opening, checking, errors, transactions and compacting.

The parts, each in its own module: ``core`` (what they all stand on: the connection and the
hooks a backend gives), ``sessions`` (claiming, saving, loading and listing sessions),
``importing`` (sessions from JSON files), ``people`` (who is known, the default person, an
export), ``deleting`` (a session or a person, then compacting), ``person`` (what is read back
about a person: goals, plan, what they named, the facilitators' overview), ``codes`` (the web
front end's personal access codes, hashed) and ``attempts`` (sign-in tries per address, shared by
every worker). Beneath them: ``facts`` (what a session recorded for the person), ``rows`` (rows
checked as they are read), ``leases`` (who has a session open) and ``moving`` (a person's record
in an export, and back in on import). Front ends talk to the ``SessionStore`` interface
(``interface``); ``opening`` opens the store ``--store`` names.
"""

from __future__ import annotations

from engine.store.attempts import SignInTries
from engine.store.codes import AccessCodes
from engine.store.deleting import Deleting
from engine.store.importing import Importing
from engine.store.people import People


class SqlStore(Importing, People, Deleting, AccessCodes, SignInTries):
    """Sessions, people and their progress in an SQL database, whichever backend runs it."""
