"""The conversation: a pure state machine that takes an answer and returns the next turn, the
session types it is saved as, and the engine's own words (messages)."""
