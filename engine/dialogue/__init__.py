"""The authoring format: dialogue files read into a typed model, the library's checks, the JSON
schema, and the template expressions dialogues are written in (run in a bounded sandbox)."""
