"""Write the bad-input corpus of the tests into a directory, for a person to try.

坏输入语料：写出测试所用的异常文件，供人工试用。

    python3.11 -m uv run --locked python scripts/make_bad_inputs.py /tmp/bad
    python3.11 -m uv run --locked xxgk extract /tmp/bad --out /tmp/bad-raw

The corpus (over 70 paths: broken and hostile files, a FIFO, links, odd names) and what each must
become are defined once, in tests/python/bad_inputs.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "python"))

from bad_inputs import make_bad_inputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path, help="where to write (must not exist)")
    args = parser.parse_args()
    cases = make_bad_inputs(args.directory)
    for case in cases:
        print(f"{case.status:9} {case.name!r}: {case.kind}")
    print(f"{len(cases)} paths in {args.directory}")


if __name__ == "__main__":
    main()
