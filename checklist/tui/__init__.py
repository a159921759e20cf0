"""The Textual app: the secretary's walk through the rubric. Never computes a score itself."""
