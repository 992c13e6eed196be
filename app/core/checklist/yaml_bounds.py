"""Bounds on a checklist's YAML before it is built into Python objects.

A checklist is a few dozen kilobytes written by an office; anything far beyond that is a mistake
or an attack. Aliases are refused outright: a 1 kB file of nested aliases ("billion laughs")
expands to billions of values in every later walk over the data (a problem message printing one
value took many GB), and a checklist has no use for them. Depth and node count are bounded
here, from the parser's events, so that no recursive step after (composing, reading conditions)
meets a structure deeper or larger than a real checklist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import yaml

# The shipped checklists are 15-21 kB, 11-13 levels deep, 1,200-1,600 nodes: the limits leave
# room for checklists fifty times larger.
MAX_CHECKLIST_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_NODES = 100_000

if TYPE_CHECKING:
    _Loader = yaml.SafeLoader
else:
    _Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def shape_problems(text: str, source: str) -> list[str]:
    """`file:line: what is wrong` for aliases, anchors, too deep or too many nodes; [] if fine.

    Stops at the first problem: after an alias bomb or a runaway nesting nothing else is worth
    reading. YAML syntax errors are left to the loader, which reports them with their line.
    """
    depth = 0
    nodes = 0
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + 1 if event.start_mark else 0
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return [f"{source}:{line}: 检查表不能使用锚点和别名（& 和 *），请把内容写全 "
                        "(anchors and aliases (& and *) are not allowed in a checklist; "
                        "write the content out)"]
            if isinstance(event, yaml.NodeEvent):
                nodes += 1
                if nodes > MAX_NODES:
                    return [f"{source}:{line}: 检查表内容过多（超过 {MAX_NODES} 个值），"
                            "请拆分成几个检查表 (the checklist holds more than "
                            f"{MAX_NODES} values; split it into several checklists)"]
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return [f"{source}:{line}: 嵌套过深（超过 {MAX_DEPTH} 层），请检查缩进和括号 "
                            f"(nested more than {MAX_DEPTH} levels deep; check the indentation "
                            "and brackets)"]
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return []  # a syntax error: the loader says where
    finally:
        loader.dispose()
    return []


def size_problem(size: int, source: str) -> list[str]:
    """The problem line for a file over MAX_CHECKLIST_BYTES, or []."""
    if size <= MAX_CHECKLIST_BYTES:
        return []
    return [f"{source}:0: 文件过大（{size} 字节，上限 {MAX_CHECKLIST_BYTES}），不像是检查表 "
            f"(the file is too large for a checklist: {size} bytes, limit "
            f"{MAX_CHECKLIST_BYTES})"]
