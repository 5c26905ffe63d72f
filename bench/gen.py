#!/usr/bin/python3
"""gen.py - synthetic, seeded data sets for the benchmark (bench/run.sh).

Usage:
    /usr/bin/python3 bench/gen.py SIZE OUT_DIR [--workers N] [--seed S]

SIZE is one of
  page      20 residential areas, no workers (zhongshan-2023): a ranking table
            that fits one page, for the per-document PDF benchmark
  district  300 areas, 3,000 assessed workers (+ one 书记 per area, not assessed)
  city      4,600 areas, 50,000 assessed workers (+ one 书记 per area)
  national  500,000 workers x 12 monthly cards (putuo-2017), ~50 streets,
            ~5,000 areas; --workers N scales it down (same shape: 100 workers
            an area, 100 areas a street) for profiling

page/district/city follow config/rules/zhongshan-2023.ini and national
follows config/rules/putuo-2017.ini; OUT_DIR gets units.csv, people.csv,
observations.csv and a run INI (run.ini) pointing at the rule set.

Layouts of observations.csv:
  zhongshan  the long layout (period,subject,indicator,value,rater,note).
             The loader takes one layout per file and a wide file has no
             `rater` column, so the rater means (party_eval, democratic)
             force the long layout for the whole file. Raters: 40 per area
             (the rules' minimum); per worker 40 at district scale but only
             3-5 at city scale (every city worker then gets a `raters`
             notice: that is part of the measured work).
  national   the wide layout (period,subject, a column per indicator); a
             card's zero counts are empty cells; a second complaint or
             dispute in a month is a second row with only that cell.

Deterministic: the same SIZE, --workers and --seed write the same bytes.
Written with plain string joins in chunks, so memory stays small.
"""

import os
import random
import sys
import time

ZS_RULESET = "zhongshan-2023.ini"
PT_RULESET = "putuo-2017.ini"

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
            "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江"
            "尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力国民金荣俊"
         "晓燕春雪梅琳佳欣宇浩然嘉怡婷雯颖蕾欢志鹏飞斌海波云峰亮晨瑞凯雅倩慧晶丹宁")
PLACE = ("梅园松林枫桥桂苑竹溪兰亭云间华亭方塔泖湖长桥秀南荣乐通波鹿鸣三泖松汇锦绣"
         "仓桥白云玉兰谷阳茸梅菡萏新松金山银湖翠柏青浦东湖西林南苑北港中原百花杨柳")
NUMERAL = ("", "一村", "二村", "三村", "四村", "新村", "花园", "公寓", "小区", "东苑", "西苑")
ZS_ROLES = ("副书记", "副主任", "社工", "社工", "社工", "社工")
PT_ROLES = ("居委会副主任", "居委会委员", "社工", "社工", "社工")


def person_name(rng):
    n = rng.random()
    given = GIVEN[rng.randrange(len(GIVEN))]
    if n < 0.7:
        given += GIVEN[rng.randrange(len(GIVEN))]
    return SURNAMES[rng.randrange(len(SURNAMES))] + given


def place_name(rng, i):
    k = 2 * rng.randrange(len(PLACE) // 2)
    return PLACE[k:k + 2] + NUMERAL[i % len(NUMERAL)] + "居民区"


def street_name(i):
    heads = ("长风", "桃浦", "真如", "曹杨", "万里", "甘泉", "石泉", "宜川", "长征", "中山",
             "岳阳", "永丰", "方松", "广富林", "九里亭", "泗泾", "佘山", "车墩", "新桥", "洞泾")
    h = heads[i % len(heads)]
    n = i // len(heads)
    return "%s%s街道" % (h, "" if n == 0 else "第%d" % (n + 1))


def write(path, lines):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(lines))
        f.write("\n")


def run_ini(out_dir, ruleset, period, title):
    rules = os.path.join(ROOT, "config", "rules", ruleset)
    return "\n".join([
        "; Benchmark run (bench/gen.py): paths relative to this file.",
        "[run]",
        "ruleset = " + rules,
        "period = " + period,
        "data = .",
        "out = out",
        "",
        "[document]",
        "authority = 基准测试街道工作委员会",
        "authority_short = 基准测试街道工委",
        "docnumber = 基准〔2024〕1号",
        "date = 2024-01-15",
        "title = " + title,
        "addressee = 各居民区：",
        "cc = 区委组织部。",
        "printer = 基准测试街道党政办公室",
        "note = （此件主动公开）",
        "",
    ])


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# ---- Zhongshan 2023: areas and workers ---------------------------------------------------

def gen_zhongshan(out_dir, nareas, nworkers, worker_raters, seed):
    rng = random.Random(seed)
    units = ["id,name,kind,parent"]
    nstreets = max(1, nareas // 230)
    for a in range(nareas):
        units.append("A%05d,%s,居民区,%s" % (a + 1, place_name(rng, a), street_name(a % nstreets)))
    write(os.path.join(out_dir, "units.csv"), units)

    people = ["id,name,unit,role"]
    workers = []  # (id)
    pid = 0
    for a in range(nareas):
        lo = a * nworkers // nareas
        hi = (a + 1) * nworkers // nareas
        pid += 1
        people.append("W%06d,%s,A%05d,书记" % (pid, person_name(rng), a + 1))
        for w in range(hi - lo):
            pid += 1
            role = ZS_ROLES[0] if w == 0 else ZS_ROLES[1] if w == 1 else ZS_ROLES[2]
            people.append("W%06d,%s,A%05d,%s" % (pid, person_name(rng), a + 1, role))
            workers.append("W%06d" % pid)
    write(os.path.join(out_dir, "people.csv"), people)

    obs = ["period,subject,indicator,value,rater,note"]
    add = obs.append
    raters40 = ["R%02d" % (i + 1) for i in range(40)]
    for a in range(nareas):
        s = "A%05d" % (a + 1)
        q = rng.random()  # the area's quality: good areas score well everywhere
        for key, pts in (("visits", 15), ("deeds", 15), ("party_building", 15), ("service", 15),
                         ("stability", 10)):
            v = pts * (0.65 + 0.35 * min(1.0, q * 0.7 + rng.random() * 0.3))
            add("2023,%s,%s,%.1f,," % (s, key, min(pts, v)))
        if rng.random() < 0.25:
            add("2023,%s,bonus,%s,,街道特色工作优秀案例" % (s, rng.choice(("0.5", "1", "1.5", "2"))))
            if rng.random() < 0.3:
                add("2023,%s,bonus,1,,\"获区级荣誉，通报表扬\"" % s)
        if rng.random() < 0.05:
            add("2023,%s,deduction,%s,,诫勉谈话" % (s, rng.choice(("1", "2", "2.5"))))
        base = 78 + 18 * q
        for r in raters40:
            add("2023,%s,party_eval,%d,%s," % (s, max(0, min(100, int(base + rng.gauss(0, 6)))), r))
        hh = rng.randint(20, 50)
        add("2023,%s,survey_households,%d,," % (s, hh))
        add("2023,%s,survey_key_households,%d,," % (s, (hh + 2) // 3 + rng.randint(0, 4)))
        for m in range(1, 13):
            p = "2023-%02d" % m
            for key, lo in (("hotline_contact", 86.0), ("hotline_ontime", 95.5),
                            ("hotline_resolved", 95.5), ("hotline_satisfied", 79.0)):
                v = lo + (100.0 - lo) * (0.4 * q + 0.6 * rng.random())
                if rng.random() < 0.004:
                    v = lo - 1 - 5 * rng.random()  # a month under target: a notice
                add("%s,%s,%s,%.1f%%,," % (p, s, key, v))
    for i, w in enumerate(workers):
        add("2023,%s,leader_eval,%d,," % (w, rng.randint(60, 100)))
        n = worker_raters if worker_raters else rng.randint(3, 5)
        base = 70 + 25 * rng.random()
        for r in range(n):
            add("2023,%s,democratic,%d,R%02d," % (w, max(0, min(100, int(base + rng.gauss(0, 6)))),
                                                 r + 1))
        if rng.random() < 0.002:
            add("2023,%s,veto,1,,受到党纪处分" % w)
    write(os.path.join(out_dir, "observations.csv"), obs)
    title = "关于2023年度居民区工作及社区工作者考评结果的通报"
    with open(os.path.join(out_dir, "run.ini"), "w", encoding="utf-8") as f:
        f.write(run_ini(out_dir, ZS_RULESET, "2023", title))
    return len(obs) - 1


# ---- Putuo 2017: monthly cards, wide layout ----------------------------------------------

PT_KEYS = ("reception", "online", "visits", "duty", "campaign_days", "volunteer_days",
           "award_city", "award_district", "award_street", "team_award_city",
           "team_award_district", "team_award_street", "publicity", "inspection_excellent",
           "team_inspection_excellent", "training", "contest", "contest_prize_1",
           "contest_prize_2", "contest_prize_3", "complaint", "dispute", "discipline")


def card_pool(rng, n):
    """n distinct-ish cards (the cells after period,subject), drawn once and
    reused by index: a row is then a single join, which keeps 6M rows fast."""
    pool = []
    for _ in range(n):
        c = [""] * len(PT_KEYS)
        c[0] = str(rng.randint(0, 20))                       # reception
        c[1] = str(rng.randint(0, 12)) if rng.random() < 0.9 else ""  # online
        c[2] = str(max(0, int(rng.gauss(33, 5))))            # visits: always present
        c[3] = str(rng.randint(1, 6)) if rng.random() < 0.8 else ""   # duty
        if rng.random() < 0.15:
            c[4] = str(rng.randint(1, 5))                    # campaign_days
        if rng.random() < 0.6:
            c[5] = str(rng.randint(1, 4))                    # volunteer_days
        if rng.random() < 0.01:
            c[6 + rng.randrange(3)] = "1"                    # an individual award
        if rng.random() < 0.5:
            c[12] = str(rng.randint(0, 3))                   # publicity
        if rng.random() < 0.02:
            c[13] = "1"
        if rng.random() < 0.6:
            c[15] = str(rng.randint(1, 3))                   # training
        if rng.random() < 0.08:
            c[16] = "1"                                      # contest
            if rng.random() < 0.3:
                c[17 + rng.randrange(3)] = "1"
        if rng.random() < 0.02:
            c[20] = rng.choice(("3", "3.5", "4", "5"))       # complaint (one case)
        if rng.random() < 0.005:
            c[21] = rng.choice(("5", "8", "10"))             # dispute
        pool.append(",".join(c))
    return pool


def gen_putuo(out_dir, nworkers, seed):
    rng = random.Random(seed)
    per_area, per_street = 100, 100
    nareas = (nworkers + per_area - 1) // per_area
    units = ["id,name,kind,parent"]
    for a in range(nareas):
        units.append("A%05d,%s,居民区,%s" % (a + 1, place_name(rng, a), street_name(a // per_street)))
    write(os.path.join(out_dir, "units.csv"), units)
    people = ["id,name,unit,role"]
    for w in range(nworkers):
        people.append("W%06d,%s,A%05d,%s" % (w + 1, person_name(rng), w // per_area + 1,
                                              PT_ROLES[w % len(PT_ROLES)]))
    write(os.path.join(out_dir, "people.csv"), people)
    del people, units

    pool = card_pool(rng, 1 << 16)
    empty = "," * (len(PT_KEYS) - 1)
    nrows = 0
    path = os.path.join(out_dir, "observations.csv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("period,subject," + ",".join(PT_KEYS) + "\n")
        ids = ["W%06d" % (w + 1) for w in range(nworkers)]
        bits = rng.getrandbits
        for m in range(1, 13):
            p = "2018-%02d," % m
            chunk = []
            for i, w in enumerate(ids):
                r = bits(16)
                if r == 0 and i % 7 == m:   # a rare whole month missing: notice `missing`
                    continue
                chunk.append(p + w + "," + pool[r])
                if r < 40:                   # ~0.06%: a second complaint case this month
                    chunk.append(p + w + "," + empty[:20] + "4" + empty[20:])
                elif r < 48:                 # ~0.01%: discipline = 1, the month is zeroed
                    chunk.append(p + w + "," + empty[:22] + "1")
                if len(chunk) >= 200000:
                    f.write("\n".join(chunk))
                    f.write("\n")
                    nrows += len(chunk)
                    chunk = []
            f.write("\n".join(chunk))
            f.write("\n")
            nrows += len(chunk)
    title = "关于2018年度社区工作者百事汇积分排名的通报"
    with open(os.path.join(out_dir, "run.ini"), "w", encoding="utf-8") as f:
        f.write(run_ini(out_dir, PT_RULESET, "2018", title))
    return nrows


SIZES = {
    "page": ("zhongshan", 20, 0, 40),
    "district": ("zhongshan", 300, 3000, 40),
    "city": ("zhongshan", 4600, 50000, 0),   # 0: 3-5 raters per worker
    "national": ("putuo", 0, 500000, 0),
    "raters": ("zhongshan", 1, 1, 1000000),
}


def main(argv):
    args = [a for a in argv[1:]]
    workers = seed = None
    for opt in ("--workers", "--seed"):
        if opt in args:
            i = args.index(opt)
            if i + 1 >= len(args):
                sys.stderr.write("gen.py: error: %s needs a number\n" % opt)
                return 2
            val = int(args[i + 1])
            del args[i:i + 2]
            if opt == "--workers":
                workers = val
            else:
                seed = val
    if len(args) != 2 or args[0] not in SIZES:
        sys.stderr.write("usage: gen.py page|district|city|national|raters OUT_DIR [--workers N] "
                         "[--seed S]\n")
        return 2
    size, out_dir = args
    family, nareas, nworkers, raters = SIZES[size]
    if workers is not None:
        if workers < 1:
            sys.stderr.write("gen.py: error: --workers must be at least 1\n")
            return 2
        if family == "zhongshan":
            nareas = max(1, nareas * workers // max(1, nworkers))
        nworkers = workers
    if seed is None:
        seed = 20230000 + sum(map(ord, size))
    os.makedirs(out_dir, exist_ok=True)
    t0 = time.time()
    if family == "zhongshan":
        n = gen_zhongshan(out_dir, nareas, nworkers, raters, seed)
    else:
        n = gen_putuo(out_dir, nworkers, seed)
    size_b = sum(os.path.getsize(os.path.join(out_dir, f))
                 for f in ("units.csv", "people.csv", "observations.csv"))
    print("%s: %s, %d observation rows, %.1f MB, %.1f s" % (size, out_dir, n, size_b / 1e6,
                                                            time.time() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
