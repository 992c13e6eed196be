"""Bilingual text: every user-visible string in the core carries Chinese and English."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Text:
    """A string in Simplified Chinese and English; Chinese is the default language."""

    zh: str
    en: str

    def get(self, lang: str = "zh") -> str:
        """The text in `lang` ("zh", "zh_CN", "en", ...); falls back to the other language."""
        if lang.lower().startswith("en"):
            return self.en or self.zh
        return self.zh or self.en

    def both(self) -> str:
        """Chinese first, English after, as CLI messages are written."""
        if not self.en or self.en == self.zh:
            return self.zh
        return f"{self.zh} ({self.en})"

    @staticmethod
    def from_both(message: str) -> Text:
        """A message written the command line's way, "中文 (English)", as Text; a message
        that is not in that form is both languages at once (`both()` prints it once)."""
        text = message.strip()
        if text.endswith(")"):
            depth = 0
            for i in range(len(text) - 1, -1, -1):
                depth += {")": 1, "(": -1}.get(text[i], 0)
                if depth == 0:
                    zh, en = text[:i].rstrip(), text[i + 1:-1].strip()
                    if zh and en and zh != en and any("a" <= c.lower() <= "z" for c in en):
                        return Text(zh, en)
                    break
        return Text(message, message)

    def to_dict(self) -> dict[str, str]:
        """The JSON form, {"zh": ..., "en": ...}."""
        return {"zh": self.zh, "en": self.en}
