#!/usr/bin/env python3
"""Makes the perturbation table of the cell key method (reports.md, "The cell key method") in the
format of the Destatis R package `ptable` (sdcTools), and expands a table to the `pcv,ckey,pvalue`
form of the ONS `cell-key-perturbation` package.

The construction is the package's `create_cnt_ptable(D, V, js, mono)`: for each original count
i = 0 .. D + js + 1 (the last row serves every larger count), the target counts j run from
max(i - D, 0) to i + D without the blocked 1 .. js; the probabilities p(j | i) maximise the
entropy -sum p log p subject to sum p = 1, mean noise 0, noise variance at most V, every p at
least 1e-8 and, with `mono`, p not decreasing towards the count itself (p(j) <= p(j + 1) for
j < i). Row 0 is 0 -> 0. The cumulative bounds `p_int_lb`, `p_int_ub` are rounded to 8 decimals
and `p` is their difference, as the package does.

The optimum is found exactly (pure Python, no solver library): the maximum-entropy distribution
under linear constraints is exponential in them, so each choice of binding inequalities is solved
by Newton's method on the dual and the one that meets every Karush-Kuhn-Tucker condition is kept.

  make-ptable.py [--D 2] [--V 1.08] [--js 1] [--out FILE]   write the table (default: stdout)
  make-ptable.py --check                                      reproduce the package's published
                                                              example (pt_ex_cnts) and exit
  make-ptable.py --expand TABLE [--out FILE]                  write pcv,ckey,pvalue (pcv 1..750,
                                                              ckey 0..4095)

A cell key c (0 .. 4095) picks the target j whose interval holds u = (c + 0.5) / 4096:
p_int_lb < u <= p_int_ub (the lookup of the sdcTools cellKey package, at the middle of each of
the 4096 slots). mcstat reads the table file and looks up the same way.
"""
import argparse
import itertools
import math
import sys

EPSILON = 1e-8
KEY_RANGE = 4096
MAX_PCV = 750


def solve_equalities(v, features, targets):
    """Maximum entropy over support v with E[f] = target for each feature (and sum p = 1):
    p_k proportional to exp(theta . f_k). Returns (p, theta) or None when it does not converge."""
    n = len(v)
    m = len(features)
    theta = [0.0] * m
    for _ in range(200):
        scores = [sum(theta[c] * features[c][k] for c in range(m)) for k in range(n)]
        top = max(scores)
        weights = [math.exp(s - top) for s in scores]
        total = sum(weights)
        p = [w / total for w in weights]
        means = [sum(p[k] * features[c][k] for k in range(n)) for c in range(m)]
        gradient = [means[c] - targets[c] for c in range(m)]
        if max(abs(g) for g in gradient) < 1e-15:
            return p, theta
        hessian = [[sum(p[k] * (features[a][k] - means[a]) * (features[b][k] - means[b]) for k in range(n))
                    for b in range(m)] for a in range(m)]
        step = solve_linear(hessian, gradient)
        if step is None:
            return None
        def dual(t):
            values = [sum(t[c] * features[c][k] for c in range(m)) for k in range(n)]
            peak = max(values)
            return math.log(sum(math.exp(x - peak) for x in values)) + peak - sum(t[c] * targets[c] for c in range(m))
        current = dual(theta)
        scale = 1.0
        while scale > 1e-12:
            candidate = [theta[c] - scale * step[c] for c in range(m)]
            try:
                if dual(candidate) <= current + 1e-18:
                    break
            except (OverflowError, ValueError):
                pass
            scale /= 2
        theta = [theta[c] - scale * step[c] for c in range(m)]
        if max(abs(t) for t in theta) > 1e6:
            return None
    scores = [sum(theta[c] * features[c][k] for c in range(m)) for k in range(n)]
    top = max(scores)
    weights = [math.exp(s - top) for s in scores]
    p = [w / sum(weights) for w in weights]
    if max(abs(sum(p[k] * features[c][k] for k in range(n)) - targets[c]) for c in range(m)) > 1e-12:
        return None
    return p, theta


def solve_linear(a, b):
    """Gaussian elimination with partial pivoting; None when singular."""
    n = len(b)
    rows = [list(a[r]) + [b[r]] for r in range(n)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(rows[r][col]))
        if abs(rows[pivot][col]) < 1e-300:
            return None
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(n):
            if r != col:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [x - factor * y for x, y in zip(rows[r], rows[col])]
    return [rows[r][n] / rows[r][r] for r in range(n)]


def max_entropy(v, variance, mono):
    """The distribution of noise over v: maximum entropy, mean 0, variance <= `variance`, and with
    `mono` p[k] <= p[k + 1] for every k left of the noise 0."""
    zero = v.index(0) if 0 in v else None
    mono_pairs = [(k, k + 1) for k in range(zero)] if (mono and zero is not None) else []
    inequalities = [("var", None)] + [("mono", pair) for pair in mono_pairs]
    best = None
    for size in range(len(inequalities) + 1):
        for active in itertools.combinations(inequalities, size):
            features = [list(map(float, v))]
            targets = [0.0]
            for kind, pair in active:
                if kind == "var":
                    features.append([float(x * x) for x in v])
                    targets.append(float(variance))
                else:
                    feature = [0.0] * len(v)
                    feature[pair[0]], feature[pair[1]] = 1.0, -1.0
                    features.append(feature)
                    targets.append(0.0)
            solved = solve_equalities(v, features, targets)
            if solved is None:
                continue
            p, theta = solved
            # Multipliers of binding inequalities must have the right sign (theta <= 0).
            if any(t > 1e-9 for t in theta[1:]):
                continue
            if sum(p[k] * v[k] * v[k] for k in range(len(v))) > variance + 1e-12:
                continue
            if any(p[a] > p[b] + 1e-12 for a, b in mono_pairs):
                continue
            if min(p) < EPSILON:
                continue
            entropy = -sum(x * math.log(x) for x in p)
            if best is None or entropy > best[0] + 1e-15:
                best = (entropy, p)
    if best is None:
        sys.exit(f"no distribution over {v} meets the constraints (variance {variance})")
    return best[1]


def ptable(D, V, js, mono=None):
    """Rows (i, j, p, v, p_int_lb, p_int_ub) of the count ptable, as create_cnt_ptable makes it."""
    ncat = D if js == 0 else D + js + 1
    mono = mono if mono is not None else [True] * ncat
    blocked = set(range(1, js + 1))
    rows = [(0, 0, 1.0, 0, 0.0, 1.0)]
    for i in range(1, ncat + 1):
        targets = [j for j in range(max(i - D, 0), i + D + 1) if j not in blocked]
        noise = [j - i for j in targets]
        p = max_entropy(noise, V, mono[i - 1])
        upper = 0.0
        for j, x, probability in zip(targets, noise, p):
            lower = upper
            upper += probability
            lb, ub = round(lower, 8), round(upper, 8)
            rows.append((i, j, ub - lb, x, lb, ub))
    return rows


def write_table(rows, out):
    out.write("i;j;p;v;p_int_lb;p_int_ub;type\n")
    for i, j, p, v, lb, ub in rows:
        out.write(f"{i};{j};{p:.8f};{v};{lb:.8f};{ub:.8f};all\n")


def read_table(path):
    """Rows of a ptable file (';' or ',' separated, columns by name): {i: [(j, lb, ub)]}."""
    with open(path, encoding="utf-8") as handle:
        lines = [line.strip() for line in handle if line.strip()]
    separator = ";" if ";" in lines[0] else ","
    header = [name.strip().strip('"') for name in lines[0].split(separator)]
    table = {}
    for line in lines[1:]:
        values = dict(zip(header, (x.strip().strip('"') for x in line.split(separator))))
        i, j = int(values["i"]), int(values["j"])
        ub = float(values["p_int_ub"])
        lb = float(values["p_int_lb"]) if "p_int_lb" in values else (table[i][-1][2] if i in table else 0.0)
        table.setdefault(i, []).append((j, lb, ub))
    return table


def noise(table, count, ckey):
    """The noise for an original count and a cell key, looked up as mcstat does."""
    if count == 0:
        return 0
    row = table[min(count, max(table))]
    u = (ckey + 0.5) / KEY_RANGE
    for j, lb, ub in row:
        if lb < u <= ub:
            return j - min(count, max(table))
    return row[-1][0] - min(count, max(table))


def expand(table, out):
    out.write("pcv,ckey,pvalue\n")
    for pcv in range(1, MAX_PCV + 1):
        for ckey in range(KEY_RANGE):
            out.write(f"{pcv},{ckey},{noise(table, pcv, ckey)}\n")


# The published example: ptable's pt_ex_cnts() is create_cnt_ptable(D = 2, V = 1.05, js = 1,
# mono = c(TRUE, TRUE, FALSE, TRUE)); its test (tests/testthat/test-examples.R) lists the p column.
PUBLISHED_EXAMPLE = [
    1.00000000, 0.50833333, 0.47500000, 0.01666667, 0.16155827, 0.55565037, 0.24246618, 0.04032518,
    0.41231301, 0.28806097, 0.18693903, 0.11268699, 0.07012498, 0.24450007, 0.37074990, 0.24450007,
    0.07012498,
]


def check():
    rows = ptable(2, 1.05, 1, mono=[True, True, False, True])
    got = [row[2] for row in rows]
    if len(got) != len(PUBLISHED_EXAMPLE):
        sys.exit(f"pt_ex_cnts: {len(got)} rows, the package has {len(PUBLISHED_EXAMPLE)}")
    worst = max(abs(a - b) for a, b in zip(got, PUBLISHED_EXAMPLE))
    if worst > 2e-6:
        sys.exit(f"pt_ex_cnts: p differs from the package's by up to {worst:.2e}: {got}")
    print(f"pt_ex_cnts reproduced: 17 probabilities within {worst:.1e} of the ptable package's")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--D", type=int, default=2)
    parser.add_argument("--V", type=float, default=1.08)
    parser.add_argument("--js", type=int, default=1)
    parser.add_argument("--out")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--expand")
    args = parser.parse_args()
    if args.check:
        check()
        return
    out = open(args.out, "w", encoding="utf-8", newline="\n") if args.out else sys.stdout
    with out:
        if args.expand:
            expand(read_table(args.expand), out)
        else:
            write_table(ptable(args.D, args.V, args.js), out)


if __name__ == "__main__":
    main()
