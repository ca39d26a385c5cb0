"""The desktop game (pygame-ce + pygame_gui), the only package that imports pygame.

A later issue builds it.
"""
