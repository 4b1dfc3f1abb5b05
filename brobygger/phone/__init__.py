"""The participant's phone: a light page and a small JSON API, served as routes of the same app."""
