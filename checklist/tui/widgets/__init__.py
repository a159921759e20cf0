"""Widgets: answer inputs per rule type, the score panel, the section tree."""
