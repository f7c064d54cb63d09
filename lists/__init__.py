"""Bundled list files, shipped inside the wheel as ``partyscreen.bundled_lists`` (see setup.py)."""
