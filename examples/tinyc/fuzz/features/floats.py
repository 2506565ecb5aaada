"""Floating point outside the core generator's ±1e6 box: huge, tiny and subnormal values,
infinities, NaN, -0.0, float<->double rounding, overflow to infinity, `sqrt`, `fabs`,
`floor`, `ceil`, printed with every documented floating conversion.

A NaN's sign is not defined (wasm may produce either for `inf - inf` or `sqrt(-1)`), so a
NaN is printed only after `fabs` (and `-fabs`), and otherwise only compared.
"""

VALUES = ["1e10", "-3.5e15", "1e300", "-1e-300", "4.9e-324", "DBL_MAX", "DBL_MIN", "FLT_MAX", "FLT_MIN",
          "DBL_EPSILON", "INFINITY", "-INFINITY", "HUGE_VAL", "-0.0", "0.0", "123456789.125", "0.5", "2.5",
          "-1.5e-7", "9007199254740993.0", "1e22", "1e23", "5e-310", "0.1", "(double)0.1f", "1e38f",
          "-(double)FLT_MAX * 2.0", "1e308 * 10.0", "fabs(INFINITY - INFINITY)", "-fabs(0.0 * INFINITY)",
          "1234.5", "0.000123456", "999999.5", "1e-5", "100.0", "-99.995"]

FORMATS = ["%f", "%.0f", "%.2f", "%.10f", "%e", "%.3e", "%E", "%.0e", "%g", "%.3g", "%G", "%#g", "%#.0f",
           "%+e", "% g", "%12.4e", "%-12g|", "%012.3f", "%+08.2e", "%a", "%.3a", "%A", "%.1a", "%#.0e",
           "%.17g", "%.0g", "%F", "%10.3F", "%.12a", "%.11a", "%.13a", "%#.12A", "%15.7f", "%-+10.1f|", "%010g", "%#.3g"]


def show(g, scope, ind):
    """A few special values, each in a few formats."""
    r = g.rng
    lines = []
    for _ in range(r.randint(1, 4)):
        v = r.choice(VALUES)
        fmts = [f for f in r.sample(FORMATS, r.randint(1, 4))]
        if not fmts:
            continue
        args = ", ".join([f"(double)({v})"] * len(fmts))
        lines.append(f'{ind}printf("v {" ".join(fmts)}\\n", {args});')
    return lines or [f'{ind}printf("%g\\n", 1e100);']


def nan_compare(g, scope, ind):
    """Every comparison with a NaN operand, and NaN through ?:, min/max and fabs."""
    r = g.rng
    k = g.fresh("k")
    other = r.choice(["1.0", "INFINITY", "-INFINITY", "0.0", f"(double){k}"])
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)}; volatile double inf = INFINITY; double nn = inf - inf, o = {other};",
        f"  float fn = (float)nn; float fo = (float)({k} & 255u);",
        "  printf(\"nan %d%d%d%d%d%d %d%d%d%d %d%d\", nn == nn, nn != nn, nn < o, nn <= o, nn > o, nn >= o, o == nn, o != nn, o < nn, !(o >= nn), fn == fn, fn < fo);",
        "  double lo = nn < o ? nn : o, hi = o > nn ? o : nn;",
        "  printf(\" %g %g %g %g %d\\n\", fabs(lo), fabs(hi), -fabs(sqrt(-o - 1.0)), fabs(nn * 0.0), (nn ? 1 : 2));",
        "}",
    ]
    return [ind + x for x in lines]


def neg_zero(g, scope, ind):
    """-0.0 through arithmetic, comparison, floor/ceil and every format."""
    r = g.rng
    k = g.fresh("k")
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)}; double z = -0.0, p = 0.0; float fz = -0.0f;",
        f"  double c = ceil(-(double)({k} & 1u) * 0.5), f = floor(-0.0);",
        "  printf(\"nz %f %g %e %.0f %a %d %d\\n\", z, z, z, z, z, z == p, z < p);",
        "  printf(\"nz' %g %g %g %g %g %g %g\\n\", z + p, z - p, z * -1.0, -z, c, f, (double)fz * 3.0);",
        f"  printf(\"nz'' %g %g %.1f\\n\", floor(-0.5), ceil(-0.5), (double)({k} & 3u) * z);",
        "}",
    ]
    return [ind + x for x in lines]


def conversions(g, scope, ind):
    """float<->double rounding, integers too big for a float, overflow to infinity."""
    r = g.rng
    k = g.fresh("k")
    mul = r.choice(["1e5", "10.0", "1e30", "-2.0", "0.5"])
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)}; double d = (double){k} * {r.choice(['1.0000001', '0.1', '3.0e-5', '1e9', '1e-200'])};",
        "  float f = (float)d; double back = (double)f; float big = (float)16777217; float q = (float)(d / 3.0);",
        "  printf(\"cv %.17g %.9g %.17g %d %.9g %a\\n\", d, (double)f, back, back == d, (double)big, (double)q);",
        f"  unsigned long long u = (unsigned long long){k} << 33 | {k}; long long sl = -(long long)({k} >> 1);",
        "  printf(\"cv' %.9g %.17g %.9g %.17g\\n\", (double)(float)u, (double)u, (double)(float)sl, (double)sl);",
        f"  double m = 1.0; int i = 0; for (; i < 400 && m < INFINITY && m > -INFINITY; i++) m *= {mul};",
        "  float fm = 1.0f; int j = 0; while (j < 300 && fm != 0.0f && fm < INFINITY) { fm *= 0.001f; j++; }",
        "  printf(\"ovf %d %g %d %g\\n\", i, m, j, (double)fm);",
        "}",
    ]
    return [ind + x for x in lines]


def math(g, scope, ind):
    """sqrt, fabs, floor and ceil on data-dependent values of many magnitudes."""
    r = g.rng
    k = g.fresh("k")
    scale = r.choice(["1.0", "0.125", "1e12", "1e-12", "-3.3", "1e300", "7.0e-310"])
    fmt = r.choice(["%.17g", "%e", "%a", "%.6f", "%g"])
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)}; double x = ((double)(int){k} - 0.5) * {scale};",
        f"  printf(\"math {fmt} {fmt} {fmt} {fmt} {fmt} {fmt}\\n\", sqrt(fabs(x)), fabs(x), floor(x), ceil(x), floor(-x), ceil(x / 7.0));",
        "  printf(\"math' %d %d %d\\n\", sqrt(fabs(x)) * sqrt(fabs(x)) == fabs(x), floor(x) <= x, ceil(x) >= x);",
        "}",
    ]
    return [ind + x for x in lines]


BLOCKS = [show, nan_compare, neg_zero, conversions, math]
