"""Message entities: what Telegram derives from HTML markup and from commands in text.

Offsets and lengths are in UTF-16 code units, as in the Bot API. Only ``parse_mode="HTML"`` is
understood; text sent with another parse mode is kept as sent, without entities.

The HTML parser follows the Bot API's "HTML style" rules as Telegram's own parser applies them:
only the supported tags (``b strong i em u ins s strike del tg-spoiler span a code pre
blockquote tg-emoji``), each closed in order; ``<span>`` only with ``class="tg-spoiler"``;
``<pre><code class="language-x">`` names the language; ``<blockquote expandable>``; only the
named entities ``&lt; &gt; &amp; &quot;`` and numeric ones (``&#60;``, ``&#x3C;``). A ``<`` that
does not open a supported tag is refused with Telegram's wording ("Unsupported start tag ...",
"Unclosed start tag ...", "Can't find end tag corresponding to start tag ..."), byte offsets
counted in UTF-8 as Telegram counts them.

One rule is deliberately stricter than Telegram: a ``&`` that does not start a supported
entity (a bare ``&``, or ``&nbsp;``) is refused, where Telegram shows it as typed. A bot that
forgot to escape user text would pass Telegram with "A & b" yet show "&lt;3" as "<3"; refusing
every unescaped ``&`` makes the emulator catch the forgotten escape either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.api_errors import ApiError, bad_request

Entity = dict[str, Any]

_COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,32})?")

# Telegram's HTML tags and the entity type each produces.
_TAG_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "code": "code",
    "pre": "pre",
    "a": "text_link",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_MAX_CODE_POINT = 0x10FFFF
_SURROGATES = range(0xD800, 0xE000)
_NAME_TOKEN = re.compile(r"[A-Za-z0-9.\-]*")
_NUMERIC = re.compile(r"&#(?:[xX]([0-9A-Fa-f]{1,8})|([0-9]{1,10}));?")
_NAMED = re.compile(r"&([A-Za-z]*);?")


def utf16_length(text: str) -> int:
    """Return the length of ``text`` in UTF-16 code units, as Telegram counts."""
    return len(text.encode("utf-16-le")) // 2


def command_entities(text: str) -> list[Entity]:
    """Return the ``bot_command`` entity for a text that starts with a command, as clients do."""
    match = _COMMAND.match(text)
    if match is None:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_length(match.group(0))}]


def _refused(detail: str) -> ApiError:
    return bad_request(f"can't parse entities: {detail}")


@dataclass
class _OpenTag:
    name: str
    entity: Entity
    inner: bool = False
    """A ``<code>`` inside ``<pre>``: it names the language and makes no entity of its own."""


@dataclass
class _HtmlParser:
    """One pass over the markup, in the order Telegram's parser reads it."""

    markup: str
    pos: int = 0
    text: list[str] = field(default_factory=list)
    utf16: int = 0
    entities: list[Entity] = field(default_factory=list)
    open: list[_OpenTag] = field(default_factory=list)

    def byte_offset(self, pos: int) -> int:
        return len(self.markup[:pos].encode())

    def char(self, pos: int) -> str:
        return self.markup[pos] if pos < len(self.markup) else ""

    def emit(self, chunk: str) -> None:
        self.text.append(chunk)
        self.utf16 += utf16_length(chunk)

    def run(self) -> tuple[str, list[Entity]]:
        markup = self.markup
        while self.pos < len(markup):
            char = markup[self.pos]
            if char == "&":
                self.emit(self.entity(self.pos))
            elif char == "<" and self.char(self.pos + 1) == "/":
                self.end_tag()
            elif char == "<":
                self.start_tag()
            else:
                stop = len(markup)
                for special in "&<":
                    found = markup.find(special, self.pos)
                    if found != -1:
                        stop = min(stop, found)
                self.emit(markup[self.pos : stop])
                self.pos = stop
        if self.open:
            raise _refused(
                f'Can\'t find end tag corresponding to start tag "{self.open[-1].name}"'
            )
        self.entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
        return "".join(self.text), self.entities

    def entity(self, start: int) -> str:
        """Decode the entity at ``start`` (a ``&``) and move past it."""
        numeric = _NUMERIC.match(self.markup, start)
        if numeric is not None:
            hex_digits, decimal = numeric.groups()
            code = int(hex_digits, 16) if hex_digits else int(decimal)
            if 0 < code < _MAX_CODE_POINT and code not in _SURROGATES:
                self.pos = numeric.end()
                return chr(code)
        named = _NAMED.match(self.markup, start)
        if named is not None and named.group(1) in _NAMED_ENTITIES:
            self.pos = named.end()
            return _NAMED_ENTITIES[named.group(1)]
        shown = named.group(0) if named is not None and named.group(1) else "&"
        raise _refused(
            f'Unsupported HTML entity "{shown}" at byte offset {self.byte_offset(start)}; '
            "write & as &amp;"
        )

    def start_tag(self) -> None:
        markup, begin = self.markup, self.pos
        pos = begin + 1
        while pos < len(markup) and not markup[pos].isspace() and markup[pos] != ">":
            pos += 1
        if pos >= len(markup):
            raise _refused(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
        name = markup[begin + 1 : pos].lower()
        if name not in _TAG_TYPES:
            raise _refused(
                f'Unsupported start tag "{name}" at byte offset {self.byte_offset(begin)}'
            )
        attributes: dict[str, str] = {}
        while True:
            while pos < len(markup) and markup[pos].isspace():
                pos += 1
            if pos >= len(markup):
                raise _refused(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
            if markup[pos] == ">":
                break
            attribute_start = pos
            while pos < len(markup) and not markup[pos].isspace() and markup[pos] not in "=>":
                pos += 1
            attribute = markup[attribute_start:pos].lower()
            while pos < len(markup) and markup[pos].isspace():
                pos += 1
            if self.char(pos) != "=":
                if name == "blockquote" and attribute == "expandable":
                    attributes[attribute] = ""
                    continue
                raise _refused(
                    "Expected equal sign in declaration of an attribute of the tag "
                    f'"{name}" at byte offset {self.byte_offset(begin)}'
                )
            pos += 1
            while pos < len(markup) and markup[pos].isspace():
                pos += 1
            attributes[attribute], pos = self.attribute_value(pos, begin)
        self.pos = pos + 1
        self.open_tag(name, attributes, begin)

    def attribute_value(self, pos: int, begin: int) -> tuple[str, int]:
        markup = self.markup
        quote = self.char(pos)
        if quote not in {'"', "'"}:
            token = _NAME_TOKEN.match(markup, pos)
            assert token is not None  # the pattern matches the empty string
            end = token.end()
            if end >= len(markup) or not (markup[end].isspace() or markup[end] == ">"):
                raise _refused(
                    f"Unexpected end of name token at byte offset {self.byte_offset(pos)}"
                )
            return token.group(0).lower(), end
        end = markup.find(quote, pos + 1)
        if end == -1:
            raise _refused(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
        saved, self.pos = self.pos, pos + 1
        value: list[str] = []
        while self.pos < end:
            if markup[self.pos] == "&":
                value.append(self.entity(self.pos))
            else:
                value.append(markup[self.pos])
                self.pos += 1
        self.pos = saved
        return "".join(value), end + 1

    def open_tag(self, name: str, attributes: dict[str, str], begin: int) -> None:
        entity: Entity = {"type": _TAG_TYPES[name], "offset": self.utf16}
        if name == "span" and attributes.get("class") != "tg-spoiler":
            raise _refused(
                f'Tag "span" must have class "tg-spoiler" at byte offset {self.byte_offset(begin)}'
            )
        if name == "a":
            entity["url"] = attributes.get("href", "")
        if name == "blockquote" and "expandable" in attributes:
            entity["type"] = "expandable_blockquote"
        if name == "tg-emoji":
            emoji_id = attributes.get("emoji-id", "")
            if not emoji_id.isdigit():
                raise _refused("Invalid custom emoji identifier specified")
            entity["custom_emoji_id"] = emoji_id
        if name == "code" and self.open and self.open[-1].name == "pre":
            language = attributes.get("class", "")
            if language.startswith("language-") and language != "language-":
                self.open[-1].entity["language"] = language.removeprefix("language-")
            self.open.append(_OpenTag(name, entity, inner=True))
            return
        self.open.append(_OpenTag(name, entity))

    def end_tag(self) -> None:
        markup, begin = self.markup, self.pos
        if not self.open:
            raise _refused(f"Unexpected end tag at byte offset {self.byte_offset(begin)}")
        pos = begin + 2
        while pos < len(markup) and not markup[pos].isspace() and markup[pos] != ">":
            pos += 1
        name = markup[begin + 2 : pos].lower()
        while pos < len(markup) and markup[pos].isspace():
            pos += 1
        if self.char(pos) != ">":
            raise _refused(f"Unclosed end tag at byte offset {self.byte_offset(begin)}")
        expected = self.open[-1].name
        if name and name != expected:
            raise _refused(
                f"Unmatched end tag at byte offset {self.byte_offset(begin)}, "
                f'expected "</{expected}>", found "</{name}>"'
            )
        closed = self.open.pop()
        self.pos = pos + 1
        if closed.inner:
            return
        closed.entity["length"] = self.utf16 - closed.entity["offset"]
        if closed.entity["length"] > 0:
            self.entities.append(closed.entity)


def parse_html(markup: str) -> tuple[str, list[Entity]]:
    """Return the plain text and the entities Telegram derives from HTML ``markup``.

    Raises:
        ApiError: 400 "can't parse entities: ..." for markup Telegram refuses.
    """
    return _HtmlParser(markup).run()


def render_text(
    text: str, parse_mode: str | None, entities: list[Entity] | None
) -> tuple[str, list[Entity]]:
    """Return the text and entities of a message sent with ``parse_mode`` or ``entities``."""
    if entities:
        return text, list(entities)
    if parse_mode is not None and parse_mode.lower() == "html":
        return parse_html(text)
    return text, []
