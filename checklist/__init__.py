"""checklist: the village party-building self-assessment tool (村党组织星级评定自评)."""

__version__ = "0.1.0"
