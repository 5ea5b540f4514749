"""Deciding: rules evaluated for a profile, plans, gaps, checklists, and many profiles at once."""
