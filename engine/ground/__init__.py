"""The ground every layer stands on: located problems (``Span``, ``Problem``, the load error),
the strict YAML reader every data file is read with, text made safe to print, and files written
privately and whole."""
