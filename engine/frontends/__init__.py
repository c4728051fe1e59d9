"""Front ends: the console contract and the run loop that drives a conversation, in plain mode
(pipes, screen readers) and in the full-screen terminal."""
