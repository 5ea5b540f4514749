"""Code generation: a checked rule as one Python function, for speed."""
from __future__ import annotations

import ast
import re

from .checker import Checker, dotted
from .functions import NUMBER_FUNCS, namespace
from .facttypes import Fn, is_list


class CodeGen:
    """Turn a checked rule into one Python function, for speed.

    The source is generated from the checked syntax tree only: fact names become
    dictionary look-ups with literal keys, constants are written with repr(), and every
    operator is wrapped in an UNKNOWN check. Nothing of the rule's text is executed as
    it was written; nodes over lists call the closures the checker already built.
    """

    def __init__(self, compiler: Checker, hoisted: bool = False):
        self.compiler = compiler
        self.closures: list[Fn] = []
        self.count = 0
        self.hoisted = hoisted       # facts read from locals a rule set's function reads first
        self.reads: set[str] = set()  # the fact paths read (as locals, when hoisted)

    def function(self, node: ast.AST, fallback: Fn) -> Fn:
        source = f"def _rule(ctx):\n    return {self.src(node)}\n"
        scope = namespace(self.closures)
        try:
            exec(compile(source, "<rule>", "exec"), scope)  # generated code, see the class docstring
        except (SyntaxError, RecursionError, MemoryError, ValueError):
            return fallback  # too deep for Python's compiler: the closures are as correct, only slower
        return scope["_rule"]  # type: ignore[no-any-return]

    def var(self) -> str:
        self.count += 1
        return f"_v{self.count}"

    def closure(self, node: ast.AST) -> str:
        self.closures.append(self.compiler.compiled[id(node)][1])
        return f"_c[{len(self.closures) - 1}](ctx)"

    def src(self, node: ast.AST) -> str:
        typ = self.compiler.compiled[id(node)][0]
        if is_list(typ):
            return self.closure(node)
        method = getattr(self, "_" + type(node).__name__, None)
        out = method(node) if method else None
        return out if out is not None else self.closure(node)

    def _Constant(self, node: ast.Constant) -> str:
        return repr(node.value)

    def _Name(self, node: ast.Name) -> str | None:
        if node.id in ("true", "false"):
            return "True" if node.id == "true" else "False"
        return self._path(node.id)

    def _Attribute(self, node: ast.Attribute) -> str | None:
        path = dotted(node)
        return self._path(path) if path else None

    def _path(self, path: str) -> str | None:
        keys = path.split(".")
        env = self.compiler.env
        if any(is_list(env[".".join(keys[:i])].type) for i in range(1, len(keys)) if ".".join(keys[:i]) in env):
            return None  # through a list: the closure maps over the items
        self.reads.add(path)
        if self.hoisted:
            return fact_local(path)
        if len(keys) == 1:
            return f"ctx.get({path!r}, _U)"  # prepare() left out the facts written ~ at the top
        # through nested mappings: anything but a mapping on the way, a missing key or a ~ is UNKNOWN
        v = self.var()
        steps = [f"({v} := ctx.get({keys[0]!r})).__class__ is not _D"]
        steps += [f"({v} := {v}.get({k!r})).__class__ is not _D" for k in keys[1:-1]]
        steps.append(f"({v} := {v}.get({keys[-1]!r})) is None")
        return f"(_U if {' or '.join(steps)} else {v})"

    def expression(self, node: ast.AST) -> str | None:
        """The rule as one expression over hoisted fact locals (see :func:`fact_local`), for a rule
        set's function; None when a part of it needs the checker's closures."""
        text = self.src(node)
        return None if self.closures else text

    def _guard(self, parts: list[str], body: str, names: list[str]) -> str:
        """``body`` over ``names``, each the value of its part, or UNKNOWN when a part is. A
        constant is never UNKNOWN and a local is read as it is: neither is given a name."""
        checks, written = [], {}
        for name, part in zip(names, parts):
            if _is_literal(part):
                written[name] = part
            elif part.isidentifier():
                checks.append(f"{part} is _U")
                written[name] = part
            else:
                checks.append(f"({name} := {part}) is _U")
        body = _NAME.sub(lambda m: written.get(m.group(), m.group()), body)  # one pass: a constant's text is not read again
        return f"(_U if {' or '.join(checks)} else {body})" if checks else f"({body})"

    def _BoolOp(self, node: ast.BoolOp) -> str:
        decisive = "False" if isinstance(node.op, ast.And) else "True"
        other = "True" if decisive == "False" else "False"
        names = [self.var() for _ in node.values]
        parts = [self.src(v) for v in node.values]
        names = [part if part.isidentifier() else name for name, part in zip(names, parts)]  # a local: read as it is
        tail = f"(_U if {' or '.join(f'{n} is _U' for n in names)} else {other})"
        for name, part in reversed(list(zip(names, parts))):
            value = name if name == part else f"({name} := {part})"
            tail = f"({decisive} if {value} is {decisive} else {tail})"
        return tail

    def _UnaryOp(self, node: ast.UnaryOp) -> str | None:
        a = self.var()
        inner = self.src(node.operand)
        if isinstance(node.op, ast.Not):
            return self._guard([inner], f"not {a}", [a])
        return self._guard([inner], f"-{a}" if isinstance(node.op, ast.USub) else a, [a])

    def _BinOp(self, node: ast.BinOp) -> str | None:
        a, b = self.var(), self.var()
        ops = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*"}
        parts = [self.src(node.left), self.src(node.right)]
        if isinstance(node.op, ast.Div):
            return self._guard(parts, f"_div({a}, {b})", [a, b])
        return self._guard(parts, f"{a} {ops[type(node.op)]} {b}", [a, b])

    def _Compare(self, node: ast.Compare) -> str | None:
        if len(node.ops) != 1:
            return None
        op, right = node.ops[0], node.comparators[0]
        symbols = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
        a, b = self.var(), self.var()
        if type(op) in symbols:
            return self._guard([self.src(node.left), self.src(right)], f"{a} {symbols[type(op)]} {b}", [a, b])
        if isinstance(right, (ast.List, ast.Tuple)):
            values = repr(tuple(e.value for e in right.elts if isinstance(e, ast.Constant)))
            return f"_in({self.src(node.left)}, {values}, {isinstance(op, ast.NotIn)})"
        return None

    def _Call(self, node: ast.Call) -> str | None:
        name = node.func.id if isinstance(node.func, ast.Name) else ""
        if name == "known" and self._path(dotted(node.args[0]) or "") is not None:
            return f"(not _K({self.src(node.args[0])}))"
        if name in NUMBER_FUNCS:
            a = self.var()
            return self._guard([self.src(node.args[0])], f"_{name}({a})", [a])
        if name in ("min", "max") and len(node.args) == 2:
            a, b = self.var(), self.var()
            return self._guard([self.src(node.args[0]), self.src(node.args[1])], f"_{name}({a}, {b})", [a, b])
        return None


_NAME = re.compile(r"\b_v\d+\b")  # a generated name (_v12, not part of _v123); bodies hold no text constant


def _is_literal(part: str) -> bool:
    """Whether generated source ``part`` is a constant (what :meth:`CodeGen._Constant` and the
    names true and false write): a number, a text, True or False."""
    try:
        value = ast.literal_eval(part)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False
    return isinstance(value, (int, float, str))  # bool is an int


def fact_local(path: str) -> str:
    """The local a rule set's function keeps a fact in: ``a.b`` is ``_f_a__b`` (a fact's path
    never holds ``__``, the checker refuses it)."""
    return "_f_" + path.replace(".", "__")


def read_facts(paths: list[str]) -> list[str]:
    """Statements that read each fact path once into its local, as the generated rules read it:
    anything but a mapping on the way, a missing key or a ``~`` is UNKNOWN."""
    lines, parents = [], set()
    for path in paths:
        keys = path.split(".")
        if len(keys) == 1:
            lines.append(f"{fact_local(path)} = ctx.get({path!r}, _U)")
            continue
        for i in range(1, len(keys)):
            parent = "_t_" + "__".join(keys[:i])
            if parent not in parents:
                parents.add(parent)
                above = "ctx" if i == 1 else "_t_" + "__".join(keys[:i - 1])
                lines.append(f"{parent} = {above}.get({keys[i - 1]!r})")
                lines.append(f"if {parent}.__class__ is not _D: {parent} = _E")
        local = fact_local(path)
        lines.append(f"{local} = _t_{'__'.join(keys[:-1])}.get({keys[-1]!r})")
        lines.append(f"if {local} is None: {local} = _U")
    return lines
