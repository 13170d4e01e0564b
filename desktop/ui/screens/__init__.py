"""Screens of the main window: one module per screen, each `Screen(state, parent=None)` with `activate()`."""
