"""Tools for the people who write dialogues: dialogue tests with coverage (``peercoach test``).

A layer above the conversation and the renderer (a test drives the real state machine and reads
the summary it renders), beside ``evaluation``; only the command line uses it.
"""
