"""Write the README's rule table (section "The rules / 规则") from the rule catalogue.

    uv run python scripts/generate_rule_table.py          # rewrite the table in README.md
    uv run python scripts/generate_rule_table.py --check  # exit 1 when the table is stale

The catalogue, seeds/reference/rule_catalogue.csv, is the one list of rules: the README shows it
instead of restating it by hand. The table sits between two marker comments in README.md and
tests/python/test_generated_files.py checks that it is current.
由规则目录生成 README 中的规则表；--check 在规则表过期时以 1 退出。
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CATALOGUE = REPO / "seeds" / "reference" / "rule_catalogue.csv"
README = REPO / "README.md"
BEGIN = (
    "<!-- rule table: generated from seeds/reference/rule_catalogue.csv by"
    " scripts/generate_rule_table.py; do not edit -->"
)
END = "<!-- end of rule table -->"
TABLES = {"t2": "二", "t3": "三", "t4": "四", "all": "all / 全部"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def table(catalogue: Path) -> str:
    with catalogue.open(encoding="utf-8", newline="") as handle:
        rules = list(csv.DictReader(handle))
    lines = [
        "| rule | table 表 | severity | origin | 说明 | what |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {rule['rule_id']} | {TABLES.get(rule['table_code'], rule['table_code'])}"
        f" | {rule['severity']} | {rule['origin']}"
        f" | {_cell(rule['description_zh'])} | {_cell(rule['description_en'])} |"
        for rule in rules
    ]
    return "\n".join(lines)


def render(readme_text: str, catalogue: Path) -> str:
    """readme_text with the text between the markers replaced by the generated table."""
    if readme_text.count(BEGIN) != 1 or readme_text.count(END) != 1:
        raise SystemExit(f"README must hold the markers once each:\n{BEGIN}\n{END}")
    head, rest = readme_text.split(BEGIN)
    _, tail = rest.split(END)
    return f"{head}{BEGIN}\n{table(catalogue)}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the table is stale")
    parser.add_argument("--readme", type=Path, default=README)
    parser.add_argument("--catalogue", type=Path, default=CATALOGUE)
    args = parser.parse_args(argv)
    current = args.readme.read_text(encoding="utf-8")
    wanted = render(current, args.catalogue)
    if args.check:
        if current != wanted:
            print(
                f"{args.readme}: the rule table is stale; run scripts/generate_rule_table.py\n"
                "规则表已过期，请运行 scripts/generate_rule_table.py",
                file=sys.stderr,
            )
            return 1
        return 0
    if current != wanted:
        args.readme.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
