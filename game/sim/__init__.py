"""Batch simulation over processes, with statistics (a later issue builds it)."""
