"""Outputs: spreadsheets for organisers (xlsx with native charts) and tidy CSV with a codebook for researchers.

Every export is a pure function from the store to bytes; pages only offer them for download.
"""
