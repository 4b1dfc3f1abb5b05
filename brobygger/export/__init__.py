"""Outputs: spreadsheets for organisers (xlsx with native charts) and tidy CSV with a codebook for researchers.

Every export is a pure function from a record (read once by `services.records`) to bytes; pages only offer them for download.
"""
