"""«Aplica si»: which entities a question applies to, as a rule over the entity's profile.

The syntax (documented in docs/guia-cuestionarios.md) is small on purpose and read by a hand-written
parser, never evaluated as code:

    regla      := término { "o" término }
    término    := condición { "y" condición }
    condición  := atributo ("=" | "!=") valor
                | atributo ["no"] "en" "(" valor { "," valor } ")"
    atributo   := orden | naturaleza | grupo | meci
                  (also «naturaleza jurídica», «grupo par», «solo meci»)

«y» binds tighter than «o». Values are compared without regard to case or accents. A value that contains
«y», «o», «=», a comma or a parenthesis is written in quotes ("…" or «…»); inside «en ( … )» only commas
and the closing parenthesis separate values. `orden` takes nacional or territorial, `meci` takes sí or no
(sí: the entity reports MECI only).
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext as _

ATTRIBUTES = {
    "orden": "orden",
    "naturaleza": "naturaleza",
    "naturaleza juridica": "naturaleza",
    "grupo": "grupo",
    "grupo par": "grupo",
    "meci": "meci",
    "solo meci": "meci",
}
ALLOWED = {"orden": {"nacional", "territorial"}, "meci": {"si", "no"}}
TOKEN = re.compile(r"\s*(«[^»]*»|\"[^\"]*\"|!=|≠|=|\(|\)|,|[^\s(),=!≠\"«»]+)")


class RuleError(ValueError):
    """A rule that cannot be read; the message is in Spanish, for the importer's report."""


def plain(text) -> str:
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", text).strip().lower()


@dataclass(frozen=True)
class Condition:
    attribute: str
    values: frozenset
    negated: bool

    def holds(self, entity) -> bool:
        return (entity_value(entity, self.attribute) in self.values) != self.negated


@dataclass(frozen=True)
class Rule:
    alternatives: tuple  # of tuples of Condition: (a y b) o (c)

    def applies(self, entity) -> bool:
        return any(all(c.holds(entity) for c in term) for term in self.alternatives)


def entity_value(entity, attribute: str) -> str:
    if attribute == "orden":
        return plain(entity.order)
    if attribute == "naturaleza":
        return plain(entity.legal_nature)
    if attribute == "grupo":
        return plain(entity.peer_group)
    return "si" if getattr(entity, "reports_meci_only", False) else "no"


def _tokens(text: str) -> list[str]:
    tokens, position = [], 0
    text = text.strip()
    while position < len(text):
        match = TOKEN.match(text, position)
        if not match or not match.group(1):
            raise RuleError(_("No se entiende «%(rest)s».") % {"rest": text[position:].strip()})
        tokens.append(match.group(1))
        position = match.end()
    return tokens


def _quoted(token: str) -> str | None:
    if len(token) >= 2 and (token[0], token[-1]) in {("«", "»"), ('"', '"')}:
        return token[1:-1].strip()
    return None


class _Parser:
    def __init__(self, text: str):
        self.tokens = _tokens(text)
        self.position = 0

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise RuleError(_("La regla termina antes de tiempo."))
        self.position += 1
        return token

    def is_word(self, word: str, offset: int = 0) -> bool:
        index = self.position + offset
        return index < len(self.tokens) and plain(self.tokens[index]) == word

    def rule(self) -> Rule:
        alternatives = [self.term()]
        while self.is_word("o"):
            self.take()
            alternatives.append(self.term())
        if self.peek() is not None:
            raise RuleError(_("Sobra «%(token)s» en la regla.") % {"token": self.peek()})
        return Rule(tuple(alternatives))

    def term(self) -> tuple:
        conditions = [self.condition()]
        while self.is_word("y"):
            self.take()
            conditions.append(self.condition())
        return tuple(conditions)

    def condition(self) -> Condition:
        words = []
        while self.peek() is not None and self.peek() not in {"=", "!=", "≠", "(", ")", ","}:
            if self.is_word("en") or (self.is_word("no") and self.is_word("en", 1)):
                break
            words.append(self.take())
        name = plain(" ".join(words))
        if not name:
            raise RuleError(_("Falta el atributo (orden, naturaleza, grupo o meci)."))
        attribute = ATTRIBUTES.get(name)
        if attribute is None:
            raise RuleError(
                _("Atributo «%(name)s» desconocido; use orden, naturaleza, grupo o meci.")
                % {"name": " ".join(words)}
            )
        token = self.take()
        if token in {"=", "!=", "≠"}:
            values = [self.value(stop_words=True)]
            negated = token != "="
        else:
            negated = plain(token) == "no"
            if negated:
                token = self.take()
            if plain(token) != "en" or self.take() != "(":
                raise RuleError(
                    _("Después de «%(name)s» escriba «=», «!=» o «en (…)».") % {"name": " ".join(words)}
                )
            values = [self.value(stop_words=False)]
            while self.peek() == ",":
                self.take()
                values.append(self.value(stop_words=False))
            if self.peek() != ")":
                raise RuleError(_("Falta el paréntesis de cierre «)»."))
            self.take()
        allowed = ALLOWED.get(attribute)
        for value in values:
            if allowed and value not in allowed:
                raise RuleError(
                    _("«%(name)s» solo toma %(allowed)s (se leyó «%(value)s»).")
                    % {"name": attribute, "allowed": " o ".join(sorted(allowed)), "value": value}
                )
        return Condition(attribute, frozenset(values), negated)

    def value(self, *, stop_words: bool) -> str:
        token = self.peek()
        if token is not None and _quoted(token) is not None:
            self.take()
            return plain(_quoted(token))
        words = []
        while self.peek() is not None and self.peek() not in {"=", "!=", "≠", "(", ")", ","}:
            if stop_words and (self.is_word("y") or self.is_word("o")):
                break
            words.append(self.take())
        if not words:
            raise RuleError(_("Falta un valor en la regla."))
        return plain(" ".join(words))


@lru_cache(maxsize=512)
def parse(text: str) -> Rule | None:
    """The rule of an «Aplica si» cell (None when blank); RuleError with a Spanish message otherwise."""
    if not (text or "").strip():
        return None
    return _Parser(text).rule()


def applies(text: str, entity) -> bool:
    rule = parse(text or "")
    return rule is None or rule.applies(entity)
