"""Summaries of a conversation, rendered from Jinja templates (Markdown, HTML), with charts."""
