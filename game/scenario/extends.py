"""Merge a scenario with the base it `extends`.

A scenario's `extends:` names its base: a path relative to the scenario file
(`./base_world.yaml`, or `base_world.yaml` when that file exists next to it), the id of a
shipped scenario (`base_world`) or the id of a scenario in the user's scenario folder. After
`realpath`, the base must lie in the extending file's folder tree, in the shipped scenarios or in
the user's scenario folder (`allowed_base`): an absolute path, `..` or a symlink that leads
elsewhere is X007, and that file is never opened. The base is read (and merged with its own
base) first, then:

- mappings merge recursively, at every depth: keys of the scenario override the base's, keys of
  the base that the scenario does not mention are kept;
- a list whose items are all mappings with an `id` (in the base and in the scenario) merges by
  id: an item whose id is already in the base deep-merges into that item (its keys override, in
  place, so the base order is kept); items with new ids are appended in the scenario's order. An
  empty list in the scenario therefore keeps the base list; use `remove` to drop items;
- every other list, and every scalar, replaces the base's value;
- `remove: {section: [ids]}` (top level only) drops base items of a top-level section by id before
  merging; an id (or a section) the base does not have is an error (X003);
- `abstract` and `extends` are not inherited: the scenario's own values count (`abstract` defaults
  to false), and `remove` is not inherited either.

Each merged value keeps the position (file, line, column) of the file it came from.

Diagnostics: X001 base not found (names the paths tried), X002 `extends` cycle (names the chain),
X003 `remove` names an unknown id or section, X004 chain of bases too long, X006 the same id twice
in one list of a scenario that extends a base, X007 a base outside the allowed folders.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from game.files import is_regular_file
from game.scenario.diagnostics import Diagnostic, format_path
from game.scenario.yamlread import DocPath, Positions, read_yaml

MAX_CHAIN = 16
NOT_INHERITED = ("abstract", "extends", "remove")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def display_name(path: Path) -> str:
    """A short name for a file in diagnostics: relative to the working directory if inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def content_digest(document: dict[str, Any]) -> str:
    """sha256 hex of the canonical JSON of the merged document, without `extends`/`remove`."""
    body = {k: v for k, v in document.items() if k not in ("extends", "remove")}
    text = json.dumps(_canonical(body), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return {_key_text(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    return value


def _key_text(key: Any) -> str:
    if isinstance(key, str):
        return key
    return json.dumps(key)  # 1 -> "1", True -> "true", None -> "null"


def _err(
    code: str, pos: tuple[str, int, int], path: DocPath, message: str, hint: str | None = None
) -> Diagnostic:
    file, line, col = pos
    return Diagnostic(code, "error", file, line, col, format_path(path), message, hint)


def find_base(name: str, child: Path) -> tuple[Path | None, list[str]]:
    """Locate the base named by `extends: name` in `child`: (path or None, places tried).

    Only places allowed by `allowed_base` are tried; nothing is opened here.
    """
    tried: list[str] = []
    candidate = child.parent / name
    tried.append(str(candidate))
    if is_regular_file(candidate) and allowed_base(candidate, child):
        return candidate, tried
    if _ID.match(name):
        sibling = child.parent / f"{name}.yaml"
        tried.append(str(sibling))
        if is_regular_file(sibling) and allowed_base(sibling, child):
            return sibling, tried
        from game.scenario.catalog import shipped_path

        shipped = shipped_path(name)
        tried.append(f"shipped scenario '{name}'")
        if shipped is not None:
            return shipped, tried
        # The user's scenario folder: one's own bases, wherever the extending file lives.
        from game.scenario.catalog import user_path

        own = user_path(name)
        tried.append(f"your scenario '{name}'")
        if own is not None:
            return own, tried
    return None, tried


def _exists_outside(name: str, child: Path) -> bool:
    """True when `extends: name` names something that exists but is not allowed (not opened)."""
    candidates = [child.parent / name]
    if _ID.match(name):
        candidates.append(child.parent / f"{name}.yaml")
    for candidate in candidates:
        try:
            if os.path.lexists(candidate) and not allowed_base(candidate, child):
                return True
        except (OSError, ValueError):
            return True
    return False


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def allowed_base(base: Path, child: Path) -> bool:
    """True when `base`, after `realpath`, is a file a scenario may extend.

    Allowed: a file under the extending file's own folder (its real folder, any depth), under
    the shipped scenarios folder, or under one of `extra_scenario_roots()` (the user's scenario
    folder). An absolute path, `..` or a symlink leading anywhere else is refused before the
    file is opened, so an `extends` cannot read (or show a line of) any other file.
    """
    from game.scenario.catalog import extra_scenario_roots, scenarios_dir

    real = os.path.realpath(base)
    roots = [os.path.dirname(os.path.realpath(child)), os.path.realpath(scenarios_dir())]
    roots += [os.path.realpath(r) for r in extra_scenario_roots()]
    return any(_inside(real, root) for root in roots)


def resolve(
    path: Path, filename: str | None = None, _chain: tuple[Path, ...] = ()
) -> tuple[dict[str, Any] | None, Positions, list[Diagnostic]]:
    """Read `path` and merge it with its bases: (merged document or None, positions, diagnostics).

    The document is None when it could not be read or merged; diagnostics may hold errors of
    the scenario and of its bases, each naming its own file.
    """
    name = filename if filename is not None else display_name(path)
    doc, positions, diags = read_yaml(path, name)
    if doc is None or any(d.is_error for d in diags):
        return doc, positions, diags
    ext = doc.get("extends")
    if not isinstance(ext, str):
        return doc, positions, diags  # no base; a wrong type is reported by the shape check
    here = path.resolve()
    chain = (*_chain, here)
    if len(chain) > MAX_CHAIN:
        diags.append(
            _err(
                "X004",
                positions.value_at(("extends",)),
                ("extends",),
                f"too many levels of extends (more than {MAX_CHAIN})",
            )
        )
        return None, positions, diags
    base_path, tried = find_base(ext, path)
    if base_path is None and _exists_outside(ext, path):
        diags.append(
            _err(
                "X007",
                positions.value_at(("extends",)),
                ("extends",),
                f"base scenario '{ext}' is outside the folders a scenario may extend from",
                hint="extend a shipped scenario id, or a file in this scenario's folder "
                "(or below it) or in your scenario folder",
            )
        )
        return None, positions, diags
    if base_path is None:
        diags.append(
            _err(
                "X001",
                positions.value_at(("extends",)),
                ("extends",),
                f"base scenario '{ext}' not found",
                hint="tried " + ", ".join(tried),
            )
        )
        return None, positions, diags
    if base_path.resolve() in chain:
        names = [display_name(p) for p in chain] + [display_name(base_path.resolve())]
        diags.append(
            _err(
                "X002",
                positions.value_at(("extends",)),
                ("extends",),
                "extends cycle: " + " -> ".join(names),
            )
        )
        return None, positions, diags
    base, base_pos, base_diags = resolve(base_path, None, chain)
    diags.extend(base_diags)
    if base is None or any(d.is_error for d in base_diags):
        if base is None and not base_diags:  # pragma: no cover - defensive
            diags.append(_err("X001", positions.value_at(("extends",)), ("extends",), "bad base"))
        return None, positions, diags
    merged, merged_pos, merge_diags = merge(base, base_pos, doc, positions)
    diags.extend(merge_diags)
    if any(d.is_error for d in merge_diags):
        return None, positions, diags
    return merged, merged_pos, diags


def _is_id_list(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, dict) and isinstance(item.get("id"), str) for item in value
    )


def merge(
    base: dict[str, Any], base_pos: Positions, child: dict[str, Any], child_pos: Positions
) -> tuple[dict[str, Any], Positions, list[Diagnostic]]:
    """Merge `child` over `base` (both already read) following the rules of this module."""
    out = Positions(child_pos.default_file)
    diags: list[Diagnostic] = []
    root = child_pos.own_value(())
    if root is not None:
        out.set_value((), root)
    removed = _removals(base, child, child_pos, diags)
    result: dict[str, Any] = {}
    for key, value in base.items():
        if key in NOT_INHERITED:
            continue
        if key in child:
            result[key] = _merge(
                value,
                base_pos,
                (key,),
                child[key],
                child_pos,
                (key,),
                out,
                (key,),
                diags,
                removed.get(key, set()) if isinstance(key, str) else set(),
            )
        elif isinstance(key, str) and key in removed and isinstance(value, list):
            result[key] = _merge(
                value, base_pos, (key,), [], child_pos, (key,), out, (key,), diags, removed[key]
            )
            pk = base_pos.own_key((key,))
            if pk is not None:
                out.set_key((key,), pk)
        else:
            result[key] = value
            out.copy_subtree(value, base_pos, (key,), (key,))
    for key, value in child.items():
        if key not in result:
            result[key] = value
            out.copy_subtree(value, child_pos, (key,), (key,))
    return result, out, diags


def _removals(
    base: dict[str, Any], child: dict[str, Any], child_pos: Positions, diags: list[Diagnostic]
) -> dict[str, set[str]]:
    remove = child.get("remove")
    removed: dict[str, set[str]] = {}
    if not isinstance(remove, dict):
        return removed  # absent, or a wrong shape the shape check reports
    for section, ids in remove.items():
        if not isinstance(section, str) or not isinstance(ids, list):
            continue
        section_value = base.get(section)
        if not isinstance(section_value, list) or not _is_id_list(section_value):
            diags.append(
                _err(
                    "X003",
                    child_pos.key_at(("remove", section)),
                    ("remove", section),
                    f"the base has no list '{section}' to remove items from",
                )
            )
            continue
        known = [item["id"] for item in section_value]
        for i, item_id in enumerate(ids):
            if not isinstance(item_id, str):
                continue
            if item_id not in known:
                from difflib import get_close_matches

                close = get_close_matches(item_id, known, n=1)
                diags.append(
                    _err(
                        "X003",
                        child_pos.value_at(("remove", section, i)),
                        ("remove", section, i),
                        f"the base has no {section} item with id '{item_id}'",
                        hint=f"did you mean '{close[0]}'?" if close else None,
                    )
                )
            removed.setdefault(section, set()).add(item_id)
    return removed


def _merge(
    base: Any,
    bpos: Positions,
    bpath: DocPath,
    child: Any,
    cpos: Positions,
    cpath: DocPath,
    out: Positions,
    opath: DocPath,
    diags: list[Diagnostic],
    removed: set[str],
) -> Any:
    pv = cpos.own_value(cpath)
    if pv is not None:
        out.set_value(opath, pv)
    pk = cpos.own_key(cpath)
    if pk is not None:
        out.set_key(opath, pk)
    if isinstance(base, dict) and isinstance(child, dict):
        result: dict[Any, Any] = {}
        for key, value in base.items():
            if key in child:
                result[key] = _merge(
                    value,
                    bpos,
                    (*bpath, key),
                    child[key],
                    cpos,
                    (*cpath, key),
                    out,
                    (*opath, key),
                    diags,
                    set(),
                )
            else:
                result[key] = value
                out.copy_subtree(value, bpos, (*bpath, key), (*opath, key))
        for key, value in child.items():
            if key not in base:
                result[key] = value
                out.copy_subtree(value, cpos, (*cpath, key), (*opath, key))
        return result
    if _is_id_list(base) and _is_id_list(child) and (base or removed):
        items: list[Any] = []
        index_of: dict[str, int] = {}
        sources: list[tuple[Positions, DocPath] | None] = []
        for i, item in enumerate(base):
            if item["id"] in removed:
                continue
            index_of[item["id"]] = len(items)
            items.append(item)
            sources.append((bpos, (*bpath, i)))
        seen: set[str] = set()
        for j, item in enumerate(child):
            item_id = item["id"]
            if item_id in seen:
                diags.append(
                    _err(
                        "X006",
                        cpos.value_at((*cpath, j, "id")),
                        (*cpath, j, "id"),
                        f"id '{item_id}' appears twice in this list",
                    )
                )
                continue
            seen.add(item_id)
            if item_id in index_of:
                k = index_of[item_id]
                src = sources[k]
                assert src is not None
                items[k] = _merge(
                    items[k],
                    src[0],
                    src[1],
                    item,
                    cpos,
                    (*cpath, j),
                    out,
                    (*opath, k),
                    diags,
                    set(),
                )
                sources[k] = None  # already placed
            else:
                index_of[item_id] = len(items)
                items.append(item)
                sources.append((cpos, (*cpath, j)))
        for k, src in enumerate(sources):
            if src is not None:
                out.copy_subtree(items[k], src[0], src[1], (*opath, k))
        return items
    out.copy_subtree(child, cpos, cpath, opath)
    return child
