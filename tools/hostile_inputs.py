"""Hostile scenario inputs, shared by `tests/scenario/test_hostile.py` and `measure_hostile.py`.

Each entry: name -> (bytes, the diagnostic code expected first). `huge_50mb` is written to disk
by the users (it must be rejected by size before it is read).
"""

from __future__ import annotations


def _bomb(levels: int = 9) -> bytes:
    lines = ["format_version: 1", "id: bomb", 'l0: &l0 ["lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        refs = ", ".join([f"*l{i - 1}"] * 9)
        lines.append(f"l{i}: &l{i} [{refs}]")
    return ("\n".join(lines) + "\n").encode()


def hostile_inputs() -> dict[str, tuple[bytes, str]]:
    deep = 20_000
    return {
        "empty": (b"", "Y002"),
        "only_comments": (b"# nothing here\n", "Y002"),
        "garbage_bytes": (bytes(range(256)) * 64, "Y003"),
        "non_mapping_root": (b"- a\n- b\n", "Y005"),
        "non_utf8": (b"id: caf\xe9\n", "Y004"),
        "utf16": ("format_version: 1\nid: x\n".encode("utf-16"), "Y004"),
        "tabs": (b"format_version: 1\nclock:\n\tturns: 3\n", "Y010"),
        "billion_laughs": (_bomb(), "Y020"),
        "deep_flow_20000": (b"a: " + b"[" * deep + b"]" * deep + b"\n", "Y021"),
        "deep_flow_unclosed_20000": (b"a: " + b"{a: " * deep, "Y021"),
        "deep_block_20000": (b"a:\n" + b"- " * deep + b"x\n", "Y021"),
        "python_tag": (
            b'format_version: 1\nid: x\ntitle: !!python/object/apply:os.system ["touch PWNED"]\n',
            "Y030",
        ),
        "custom_tag": (b"format_version: 1\nid: !custom x\n", "Y030"),
        "duplicate_keys": (b"format_version: 1\nid: x\nid: y\n", "Y031"),
        "many_nodes": (b"a: [" + b"1," * 300_000 + b"]\n", "Y020"),
    }
