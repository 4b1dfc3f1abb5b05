"""Brobygger: a workshop toolkit for action-learning meetings."""

__version__ = "0.1.0"
