"""Outputs: the registry of formats and the renderers behind it (templates, spreadsheets, calendars, pictures, findings)."""
