"""The desktop game (pygame-ce + pygame_gui): the only package that imports pygame (a later issue builds it)."""
