"""Scenario expressions: a whitelisted subset of Python's expression syntax, parsed to `expr` trees.

The text goes through `ast.parse(text, mode="eval")` only to get a syntax tree; nothing is ever
evaluated. Each AST node is checked against a whitelist and converted to a `game.engine.expr` node,
with names resolved through the scenario's `SymbolTable` and types inferred, so that problems are
reported once, at load time, with a position and a hint:

- literals: numbers, strings, `true`/`false`; tuples/lists of literals only after `in`/`not in`;
- names: meters, flags, issue ids (the option of the package in scope), built-ins (`turn`,
  `turns_left`, `date`, `on_table`, `deal`, `deadline`), `<territory>.status`, and where a side is
  known `self.<ref>`/`other.<ref>`;
- `and`/`or`/`not`, unary `-`/`+`, `+ - * /`, comparisons (chained), `in`/`not in`;
- calls: `min`, `max`, `abs`, `clamp` and, in endings only, `utility("<side>")`.

String literals compared with an issue, a territory status or `date` are resolved here: option and
status ids become indices, dates are validated. `parse_expr` never raises, whatever the input.

Codes (all errors): E001 syntax, E002 unknown name, E003 forbidden construct, E004 call of an
unknown function (or wrong arity), E005 attribute access, E006 subscript, E007 dunder name, E008
type error, E009 unknown option or status, E010 bad date literal, E011 `self`/`other` misuse or
unknown ref, E012 `utility()` misuse, E013 expression too large, E014 number out of range.
"""

from __future__ import annotations

import ast
import datetime
import difflib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from game.engine.expr import (
    Binary,
    BoolOp,
    Builtin,
    Call,
    Compare,
    Const,
    FlagRef,
    Member,
    MeterRef,
    Node,
    OptionRef,
    SideRef,
    StatusRef,
    Unary,
    UtilityOf,
    Value,
)
from game.scenario.diagnostics import Diagnostic
from game.scenario.symbols import BUILTINS, FUNCTIONS, SymbolTable

MAX_LENGTH = 2000
MAX_NODES = 500
MAX_NUMBER = 1e12

# Types: "num", "bool", "date", "status", "str" (an unresolved string literal), "opt<k>" (an option
# of issue k) and "?" (unknown after an error: no further type errors are reported about it).
Type = str

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CMP_OPS: dict[type[ast.cmpop], str] = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
}
_ARITH_OPS: dict[type[ast.operator], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
}
_FORBIDDEN: dict[type[ast.AST], str] = {
    ast.Lambda: "lambdas",
    ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.GeneratorExp: "generator expressions",
    ast.JoinedStr: "f-strings",
    ast.FormattedValue: "f-strings",
    ast.NamedExpr: "assignment expressions (:=)",
    ast.Starred: "starred expressions",
    ast.Dict: "dicts",
    ast.Set: "sets",
    ast.IfExp: "conditional expressions (a if b else c)",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
    ast.Slice: "slices",
}
_ARITY = {"abs": (1, 1), "clamp": (3, 3), "min": (2, 64), "max": (2, 64), "utility": (1, 1)}


@dataclass(frozen=True)
class ExprContext:
    """What an expression may use where it is written."""

    sides: bool = False
    """`self.<ref>`/`other.<ref>` allowed (moves, ratification backlash, a side's own values)."""
    utility: bool = False
    """`utility("<side>")` allowed (endings)."""


@dataclass(frozen=True)
class Where:
    """Where the expression's YAML scalar is, to place diagnostics."""

    file: str = "<expr>"
    line: int = 1
    col: int = 1
    path: str = ""
    shift: int | None = 0
    """Columns between the scalar's position and its text (1 for a quoted scalar), or None when
    offsets inside the text do not map to columns (multi-line or block scalars)."""


@dataclass(frozen=True)
class ParseResult:
    """A parsed expression: the tree (None if there were errors), its type and the problems."""

    node: Node | None
    type: Type | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        """True when the expression parsed without errors."""
        return self.node is not None


def suggest(word: str, candidates: Iterable[str]) -> str | None:
    """A "did you mean" hint for `word` among `candidates`, or None."""
    matches = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else None


def type_name(t: Type | None) -> str:
    """A type as words for messages."""
    if t is None or t == "?":
        return "a value"
    if t.startswith("opt"):
        return "an option"
    return {
        "num": "a number",
        "bool": "a condition (true or false)",
        "date": "a date",
        "status": "a territory status",
        "str": "a string",
    }.get(t, t)


def is_iso_date(text: str) -> bool:
    """True for a valid calendar date written YYYY-MM-DD."""
    if not _DATE_RE.match(text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


class _FailError(Exception):
    """Raised inside the converter to abandon a subtree after reporting it."""


class _Parser:
    def __init__(
        self, text: str, lead: int, symbols: SymbolTable, ctx: ExprContext, where: Where
    ) -> None:
        self.text = text
        self.encoded = text.encode("utf-8", errors="surrogatepass")
        self.lead = lead
        self.symbols = symbols
        self.ctx = ctx
        self.where = where
        self.diags: list[Diagnostic] = []

    # --- reporting -------------------------------------------------------------------------

    def col_of(self, node: ast.AST | None) -> int:
        if self.where.shift is None or node is None:
            return self.where.col
        off = getattr(node, "col_offset", 0)
        if getattr(node, "lineno", 1) != 1:
            return self.where.col
        chars = len(self.encoded[:off].decode("utf-8", errors="ignore"))
        return self.where.col + self.where.shift + self.lead + chars

    def error(self, code: str, message: str, node: ast.AST | None, hint: str | None = None) -> None:
        w = self.where
        self.diags.append(
            Diagnostic(code, "error", w.file, w.line, self.col_of(node), w.path, message, hint)
        )

    def fail(
        self, code: str, message: str, node: ast.AST | None, hint: str | None = None
    ) -> _FailError:
        self.error(code, message, node, hint)
        return _FailError()

    # --- conversion ------------------------------------------------------------------------

    def convert(self, n: ast.expr) -> tuple[Node, Type]:
        if isinstance(n, ast.Constant):
            return self.constant(n)
        if isinstance(n, ast.Name):
            return self.name(n)
        if isinstance(n, ast.Attribute):
            return self.attribute(n)
        if isinstance(n, ast.BoolOp):
            return self.boolop(n)
        if isinstance(n, ast.UnaryOp):
            return self.unary(n)
        if isinstance(n, ast.BinOp):
            return self.binop(n)
        if isinstance(n, ast.Compare):
            return self.compare(n)
        if isinstance(n, ast.Call):
            return self.call(n)
        if isinstance(n, ast.Subscript):
            raise self.fail("E006", "subscripts (`a[...]`) are not allowed", n)
        if isinstance(n, ast.Tuple | ast.List):
            raise self.fail(
                "E003",
                "lists and tuples are only allowed after `in`/`not in`",
                n,
                "write `x in (a, b)`",
            )
        what = _FORBIDDEN.get(type(n), type(n).__name__)
        raise self.fail("E003", f"{what} are not allowed in scenario expressions", n)

    def constant(self, n: ast.Constant) -> tuple[Node, Type]:
        v = n.value
        if isinstance(v, bool):
            return Const(v), "bool"
        if isinstance(v, int | float):
            if not math.isfinite(v) or abs(v) > MAX_NUMBER:
                raise self.fail("E014", f"number out of range (at most {MAX_NUMBER:g})", n)
            return Const(v), "num"
        if isinstance(v, str):
            return Const(v), "str"
        raise self.fail("E003", f"literal {type(v).__name__} values are not allowed", n)

    def name(self, n: ast.Name) -> tuple[Node, Type]:
        name = n.id
        s = self.symbols
        if name.startswith("__"):
            raise self.fail("E007", f"dunder names like '{name}' are not allowed", n)
        if name in ("true", "false"):
            return Const(name == "true"), "bool"
        if name in BUILTINS:
            return Builtin(name), BUILTINS[name]
        if name in s.meters:
            return MeterRef(s.meters[name]), "num"
        if name in s.flags:
            return FlagRef(s.flags[name]), "bool"
        if name in s.issues:
            k = s.issues[name]
            return OptionRef(k), f"opt{k}"
        if name in ("self", "other"):
            raise self.fail("E011", f"`{name}` needs a ref: `{name}.<ref>`", n)
        if name in s.territories:
            raise self.fail(
                "E002",
                f"'{name}' is a territory, not a value",
                n,
                f"did you mean '{name}.status'?",
            )
        if name in s.sides:
            raise self.fail("E002", f"'{name}' is a side, not a value", n)
        if name in FUNCTIONS:
            raise self.fail("E002", f"'{name}' is a function: call it", n)
        raise self.fail("E002", f"unknown name '{name}'", n, suggest(name, s.names()))

    def attribute(self, n: ast.Attribute) -> tuple[Node, Type]:
        s = self.symbols
        base = n.value
        if isinstance(base, ast.Name) and not n.attr.startswith("__"):
            if base.id in ("self", "other"):
                if not self.ctx.sides:
                    raise self.fail(
                        "E011",
                        f"`{base.id}.{n.attr}` is only allowed where a side is known",
                        n,
                        "use a meter id, or move this into a move or a side's values",
                    )
                refs = s.all_refs
                if n.attr not in refs:
                    hint = suggest(n.attr, refs) or (
                        f"known refs: {', '.join(sorted(refs))}" if refs else "sides define no refs"
                    )
                    raise self.fail("E011", f"unknown ref '{n.attr}'", n, hint)
                return SideRef(base.id, n.attr), "num"
            if base.id in s.territories:
                if n.attr != "status":
                    raise self.fail(
                        "E005",
                        f"a territory has only `.status`, not `.{n.attr}`",
                        n,
                        f"did you mean '{base.id}.status'?",
                    )
                return StatusRef(s.territories[base.id]), "status"
            if n.attr == "status":
                raise self.fail(
                    "E002",
                    f"unknown territory '{base.id}'",
                    base,
                    suggest(base.id, list(s.territories)),
                )
        raise self.fail(
            "E005",
            "attribute access is only allowed as `<territory>.status`, `self.<ref>` or "
            "`other.<ref>`",
            n,
        )

    def boolop(self, n: ast.BoolOp) -> tuple[Node, Type]:
        op = "and" if isinstance(n.op, ast.And) else "or"
        parts = self.convert_all(n.values)
        for (_, t), sub in zip(parts, n.values, strict=True):
            if t not in ("bool", "?"):
                self.error(
                    "E008",
                    f"`{op}` needs conditions, got {type_name(t)}",
                    sub,
                    "compare it, e.g. `x > 0`",
                )
        return BoolOp(op, tuple(p for p, _ in parts)), "bool"

    def unary(self, n: ast.UnaryOp) -> tuple[Node, Type]:
        node, t = self.convert(n.operand)
        if isinstance(n.op, ast.Not):
            if t not in ("bool", "?"):
                self.error("E008", f"`not` needs a condition, got {type_name(t)}", n.operand)
            return Unary("not", node), "bool"
        if isinstance(n.op, ast.USub | ast.UAdd):
            if t not in ("num", "?"):
                self.error("E008", f"unary minus/plus needs a number, got {type_name(t)}", n)
            if isinstance(n.op, ast.UAdd):
                return node, "num"
            if (
                isinstance(node, Const)
                and isinstance(node.value, int | float)
                and not isinstance(node.value, bool)
            ):
                return Const(-node.value), "num"
            return Unary("-", node), "num"
        raise self.fail("E003", "the `~` operator is not allowed", n)

    def binop(self, n: ast.BinOp) -> tuple[Node, Type]:
        op = _ARITH_OPS.get(type(n.op))
        if op is None:
            raise self.fail(
                "E003", "only the operators + - * / are allowed", n, "`//`, `%`, `**` are not"
            )
        (left, lt), (right, rt) = self.convert_all([n.left, n.right])
        for t, sub in ((lt, n.left), (rt, n.right)):
            if t not in ("num", "?"):
                self.error("E008", f"`{op}` needs numbers, got {type_name(t)}", sub)
        return Binary(op, left, right), "num"

    def convert_all(self, items: list[ast.expr]) -> list[tuple[Node, Type]]:
        """Convert every item, reporting all their problems; fail if any failed."""
        out: list[tuple[Node, Type]] = []
        failed = False
        for item in items:
            try:
                out.append(self.convert(item))
            except _FailError:
                failed = True
        if failed:
            raise _FailError()
        return out

    # --- comparisons -----------------------------------------------------------------------

    def resolve_literal(self, raw: str, t: Type, n: ast.AST) -> Const:
        """A string literal compared with a value of type `t`: an option/status index or date."""
        s = self.symbols
        if t.startswith("opt"):
            k = int(t[3:])
            options = s.options[k]
            if raw not in options:
                issue = next((i for i, j in s.issues.items() if j == k), "?")
                hint = suggest(raw, list(options)) or f"options: {', '.join(options)}"
                raise self.fail("E009", f"issue '{issue}' has no option '{raw}'", n, hint)
            return Const(options[raw])
        if t == "status":
            if raw not in s.statuses:
                hint = suggest(raw, list(s.statuses)) or f"statuses: {', '.join(s.statuses)}"
                raise self.fail("E009", f"unknown territory status '{raw}'", n, hint)
            return Const(s.statuses[raw])
        if t == "date":
            if not is_iso_date(raw):
                raise self.fail(
                    "E010",
                    f"'{raw}' is not a date",
                    n,
                    "write dates as YYYY-MM-DD, e.g. 2018-11-14",
                )
            return Const(raw)
        raise self.fail("E008", f"cannot compare {type_name(t)} with the string '{raw}'", n)

    def compare(self, n: ast.Compare) -> tuple[Node, Type]:
        if any(isinstance(op, ast.In | ast.NotIn) for op in n.ops):
            return self.member(n)
        ops: list[str] = []
        for op in n.ops:
            name = _CMP_OPS.get(type(op))
            if name is None:
                raise self.fail("E003", "`is`/`is not` are not allowed; use == and !=", n)
            ops.append(name)
        subs = [n.left, *n.comparators]
        parts = self.convert_all(subs)
        nodes = [p for p, _ in parts]
        types = [t for _, t in parts]
        # String literals take the type of a neighbour that is not a literal.
        failed = False
        for i, t in enumerate(types):
            if t != "str":
                continue
            near = [types[j] for j in (i - 1, i + 1) if 0 <= j < len(types) and types[j] != "str"]
            if not near:
                self.error("E008", "comparing two literals", subs[i], "compare a name with it")
                failed = True
                continue
            if "?" in near:
                types[i] = "?"
                continue
            if len(set(near)) > 1:
                self.error(
                    "E008", "this string is compared with values of different kinds", subs[i]
                )
                failed = True
                continue
            raw = nodes[i]
            assert isinstance(raw, Const) and isinstance(raw.value, str)
            try:
                nodes[i] = self.resolve_literal(raw.value, near[0], subs[i])
                types[i] = near[0]
            except _FailError:
                failed = True
        if failed:
            raise _FailError()
        for i, cmp in enumerate(ops):
            a, b = types[i], types[i + 1]
            if "?" in (a, b):
                continue
            if cmp in ("<", "<=", ">", ">="):
                if not (a == b and a in ("num", "date")):
                    self.error(
                        "E008",
                        f"`{cmp}` compares numbers or dates, not {type_name(a)} and {type_name(b)}",
                        subs[i],
                    )
            elif a != b:
                self.error("E008", f"`{cmp}` compares {type_name(a)} with {type_name(b)}", subs[i])
        return Compare(tuple(ops), tuple(nodes)), "bool"

    def member(self, n: ast.Compare) -> tuple[Node, Type]:
        if len(n.ops) != 1:
            raise self.fail("E003", "`in`/`not in` cannot be chained", n)
        negate = isinstance(n.ops[0], ast.NotIn)
        right = n.comparators[0]
        if not isinstance(right, ast.Tuple | ast.List):
            raise self.fail(
                "E003", "`in` needs a literal list: `x in (a, b)`", right, "write `x in (a, b)`"
            )
        literals: list[tuple[Value, ast.AST]] = []
        for elt in right.elts:
            value = _literal(elt)
            if value is None:
                raise self.fail("E003", "the list after `in` may only hold literals", elt)
            literals.append((value, elt))
        node, t = self.convert(n.left)
        values: list[Value] = []
        failed = False
        for value, item in literals:
            try:
                if isinstance(value, str):
                    if t == "?":
                        continue
                    resolved = self.resolve_literal(value, t, item).value
                    values.append(resolved)
                    continue
                kind = "bool" if isinstance(value, bool) else "num"
                if t not in (kind, "?"):
                    self.error(
                        "E008", f"{type_name(t)} is never {type_name(kind)} like {value!r}", item
                    )
                    failed = True
                values.append(value)
            except _FailError:
                failed = True
        if failed:
            raise _FailError()
        return Member(node, tuple(values), negate), "bool"

    # --- calls -----------------------------------------------------------------------------

    def call(self, n: ast.Call) -> tuple[Node, Type]:
        fn = n.func.id if isinstance(n.func, ast.Name) else None
        if fn not in _ARITY:
            raise self.fail("E004", "only min, max, abs, clamp and utility can be called", n)
        assert fn is not None
        if n.keywords:
            raise self.fail("E003", f"keyword arguments are not allowed in {fn}()", n)
        if any(isinstance(a, ast.Starred) for a in n.args):
            raise self.fail("E003", "starred arguments are not allowed", n)
        lo, hi = _ARITY[fn]
        if not lo <= len(n.args) <= hi:
            want = {"abs": "1 argument", "clamp": "3 arguments (x, lo, hi)", "utility": "1 side"}
            raise self.fail("E004", f"{fn}() takes {want.get(fn, 'at least 2 arguments')}", n)
        if fn == "utility":
            return self.utility(n)
        parts = self.convert_all(list(n.args))
        for (_, t), sub in zip(parts, n.args, strict=True):
            if t not in ("num", "?"):
                self.error("E008", f"{fn}() needs numbers, got {type_name(t)}", sub)
        return Call(fn, tuple(p for p, _ in parts)), "num"

    def utility(self, n: ast.Call) -> tuple[Node, Type]:
        if not self.ctx.utility:
            raise self.fail("E012", "utility() is only allowed in endings (when and score)", n)
        arg = n.args[0]
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            raise self.fail("E012", 'utility() takes a side id in quotes: utility("japan")', arg)
        side = arg.value
        if side not in self.symbols.sides:
            raise self.fail(
                "E012", f"unknown side '{side}'", arg, suggest(side, list(self.symbols.sides))
            )
        return UtilityOf(self.symbols.sides[side]), "num"


def _literal(elt: ast.expr) -> Value | None:
    """The value of a literal list element (allowing a negated number), else None."""
    if isinstance(elt, ast.Name) and elt.id in ("true", "false"):
        return elt.id == "true"
    if isinstance(elt, ast.UnaryOp) and isinstance(elt.op, ast.USub):
        inner = _literal(elt.operand)
        if isinstance(inner, int | float) and not isinstance(inner, bool):
            return -inner
        return None
    if isinstance(elt, ast.Constant) and isinstance(elt.value, bool | int | float | str):
        value = elt.value
        if isinstance(value, float) and not math.isfinite(value):
            return None
        return value
    return None


_SYNTAX_HINT = (
    "expressions use names of meters, flags and issues, numbers, 'text', comparisons "
    "(== != < <= > >=), and/or/not, + - * / and min/max/abs/clamp"
)


def _diag(code: str, message: str, where: Where, hint: str | None = None) -> Diagnostic:
    return Diagnostic(code, "error", where.file, where.line, where.col, where.path, message, hint)


_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


def _non_ascii_outside_strings(text: str) -> int:
    """Index of the first non-ASCII character outside quoted strings, or -1."""
    if text.isascii():
        return -1
    masked = _QUOTED.sub(lambda m: "'" + "x" * (len(m.group()) - 2) + "'", text)
    return next((i for i, ch in enumerate(masked) if not ch.isascii()), -1)


def parse_expr(
    text: str,
    symbols: SymbolTable,
    ctx: ExprContext | None = None,
    where: Where | None = None,
    expect: Type | None = None,
) -> ParseResult:
    """Parse one expression string; never raises.

    Args:
        text: the expression as written.
        symbols: the scenario's names.
        ctx: what the expression may use where it is written.
        where: the position of the YAML scalar, for diagnostics.
        expect: "num" or "bool" to check the expression's type (E008 otherwise).
    """
    ctx = ctx or ExprContext()
    where = where or Where()
    try:
        return _parse(text, symbols, ctx, where, expect)
    except Exception as exc:  # a last line of defence: hostile input must not crash the loader
        return ParseResult(
            None,
            None,
            (_diag("E001", f"cannot parse the expression ({type(exc).__name__})", where),),
        )


def _parse(
    text: str, symbols: SymbolTable, ctx: ExprContext, where: Where, expect: Type | None
) -> ParseResult:
    if not isinstance(text, str):
        return ParseResult(None, None, (_diag("E001", "an expression must be a string", where),))
    if len(text) > MAX_LENGTH:
        msg = f"expression too long ({len(text)} characters, at most {MAX_LENGTH})"
        return ParseResult(None, None, (_diag("E013", msg, where),))
    if "\n" in text or "\r" in text:
        # Multi-line scalars: parse as one line (same length), positions become approximate.
        text = text.replace("\r", " ").replace("\n", " ")
        where = Where(where.file, where.line, where.col, where.path, None)
    body = text.lstrip(" \t\f")
    lead = len(text) - len(body)
    if not body.strip():
        return ParseResult(None, None, (_diag("E001", "empty expression", where),))
    bad = _non_ascii_outside_strings(body)
    if bad >= 0:
        # Python folds fullwidth and other compatibility letters into ASCII names (NFKC):
        # `ｇｏｏｄｗｉｌｌ` would silently read as `goodwill`. Outside strings: ASCII only.
        col = where.col + where.shift + lead + bad if where.shift is not None else where.col
        d = Diagnostic(
            "E001",
            "error",
            where.file,
            where.line,
            col,
            where.path,
            f"non-ASCII character {body[bad]!r} (U+{ord(body[bad]):04X}) in an expression",
            "names, numbers and operators are ASCII; retype it",
        )
        return ParseResult(None, None, (d,))
    try:
        tree = ast.parse(body, mode="eval")
    except SyntaxError as exc:
        col = where.col
        at_end = not exc.offset  # Python reports offset 0 when the text ends too early
        offset = len(text.rstrip()) - lead if at_end else (exc.offset or 1) - 1
        if where.shift is not None and exc.lineno in (None, 1):
            col = where.col + where.shift + lead + max(offset, 0)
        msg = exc.msg or "invalid syntax"
        hint = None
        if "null bytes" in msg:
            msg = "the expression contains a NUL character"
        elif msg == "invalid syntax":
            msg = (
                "the expression ends too early: something is missing at the end"
                if at_end
                else "unexpected word or symbol here"
            )
            hint = _SYNTAX_HINT
        d = Diagnostic(
            "E001", "error", where.file, where.line, col, where.path, f"syntax: {msg}", hint
        )
        return ParseResult(None, None, (d,))
    except (RecursionError, MemoryError, ValueError, OverflowError) as exc:
        msg = f"cannot parse the expression ({type(exc).__name__}: too deeply nested?)"
        return ParseResult(None, None, (_diag("E001", msg, where),))
    for count, _ in enumerate(ast.walk(tree), start=1):
        if count > MAX_NODES:
            msg = f"expression too complex (more than {MAX_NODES} syntax nodes)"
            return ParseResult(None, None, (_diag("E013", msg, where, "split it up"),))
    parser = _Parser(body, lead, symbols, ctx, where)
    node: Node | None
    t: Type | None
    try:
        node, t = parser.convert(tree.body)
    except _FailError:
        node, t = None, None
    except RecursionError:
        parser.diags.append(_diag("E013", "expression too deeply nested", where))
        node, t = None, None
    if node is not None and t is not None and expect is not None and t not in (expect, "?"):
        hint = "compare it, e.g. `x > 0`" if expect == "bool" else None
        parser.error("E008", f"expected {type_name(expect)}, got {type_name(t)}", tree.body, hint)
    if parser.diags:
        return ParseResult(None, t, tuple(parser.diags))
    return ParseResult(node, t, ())


def parse_value(
    value: int | float | str | bool,
    symbols: SymbolTable,
    ctx: ExprContext | None = None,
    where: Where | None = None,
    expect: Type = "num",
) -> ParseResult:
    """A NumOrExpr field: a YAML number becomes a Const, a string is parsed as an expression."""
    if isinstance(value, bool):
        if expect == "bool":
            return ParseResult(Const(value), "bool", ())
        w = where or Where()
        return ParseResult(None, "bool", (_diag("E008", f"expected {type_name(expect)}", w),))
    if isinstance(value, int | float):
        if not math.isfinite(value) or abs(value) > MAX_NUMBER:
            w = where or Where()
            return ParseResult(None, "num", (_diag("E014", "number out of range", w),))
        if expect == "bool":
            w = where or Where()
            msg = f"expected {type_name(expect)}, got a number"
            return ParseResult(None, "num", (_diag("E008", msg, w),))
        return ParseResult(Const(value), "num", ())
    return parse_expr(value, symbols, ctx, where, expect)
