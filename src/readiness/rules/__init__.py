"""The rule language: a small, safe, three-valued expression language.

A rule is parsed with Python's own parser (``ast.parse(mode="eval")``), then every node is
checked against a whitelist and type-checked against the fact types of the playbook set
(``checker``), which builds closures that evaluate it; ``codegen`` then turns the checked
tree into one Python function for speed. Nothing is ever passed to ``eval``: a construct
that is not on the whitelist (attribute access on values, subscripts, lambdas,
comprehensions, f-strings, ``**``, calls of any name but the rule functions) is rejected
before anything runs.

Values are three-valued: a fact the profile does not give evaluates to ``UNKNOWN``, which
propagates through arithmetic and comparisons and follows Kleene logic in
``and``/``or``/``not``. See docs/rules.md.
"""
from __future__ import annotations

from .checker import RuleError
from .facttypes import BOOL, NUMBER, OBJECT, STRING, FactType, TypeEnv, elem, is_list, listof
from .functions import FUNCTIONS
from .rule import NUMBERS, Rule, compile_rule
from .ruleset import RuleSet, compile_ruleset
from .values import UNKNOWN, has_unknown, lookup, prepare

__all__ = ["BOOL", "FUNCTIONS", "NUMBER", "NUMBERS", "OBJECT", "STRING", "UNKNOWN", "FactType", "Rule", "RuleError", "RuleSet", "TypeEnv",
           "compile_rule", "compile_ruleset", "elem", "has_unknown", "is_list", "listof", "lookup", "prepare"]
