#!/usr/bin/env python3
"""The house rules of src/ that a compiler does not check by itself (issue #18).

usage: check_layers.py SOURCE_DIR

1. `sqlite3` is named only under src/store, and no file outside src/store holds SQL text.
2. The include graph has no cycle: between files, and between folders (layers).
3. Rooms stay small enough to read: a source file over 400 lines or a function over 80 lines
   (counted by pmccabe) fails, unless tests/layers/size_exceptions.txt names it with a reason.
Which layer may include which is kept by the build itself (src/CMakeLists.txt, the include views).
"""
import re
import shutil
import subprocess
import sys
from pathlib import Path

MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 80

# SQL as it appears in string literals: keywords in capitals, in the shapes statements take.
SQL = re.compile(r"\bSELECT\b[^\"]*\bFROM\b|\bINSERT\s+(OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b|"
                 r"\bDELETE\s+FROM\b|\bCREATE\s+(TABLE|INDEX|TRIGGER|VIEW)\b|\bPRAGMA\s+\w+|"
                 r"\bBEGIN\s+(IMMEDIATE|DEFERRED|EXCLUSIVE|TRANSACTION)\b|^\s*(COMMIT|ROLLBACK)\s*$|"
                 r"\bON\s+CONFLICT\b|\bWHERE\s+\w+\s*(=|<|>|IN\b|IS\b|LIKE\b)")
STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def sources(src):
    return sorted(p for p in src.rglob("*") if p.suffix in (".cpp", ".hpp"))


def check_store_owns_sql(src, files, problems):
    for f in files:
        rel = f.relative_to(src)
        if rel.parts[0] == "store":
            continue
        text = f.read_text(encoding="utf-8")
        for n, line in enumerate(text.splitlines(), 1):
            code = line.split("//", 1)[0] if '"' not in line.split("//", 1)[0] else line
            if "sqlite3" in line:
                problems.append(f"src/{rel}:{n}: names sqlite3 outside src/store")
            for lit in STRING.findall(code):
                if SQL.search(lit):
                    problems.append(f"src/{rel}:{n}: SQL outside src/store: \"{lit[:60]}\"")


def resolve(src, including, target):
    local = including.parent / target
    if local.exists():
        return local.resolve()
    rooted = src / target
    return rooted.resolve() if rooted.exists() else None


def find_cycle(graph):
    """A cycle in a directed graph as a list of nodes, or None (iterative depth-first search)."""
    state = {}
    for start in graph:
        if state.get(start):
            continue
        stack = [(start, iter(sorted(graph.get(start, ()))))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(child) == 1:
                return path[path.index(child):] + [child]
            elif not state.get(child):
                state[child] = 1
                stack.append((child, iter(sorted(graph.get(child, ())))))
                path.append(child)
    return None


def check_include_graph(src, files, problems):
    file_graph, folder_graph = {}, {}
    for f in files:
        rel = f.relative_to(src)
        for target in INCLUDE.findall(f.read_text(encoding="utf-8")):
            to = resolve(src, f, target)
            if to is None:
                continue  # a system or third-party header
            to_rel = to.relative_to(src.resolve())
            file_graph.setdefault(str(rel), set()).add(str(to_rel))
            if to_rel.parts[0] != rel.parts[0]:
                folder_graph.setdefault(rel.parts[0], set()).add(to_rel.parts[0])
    for name, graph in (("files", file_graph), ("layers", folder_graph)):
        cycle = find_cycle(graph)
        if cycle:
            problems.append(f"the include graph of the {name} has a cycle: " + " -> ".join(cycle))
    return folder_graph


def load_exceptions(path):
    allowed = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        what, _, why = line.partition(" ")
        if not why.strip():
            sys.exit(f"{path}:{n}: an exception needs its reason after the name")
        allowed[what] = why.strip()
    return allowed


def check_sizes(src, files, allowed, problems):
    for f in files:
        rel = f"src/{f.relative_to(src)}"
        lines = len(f.read_text(encoding="utf-8").splitlines())
        if lines > MAX_FILE_LINES and rel not in allowed:
            problems.append(f"{rel}: {lines} lines (more than {MAX_FILE_LINES}): split it, or say why in "
                            "tests/layers/size_exceptions.txt")
    pmccabe = shutil.which("pmccabe")
    if not pmccabe:
        problems.append("pmccabe is not installed (deploy/install-deps.sh installs it): function sizes unchecked")
        return
    out = ""
    for f in files:
        if f.suffix != ".cpp":
            continue
        # pmccabe does not read C++17's `namespace bk::print {` and then reports no function of that
        # file at all: give it `namespace bk_print {` (the same braces), named after the real file.
        text = re.sub(r"^(\s*namespace\s+)([\w:]+)(\s*\{)",
                      lambda m: m.group(1) + m.group(2).replace("::", "_") + m.group(3),
                      f.read_text(encoding="utf-8"), flags=re.M)
        run = subprocess.run([pmccabe, "-v"], input=text, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True)
        out += run.stdout.replace("stdin(", f"{f}(")
    for row in out.splitlines():
        # complexity, complexity, statements, first line, lines, "file(line): function"
        cols = row.split("\t")
        if len(cols) < 6 or not cols[0].isdigit():
            continue
        length = int(cols[4])
        where, _, function = cols[5].partition(": ")
        file = "src/" + str(Path(where.split("(")[0]).resolve().relative_to(src.resolve()))
        key = f"{file}:{function.strip()}"
        if length > MAX_FUNCTION_LINES and key not in allowed:
            problems.append(f"{file}: {function.strip()} is {length} lines (more than {MAX_FUNCTION_LINES}): "
                            "split it, or say why in tests/layers/size_exceptions.txt")


def main():
    root = Path(sys.argv[1]).resolve()
    src = root / "src"
    files = sources(src)
    problems = []
    check_store_owns_sql(src, files, problems)
    folders = check_include_graph(src, files, problems)
    check_sizes(src, files, load_exceptions(root / "tests/layers/size_exceptions.txt"), problems)
    for layer in sorted(folders):
        print(f"{layer} -> {', '.join(sorted(folders[layer]))}")
    for p in problems:
        print("FAIL:", p)
    print(f"{len(files)} files checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
