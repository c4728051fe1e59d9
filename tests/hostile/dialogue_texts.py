"""Texts the hostile tests build their files from."""

GOOD = """\
id: good
title: A good one
audience: client
start: hello
nodes:
  hello:
    say: Hi
  name:
    ask: Your name?
  bye:
    end: Bye
"""

# GOOD with a variable whose value the test fills in (line 5: `  deep: {value}`).
VARIABLES = GOOD.replace("start: hello", "variables:\n  deep: {value}\nstart: hello")
