"""Unions read through a member other than the one last written (type punning).

wasm32 is little-endian and IEEE, so the bytes of a `float`/`double`/integer read back
as another member of the same size are defined and equal under clang.  Bit patterns
written as integers and read as floating values keep one exponent bit clear, so they
are never NaN (whose sign and payload may change when a NaN is converted).
"""

FLOAT_VALUES = ["0.0f", "-0.0f", "1.0f", "-2.5f", "0.1f", "3.4028235e38f", "1.17549435e-38f", "1e-45f",
                "16777217.0f", "-123456.789f", "INFINITY", "-INFINITY", "1e30f"]
DOUBLE_VALUES = ["0.0", "-0.0", "1.0", "-2.5", "0.1", "1.7976931348623157e308", "2.2250738585072014e-308",
                 "4.9e-324", "9007199254740993.0", "-1e300", "HUGE_VAL", "-HUGE_VAL", "1e-10"]

PUN_DEFS = [
    "union pf { float f; uint32_t u; int32_t i; uint16_t h[2]; unsigned char b[4]; };",
    "union pd { double d; uint64_t u; int64_t i; uint32_t w[2]; uint16_t h[4]; unsigned char b[8]; float f[2]; };",
    "union pi { int i; unsigned u; short s[2]; signed char c[4]; struct { unsigned short lo, hi; } parts; };",
    "union pl { long long ll; struct pair { int a; unsigned b; } p; double d; };",
]


def float_bits(g, scope, ind):
    """Write a float, read its bits; write bits (exponent not all ones), read a float."""
    r = g.rng
    g.once("pun", PUN_DEFS)
    k, bit = g.fresh("k"), r.randint(23, 30)
    fv = r.choice(FLOAT_VALUES + [f"(float)(int){{K}} / {r.choice(['7.0f', '3.0f', '1024.0f'])}"])
    fv = fv.replace("{K}", f"({k} & 0xffffu)")
    fmt = r.choice(["%a", "%e", "%.9g", "%g", "%.3e"])
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)}; union pf v;",
        f"  v.f = {fv};",
        "  printf(\"pf %08x %d %u %u %u\\n\", (unsigned)v.u, (int)v.i, (unsigned)v.h[1], (unsigned)v.b[0], (unsigned)v.b[3]);",
        f"  v.u = ({k} * 2654435761u) & ~(1u << {bit});",
        f"  printf(\"pf' {fmt} %d\\n\", (double)v.f, v.f == v.f);",
        f"  v.b[{r.randint(0, 3)}] = (unsigned char)({k} >> 3); v.b[3] &= 0xbfu;",
        f"  printf(\"pf'' {fmt} %08x\\n\", (double)v.f, (unsigned)v.u);",
        "}",
    ]
    return [ind + x for x in lines]


def double_bits(g, scope, ind):
    """The same for `double`, with 32- and 16-bit halves and two floats in the bytes."""
    r = g.rng
    g.once("pun", PUN_DEFS)
    k, bit = g.fresh("k"), r.randint(52, 61)
    dv = r.choice(DOUBLE_VALUES + [f"(double)({k} & 0xffffu) * {r.choice(['1e300', '1e-300', '0.3', '-1e20'])}"])
    fmt = r.choice(["%a", "%e", "%.17g", "%g", "%.12e", "%f", "%.12a", "%.5a"])
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)}; union pd v;",
        f"  v.d = {dv};",
        "  printf(\"pd %016llx %lld %08x %u %u\\n\", (unsigned long long)v.u, (long long)v.i, (unsigned)v.w[1], (unsigned)v.h[0], (unsigned)v.b[7]);",
        f"  v.u = ((unsigned long long){k} * 0x9E3779B97F4A7C15ull) & ~(1ull << {bit});",
        f"  printf(\"pd' {fmt} %d\\n\", v.d, v.d < 0);",
        f"  v.w[0] = {k} & 0x3f7fffffu; v.w[1] = ({k} >> 1) & 0x3f7fffffu;",
        f"  printf(\"pd'' %.9g %.9g {fmt}\\n\", (double)v.f[0], (double)v.f[1], v.d);",
        "}",
    ]
    return [ind + x for x in lines]


def int_parts(g, scope, ind):
    """Integers read as halves, bytes, a nested struct; a struct read as a long long."""
    r = g.rng
    g.once("pun", PUN_DEFS)
    k = g.fresh("k")
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)}; union pi v; union pl w;",
        f"  v.i = (int){k};",
        "  printf(\"pi %d %d %d %d %u %u\\n\", v.s[0], v.s[1], v.c[0], v.c[3], v.parts.lo, v.parts.hi);",
        f"  v.parts.hi = (unsigned short)({k} >> 7); v.c[{r.randint(0, 3)}] = (signed char)-{r.randint(1, 128)};",
        "  printf(\"pi' %d %u\\n\", v.i, v.u);",
        f"  w.p.a = -(int)({k} & 0xffffu); w.p.b = {k} ^ 0x{r.getrandbits(32):x}u;",
        "  printf(\"pl %lld %llx\\n\", w.ll, (unsigned long long)w.ll);",
        f"  w.ll = (long long)((unsigned long long){k} << {r.randint(0, 31)});",
        "  printf(\"pl' %d %u %zu\\n\", w.p.a, w.p.b, sizeof w);",
        "}",
    ]
    return [ind + x for x in lines]


BLOCKS = [float_bits, double_bits, int_parts]
