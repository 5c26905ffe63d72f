# xlsx_lists.sh - the workbook keeps awards and penalties apart, like with like, as the
# documents do: 奖励名单 lists awards only, 处理名单 the pay cuts (negative amounts), and a
# 小计 adds up money only (50% and 50% are no 100%).
. "$(dirname "$0")/../lib.sh"
need /usr/bin/python3 || exit 0
d=$(scratch)
"$KP" run "$ROOT/config/xiangning-2023.ini" --out "$d/x" -q || { fail "xlsx_lists: the Xiangning sample does not run"; exit 0; }
"$PY" - "$d/x" <<'PYEOF' | while read -r line; do echo "$line"; done
import csv, sys, openpyxl
out = sys.argv[1]
wb = openpyxl.load_workbook(out + "/results.xlsx")
def rows(name):
    if name not in wb.sheetnames:
        return None
    return [r[:8] for r in wb[name].iter_rows(min_row=2, values_only=True) if any(r[:8])]
def check(name, ok):
    print(("PASS " if ok else "FAIL ") + name)
awards = list(csv.DictReader(open(out + "/awards.csv", encoding="utf-8")))
cuts = sorted(a["subject"] for a in awards if a["amount"] and float(a["amount"]) < 0)
# Xiangning's 专职社工 ranked last two lose 50% of the performance pay: X015 and X019
# (the warning notice's 处理 paragraph names them).
check("the sample has its two pay cuts (X015, X019)", cuts == ["X015", "X019"])
got = rows("奖励名单")
entries = [r for r in got if r[0] is not None]
check("奖励名单 lists no pay cut", all(r[6] is None or r[6] >= 0 for r in entries))
check("奖励名单 lists every award (%d)" % len(entries),
      len(entries) == sum(1 for a in awards if not a["amount"] or float(a["amount"]) >= 0))
subs = [r for r in got if r[0] is None]
check("奖励名单's 小计 are money only", subs and all(r[7] == "元" for r in subs))
pen = rows("处理名单")
check("处理名单 exists", pen is not None)
pen_entries = [r for r in pen or [] if r[0] is not None]
check("处理名单 lists the pay cuts, and only them",
      sorted(r[3] for r in pen_entries) == cuts and all(r[6] < 0 for r in pen_entries))
check("处理名单 adds no percents", all(r[0] is not None for r in pen or []))
PYEOF
