"""The text front end: `four-islands run` (interactive or scripted play) and `replay`.

`commands.register(subparsers)` adds the subcommands; `interactive.TerminalGame` is the prompt
loop; `transcript` turns a `game.match.Session` into text or JSON.
"""
