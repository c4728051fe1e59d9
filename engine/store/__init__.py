"""Where sessions are kept: the store interface, the store both backends share (``sql``) and the
two backends, SQLite and PostgreSQL."""
