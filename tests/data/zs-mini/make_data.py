#!/usr/bin/python3
# Writes the hand-checked mini Zhongshan data folder (see EXPECTED.md for the arithmetic).
rows = ["period,subject,indicator,value,rater,note"]
def obs(p, s, k, v, r="", n=""):
    rows.append(f"{p},{s},{k},{v},{r},{n}")
def raters(s, k, groups):
    i = 1
    for count, v in groups:
        for _ in range(count):
            obs("2023", s, k, v, f"R{i:02d}")
            i += 1
base = {"A": 99, "B": 98, "C": 97, "D": 96, "E": 95, "F": 94}
for m in range(1, 13):
    for rate in ("hotline_contact", "hotline_ontime", "hotline_resolved", "hotline_satisfied"):
        for a, v in base.items():
            if m == 3 and rate == "hotline_contact" and a == "C":
                v = 94
            if m == 6 and rate == "hotline_satisfied" and a == "E":
                continue  # missing: flagged, no strike
            obs(f"2023-{m:02d}", a, rate, f"{v}%")
areas = {  # visits, deeds, party_building, service, stability, raters, bonus rows, deduction rows
    "A": (15, 14, 15, 14, 10, [(40, 90)], [3, 3], []),
    "B": (13.5, 13, 14, 13, 9, [(40, 85)], [2], [1]),
    "C": (14, 13.5, 13, 13.5, 9, [(20, 80), (20, 90)], [], []),
    "D": (15, 15, 15, 15, 10, [(20, 70), (20, 75)], [], []),
    "E": (12, 12, 13, 13, 8, [(19, 83), (19, 84)], [], []),
    "F": (12, 12, 13, 13, 8, [(40, 84)], [5], [2, 4]),
}
for a, (vi, de, pb, se, st, rt, bo, du) in areas.items():
    for k, v in (("visits", vi), ("deeds", de), ("party_building", pb), ("service", se), ("stability", st)):
        obs("2023", a, k, v)
    raters(a, "party_eval", rt)
    for v in bo:
        obs("2023", a, "bonus", v, "", "荣誉")
    for v in du:
        obs("2023", a, "deduction", v)
workers = {  # leader_eval, democratic rater groups, veto
    "A1": (76.25, [(40, 90)], 0), "A2": (80, [(40, 80)], 1),
    "B1": (95, [(40, 95)], 0), "B2": (70, [(40, 70)], 0),
    "C1": (85, [(20, 80), (20, 81)], 0), "C2": (60.5, [(40, 60)], 0),
    "D1": (50, [(40, 50)], 0), "D2": (50.5, [(40, 50)], 0),
    "E1": (40, [(40, 40)], 0), "E2": (39.95, [(40, 40)], 0),
    "F1": (100, [(39, 100)], 0), "F2": (0, [(40, 0)], 0),
}
for w, (le, dem, veto) in workers.items():
    obs("2023", w, "leader_eval", le)
    raters(w, "democratic", dem)
    if veto:
        obs("2023", w, "veto", 1, "", "纪律处分")
open("observations.csv", "w").write("\n".join(rows) + "\n")
open("units.csv", "w").write("id,name,kind,parent\n" + "".join(
    f"{a},{a}居民区,居民区,街道\n" for a in areas))
people = ["id,name,unit,role"]
for a in areas:
    people.append(f"S{a},{a}书记,{a},书记")
    people.append(f"{a}1,{a}一,{a},社工")
    people.append(f"{a}2,{a}二,{a},副主任")
open("people.csv", "w").write("\n".join(people) + "\n")
