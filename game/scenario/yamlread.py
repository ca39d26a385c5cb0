"""Read a scenario file safely: bytes -> Python values + a position index + diagnostics.

Nothing here raises on bad input; every problem is a `Diagnostic` (codes `Y0xx`):

- Y000 the file cannot be read (missing, a directory, permissions);
- Y001 the file is too large (checked before reading or parsing, limit `MAX_BYTES`);
- Y002 the file is empty (no bytes, or no document);
- Y003 the file is binary (NUL bytes or control characters);
- Y004 the file is not UTF-8 (UTF-16/UTF-32 are recognised by their BOM);
- Y005 the top level is not a mapping;
- Y010 YAML syntax error (tabs used for indentation get a hint);
- Y020 too many aliases or nodes (alias "billion laughs" bombs);
- Y021 nesting too deep;
- Y030 an explicit tag that is not a standard one (`!!python/...`, `!custom`);
- Y031 a duplicate key in a mapping (reported at the second key);
- Y032 a key that is not a scalar (a list or a mapping used as a key);
- Y033 a value that does not fit its explicit standard tag (`!!int abc`);
- Y034 a number too large (magnitude above `MAX_NUMBER`, more than `MAX_DIGITS` digits, or a
  float that overflows): checked on the text, before any conversion;
- Y035 text holding a control character (a YAML `"\\e[..."` escape, a bidi override): such text
  would drive the player's terminal.

The file is parsed with `yaml.compose` and a `SafeLoader` subclass; no PyYAML constructor runs.
Our own walk over the node graph builds the values with YAML 1.2 core-schema scalars: only
`true`/`false` (any case) are booleans (`yes`, `no`, `on`, `off` stay text), `1:30` stays text,
integers are decimal, `0x..` or `0o..`, `.inf`/`.nan` stay text, `null`/`~`/empty are None.
Alias expansions and nodes are counted before anything is expanded, so memory and time stay bounded.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from game.files import MAX_SCENARIO_BYTES, FileError, FileTooLargeError, has_control, read_bytes
from game.scenario.diagnostics import Diagnostic, format_path

MAX_BYTES = MAX_SCENARIO_BYTES  # 1 MiB: 18x the largest shipped file
MAX_ALIASES = 100
MAX_NODES = 30_000  # 7x the largest shipped file (4,400 values)
MAX_DEPTH = 64
MAX_NUMBER = 10**15
"""The largest magnitude of a number in a scenario: exact as a float, far beyond any meter."""
MAX_DIGITS = 16

DocPath = tuple[str | int, ...]
Pos = tuple[str, int, int]

_PLAIN = "x-four-islands:plain"  # tag our resolver gives plain (unquoted) scalars
_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "map", "seq")}

_INT_DEC = re.compile(r"[-+]?[0-9]+\Z")
_INT_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_INT_OCT = re.compile(r"0o[0-7]+\Z")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")


class Positions:
    """Where each value and key of a document is written: path -> (file, line, col), 1-based.

    Paths are tuples of mapping keys and list indices, e.g. `("moves", 3, "cost")`. After an
    `extends` merge every entry keeps the file it came from.
    """

    __slots__ = ("_keys", "_values", "default_file")

    def __init__(self, default_file: str = "") -> None:
        self.default_file = default_file
        self._values: dict[DocPath, Pos] = {}
        self._keys: dict[DocPath, Pos] = {}

    def set_value(self, path: DocPath, pos: Pos) -> None:
        self._values[path] = pos

    def set_key(self, path: DocPath, pos: Pos) -> None:
        self._keys[path] = pos

    def value_at(self, path: DocPath) -> Pos:
        """Position of the value at `path`, or of its nearest ancestor that has one."""
        for n in range(len(path), -1, -1):
            found = self._values.get(path[:n])
            if found is not None:
                return found
        return (self.default_file, 0, 0)

    def key_at(self, path: DocPath) -> Pos:
        """Position of the key of `path`; falls back to the value, then to the ancestors."""
        for n in range(len(path), -1, -1):
            sub = path[:n]
            found = self._keys.get(sub) or self._values.get(sub)
            if found is not None:
                return found
        return (self.default_file, 0, 0)

    def has(self, path: DocPath) -> bool:
        return path in self._values

    def own_value(self, path: DocPath) -> Pos | None:
        return self._values.get(path)

    def own_key(self, path: DocPath) -> Pos | None:
        return self._keys.get(path)

    def copy_subtree(
        self, value: Any, src: Positions, src_path: DocPath, dst_path: DocPath
    ) -> None:
        """Copy the positions of `value` (found at `src_path` in `src`) to `dst_path` here."""
        stack: list[tuple[Any, DocPath, DocPath]] = [(value, src_path, dst_path)]
        while stack:
            val, sp, dp = stack.pop()
            pv = src._values.get(sp)
            if pv is not None:
                self._values[dp] = pv
            pk = src._keys.get(sp)
            if pk is not None:
                self._keys[dp] = pk
            if isinstance(val, dict):
                stack.extend((v, (*sp, k), (*dp, k)) for k, v in val.items())
            elif isinstance(val, list):
                stack.extend((v, (*sp, i), (*dp, i)) for i, v in enumerate(val))

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self) -> Iterator[DocPath]:
        return iter(self._values)


class _LimitError(Exception):
    def __init__(self, code: str, message: str, mark: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.mark = mark


# libyaml's C parser (shipped in PyYAML's wheels) reads events ~10x faster than the pure-Python
# one; our own Python composer on top of it still counts nodes, aliases and depth as it goes.
# Nothing is ever constructed by PyYAML: values are built from the nodes by `_Builder`.
_Parser: Any = getattr(yaml, "cyaml", None) and getattr(yaml.cyaml, "CParser", None)


class _PyLoader(yaml.SafeLoader):
    """Pure-Python reader and parser, when libyaml is missing."""


if _Parser is not None:

    class _FastBase(yaml.composer.Composer, _Parser, yaml.resolver.Resolver):  # type: ignore[misc]
        """C scanner and parser, Python composer and resolver."""

        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    _Base: Any = _FastBase
else:
    _Base = _PyLoader


class _Loader(_Base):  # type: ignore[misc]
    """A loader that only composes: counts nodes and depth, and tags plain scalars for us."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0
        self._aliases = 0

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _STD + "str"
        if kind is SequenceNode:
            return _STD + "seq"
        return _STD + "map"

    def compose_scalar_node(self, anchor: Any) -> ScalarNode:
        node: ScalarNode = super().compose_scalar_node(anchor)
        node.end_mark = None  # positions need only the start: halves the marks kept
        return node

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES * 10:
                raise _LimitError("Y020", "too many aliases", event.start_mark)
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _LimitError("Y020", f"too many values (more than {MAX_NODES})", event.start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _LimitError(
                    "Y021", f"nesting is too deep (more than {MAX_DEPTH} levels)", event.start_mark
                )
            composed: Node | None = super().compose_node(parent, index)
            return composed
        finally:
            self._depth -= 1


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def _diag(
    code: str,
    file: str,
    line: int,
    col: int,
    message: str,
    path: DocPath = (),
    hint: str | None = None,
) -> Diagnostic:
    return Diagnostic(code, "error", file, line, col, format_path(path), message, hint)


def _decode(data: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    if not data.strip():
        return None, [_diag("Y002", file, 0, 0, "the file is empty")]
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return None, [_diag("Y004", file, 0, 0, "the file is UTF-32; save it as UTF-8", hint=None)]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [_diag("Y004", file, 0, 0, "the file is UTF-16; save it as UTF-8")]
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        col = nul - (data.rfind(b"\n", 0, nul) + 1) + 1
        return None, [
            _diag(
                "Y003", file, line, col, "the file contains NUL bytes: it is binary, not YAML text"
            )
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        head = data[:4096]
        control = sum(1 for b in head if b < 9 or 13 < b < 32 or b == 127)
        if control * 10 > len(head):
            return None, [_diag("Y003", file, 0, 0, "the file is binary, not YAML text")]
        good = data[: exc.start].decode("utf-8", errors="replace")
        line, col = _line_col(good, len(good))
        return None, [
            _diag(
                "Y004",
                file,
                line,
                col,
                f"the file is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
                hint="save the file with UTF-8 encoding",
            )
        ]
    bad = _CONTROL.search(text)
    if bad is not None:
        line, col = _line_col(text, bad.start())
        return None, [
            _diag(
                "Y003",
                file,
                line,
                col,
                f"the file contains a control character (U+{ord(bad.group()):04X}): is it binary?",
            )
        ]
    if not text.strip():
        return None, [_diag("Y002", file, 0, 0, "the file is empty")]
    return text, []


_FLOW_START_AFTER = frozenset(":,[{-?\n")


_SCAN = re.compile(r"[\[\]{}'\"#]")


def _flow_depth_scan(text: str) -> int | None:
    """Index of a flow bracket nested deeper than twice `MAX_DEPTH`, found without parsing.

    PyYAML's scanner is slow on deep flow nesting, so `[[[[...` is rejected before it is
    scanned. Only brackets where a flow collection can start count (after `:`, `,`, `[`, `{`,
    `-`, `?` or at a line start); quoted text and comments are skipped. The exact depth limit is
    enforced while composing.
    """
    limit = 2 * MAX_DEPTH
    if text.count("[") + text.count("{") <= limit:
        return None
    depth = 0
    pos, n = 0, len(text)
    while True:
        match = _SCAN.search(text, pos)
        if match is None:
            return None
        i = match.start()
        ch = text[i]
        j = i - 1
        while j >= 0 and text[j] in " \t\r":
            j -= 1
        prev = text[j] if j >= 0 else "\n"
        pos = i + 1
        if ch in "[{":
            if prev in _FLOW_START_AFTER:
                depth += 1
                if depth > limit:
                    return i
        elif ch in "]}":
            if depth:
                depth -= 1
        elif ch == "#":
            if i == 0 or text[i - 1] in " \t\n":
                end = text.find("\n", i)
                pos = n if end < 0 else end
        elif prev in _FLOW_START_AFTER:  # a quote that starts a quoted scalar
            end = i + 1
            while end < n:
                c = text[end]
                if c == "\\" and ch == '"':
                    end += 2
                    continue
                if c == ch:
                    if ch == "'" and end + 1 < n and text[end + 1] == "'":
                        end += 2
                        continue
                    break
                end += 1
            pos = end + 1


class _TooBig:
    """A number out of range (`MAX_NUMBER`), kept as its text for the message."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _bounded(number: int | float, text: str) -> int | float | _TooBig:
    if not math.isfinite(number) or abs(number) > MAX_NUMBER:
        return _TooBig(text)
    return number


def _resolve_plain(value: str) -> Any:
    if value in ("", "~", "null", "Null", "NULL"):
        return None
    low = value.lower()
    if low == "true":
        return True
    if low == "false":
        return False
    if _INT_DEC.match(value):
        if len(value.lstrip("+-").lstrip("0")) > MAX_DIGITS:  # int() would refuse 4,300+ digits
            return _TooBig(value)
        return _bounded(int(value), value)
    if _INT_HEX.match(value):
        if len(value[2:].lstrip("0")) > MAX_DIGITS:
            return _TooBig(value)
        return _bounded(int(value[2:], 16), value)
    if _INT_OCT.match(value):
        if len(value[2:].lstrip("0")) > MAX_DIGITS + 2:
            return _TooBig(value)
        return _bounded(int(value[2:], 8), value)
    if _FLOAT.match(value):
        return _bounded(float(value), value)
    return value


_BAD = object()


def _resolve_tagged(tag: str, value: str) -> Any:
    if tag == _STD + "str":
        return value
    resolved = _resolve_plain(value)
    if tag == _STD + "null":
        return None if resolved is None else _BAD
    if tag == _STD + "bool":
        return resolved if isinstance(resolved, bool) else _BAD
    if tag == _STD + "int":
        if isinstance(resolved, _TooBig):
            return resolved
        return resolved if isinstance(resolved, int) and not isinstance(resolved, bool) else _BAD
    if tag == _STD + "float":
        if isinstance(resolved, _TooBig):
            return resolved
        if isinstance(resolved, bool) or not isinstance(resolved, int | float):
            return _BAD
        return float(resolved)
    return _BAD


class _Walker:
    def __init__(self, file: str) -> None:
        self.file = file
        self.positions = Positions(file)
        self.diags: list[Diagnostic] = []
        self.nodes = 0
        self.aliases = 0
        self.seen: set[int] = set()

    def pos(self, node: Node) -> Pos:
        mark = node.start_mark
        return (self.file, mark.line + 1, mark.column + 1)

    def error(
        self, code: str, node: Node, message: str, path: DocPath, hint: str | None = None
    ) -> None:
        _, line, col = self.pos(node)
        self.diags.append(_diag(code, self.file, line, col, message, path, hint))

    def count(self, node: Node) -> None:
        if id(node) in self.seen:
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _LimitError(
                    "Y020",
                    f"too many alias uses (more than {MAX_ALIASES}): is this an alias bomb?",
                    node.start_mark,
                )
        else:
            self.seen.add(id(node))
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _LimitError(
                "Y020",
                f"the document expands to more than {MAX_NODES} values (aliases?)",
                node.start_mark,
            )

    def checked(self, node: Node, path: DocPath, value: Any) -> Any:
        """The scalar value, or None after a Y034/Y035 error for a huge number or control text."""
        if isinstance(value, _TooBig):
            shown = value.text if len(value.text) <= 24 else value.text[:20] + "..."
            self.error(
                "Y034",
                node,
                f"the number {shown} is too large (the limit is {MAX_NUMBER:.0e} either way)",
                path,
            )
            return None
        if isinstance(value, str):
            bad = has_control(value)
            if bad >= 0:
                self.error(
                    "Y035",
                    node,
                    f"the text holds a control character (U+{ord(value[bad]):04X}) at "
                    f"character {bad + 1}",
                    path,
                    hint="escape sequences would be sent to the player's terminal; remove it",
                )
                return None
        return value

    def check_tag(self, node: Node, path: DocPath) -> bool:
        tag = node.tag
        if tag == _PLAIN or tag in _ALLOWED_TAGS:
            return True
        shown = "!!" + tag[len(_STD) :] if tag.startswith(_STD) else tag
        self.error(
            "Y030",
            node,
            f"tag '{shown}' is not allowed",
            path,
            hint="scenario files use plain YAML values only; remove the tag",
        )
        return False

    def walk(self, node: Node, path: DocPath, depth: int) -> Any:
        self.count(node)
        if depth > MAX_DEPTH:
            raise _LimitError(
                "Y021", f"nesting is too deep (more than {MAX_DEPTH} levels)", node.start_mark
            )
        self.positions.set_value(path, self.pos(node))
        if not self.check_tag(node, path):
            return None
        if isinstance(node, ScalarNode):
            value: str = node.value
            if node.tag == _PLAIN:
                resolved = _resolve_plain(value)
            else:
                resolved = _resolve_tagged(node.tag, value)
            if resolved is _BAD:
                shown = "!!" + node.tag[len(_STD) :]
                self.error("Y033", node, f"'{value}' is not a valid {shown} value", path)
                return None
            return self.checked(node, path, resolved)
        if isinstance(node, SequenceNode):
            if node.tag not in (_PLAIN, _STD + "seq"):
                self.error("Y033", node, "a list cannot carry this tag", path)
                return None
            return [self.walk(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            if node.tag not in (_PLAIN, _STD + "map"):
                self.error("Y033", node, "a mapping cannot carry this tag", path)
                return None
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                self.count(key_node)
                if not isinstance(key_node, ScalarNode):
                    self.error(
                        "Y032", key_node, "a key must be a plain value, not a list or mapping", path
                    )
                    continue
                if not self.check_tag(key_node, path):
                    continue
                if key_node.tag == _PLAIN:
                    key = _resolve_plain(key_node.value)
                else:
                    key = _resolve_tagged(key_node.tag, key_node.value)
                    if key is _BAD:
                        self.error(
                            "Y033", key_node, f"'{key_node.value}' does not fit its tag", path
                        )
                        continue
                if isinstance(key, _TooBig):
                    key = key.text  # a huge number used as a key: keep the text
                if isinstance(key, str) and has_control(key) >= 0:
                    self.checked(key_node, path, key)
                    continue
                if isinstance(key, float):
                    key = key_node.value  # float keys are meaningless here: keep the text
                if key in out:
                    first_line = self.positions.key_at((*path, key))[1]
                    self.error(
                        "Y031",
                        key_node,
                        f"duplicate key '{key}'",
                        (*path, key),
                        hint=f"'{key}' is already set at line {first_line}",
                    )
                    continue
                self.positions.set_key((*path, key), self.pos(key_node))
                out[key] = self.walk(value_node, (*path, key), depth + 1)
            return out
        return None  # pragma: no cover - PyYAML has no other node kinds


def _syntax_diag(exc: yaml.YAMLError, file: str, text: str) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"YAML syntax error: {problem}"
    if context:
        cmark = getattr(exc, "context_mark", None)
        if cmark is not None and mark is not None and cmark.line != mark.line:
            context += f" that starts at line {cmark.line + 1}, column {cmark.column + 1}"
        message += f" ({context})"
    hint = None
    if "\t" in problem or "'\\t'" in problem:
        hint = "indent with spaces, not tabs"
    else:
        lines = text.splitlines()
        src_line = lines[line - 1] if 0 < line <= len(lines) else ""
        if src_line[: len(src_line) - len(src_line.lstrip())].count("\t"):
            hint = "indent with spaces, not tabs"
    if hint is None and isinstance(exc, ReaderError):
        line, col = _line_col(text, exc.position)
    runaway = _runaway_quote(text, line) if hint is None and mark is not None else None
    if runaway is not None:  # the error is where the run-on text ends: point at where it opens
        open_line, open_col = runaway
        message = (
            f"YAML syntax error: the quoted text that opens here is not closed on its line, so "
            f"YAML reads on to line {line}, column {col}, where it fails: {problem}"
        )
        return _diag(
            "Y010", file, open_line, open_col, message, hint=f"close the quote on line {open_line}"
        )
    return _diag("Y010", file, line, col, message, hint=hint)


def _runaway_quote(text: str, line: int) -> tuple[int, int] | None:
    """(line, column) where a quoted scalar opens that spans lines and ends on `line`, the line
    of a syntax error: most likely a closing quote left out, not a text meant to run on."""
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            start, end = token.start_mark, token.end_mark
            if start.line + 1 > line:
                break
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ('"', "'")
                and start.line != end.line
                and end.line + 1 == line
            ):
                return start.line + 1, start.column + 1
    except yaml.YAMLError:
        pass
    return None


def read_yaml(
    source: str | Path | bytes, filename: str | None = None, *, mapping: bool = True
) -> tuple[Any, Positions, list[Diagnostic]]:
    """Read YAML from a path or bytes: (value, positions, diagnostics). Never raises.

    The value is None when there are errors that prevent reading the document; otherwise it is
    the document (a mapping), possibly with some values left None next to their diagnostics.
    With `mapping=False` any top level (a list too) is accepted. A path is read with
    `game.files.read_bytes`: regular files only, never blocking, size capped before reading.
    """
    file = (
        filename
        if filename is not None
        else (str(source) if not isinstance(source, bytes) else "<bytes>")
    )
    positions = Positions(file)
    if isinstance(source, bytes):
        data = source
        if len(data) > MAX_BYTES:
            return None, positions, [_too_large(file, len(data))]
    else:
        try:
            data = read_bytes(source, max_bytes=MAX_BYTES)
        except FileTooLargeError as exc:
            return None, positions, [_too_large(file, exc.size)]
        except FileError as exc:
            return (
                None,
                positions,
                [_diag("Y000", file, 0, 0, f"cannot read the file: {exc.reason}")],
            )
    text, diags = _decode(data, file)
    if text is None:
        return None, positions, diags
    too_deep = _flow_depth_scan(text)
    if too_deep is not None:
        line, col = _line_col(text, too_deep)
        return (
            None,
            positions,
            [_diag("Y021", file, line, col, f"nesting is too deep (more than {MAX_DEPTH} levels)")],
        )
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except _LimitError as exc:
        return None, positions, [_limit_diag(exc, file)]
    except RecursionError:
        return (
            None,
            positions,
            [_diag("Y021", file, 0, 0, f"nesting is too deep (more than {MAX_DEPTH} levels)")],
        )
    except yaml.YAMLError as exc:
        return None, positions, [_syntax_diag(exc, file, text)]
    finally:
        loader.dispose()
    if root is None:
        return None, positions, [_diag("Y002", file, 0, 0, "the file has no YAML document")]
    walker = _Walker(file)
    try:
        value = walker.walk(root, (), 0)
    except _LimitError as exc:
        return None, positions, [*walker.diags, _limit_diag(exc, file)]
    except RecursionError:  # pragma: no cover - the depth limit comes first
        return (
            None,
            positions,
            [_diag("Y021", file, 0, 0, f"nesting is too deep (more than {MAX_DEPTH} levels)")],
        )
    if not isinstance(value, dict) and not mapping:
        return value, walker.positions, walker.diags
    if not isinstance(value, dict):
        if value is None and walker.diags:
            return None, walker.positions, walker.diags
        kind = "a list" if isinstance(value, list) else "a single value"
        _, line, col = walker.pos(root)
        return (
            None,
            walker.positions,
            [
                *walker.diags,
                _diag(
                    "Y005",
                    file,
                    line,
                    col,
                    f"the top level must be a mapping (key: value lines), not {kind}",
                ),
            ],
        )
    return value, walker.positions, walker.diags


def _too_large(file: str, size: int) -> Diagnostic:
    return _diag(
        "Y001",
        file,
        0,
        0,
        f"the file is too large ({size} bytes; the limit is {MAX_BYTES} bytes)",
    )


def _limit_diag(exc: _LimitError, file: str) -> Diagnostic:
    mark = exc.mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    return _diag(exc.code, file, line, col, exc.message)
