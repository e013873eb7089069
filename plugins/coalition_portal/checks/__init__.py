"""Checks: references, votes, the publication check, git history, punctuality and the vital
signs; ``pipeline.prepare`` runs them all over loaded content."""
