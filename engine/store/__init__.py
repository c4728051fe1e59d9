"""Where sessions are kept: the store interface and the SQLite store."""
