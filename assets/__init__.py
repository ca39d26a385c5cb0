"""Data package: fonts, images and themes, found at run time through importlib.resources."""
