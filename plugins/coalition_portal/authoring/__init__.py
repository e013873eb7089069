"""Authoring: the secretary's commands that write content files (new meeting, record a vote,
endorse, init...)."""
