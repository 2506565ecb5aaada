"""Smaller documented constructs: enums with explicit, negative and wide values; static
functions through a typedef'd function pointer; string literal concatenation and char
arrays sized by their initializer; `sizeof` of expressions (unevaluated); const
globals; nested `?:` mixing types; comma operators in `for` headers; `switch` inside
loops with `continue`; function-like macros; `__func__`, `_Static_assert`, `_Alignof`.
"""

MISC_DEFS = [
    "enum color { RED = -5, GREEN, BLUE = 10, ALPHA = -1, WHITE = BLUE * 3 };",
    "enum wide { W_LOW = 1, W_HIGH = 0x7fffffff, W_MORE };",
    "enum huge { H_A = -1, H_B = 0x100000000LL };",
    "typedef int (*int_op)(int);",
    "static int op_neg(int x) { return x == INT_MIN ? 0 : -x; }",
    "static int op_half(int x) { return x / 2; }",
    "static int op_sq(int x) { return (x & 0x7fff) * (x & 0x7fff); }",
    "static const int_op int_ops[] = {op_neg, op_half, op_sq};",
    "static const int cg_tab[] = {3, -1, 4, 1, -5, 9, 2, 6};",
    "static const double cg_scale = 2.5;",
    "static const char *const cg_names[] = {\"zero\", \"one\" \"-and-a-bit\", \"two\"};",
    "static const char cg_msg[] = \"con\" \"cat\" \"\\0hidden\";",
    "static const char cg_grid[][5] = {\"ab\", \"cdef\", \"\"};",
    "#define SQ(x) ((x) * (x))",
    "#define PICK(c, a, b) ((c) ? (a) : (b))",
    "_Static_assert(sizeof(enum color) == 4, \"enum size\");",
    "static const char *whoami(void) { return __func__; }",
]


def enums(g, scope, ind):
    """Enum constants, their sizes and signedness, a switch over negative cases."""
    g.once("misc", MISC_DEFS)
    k = g.fresh("k")
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)}; enum color c = (enum color)((int)({k} % 5u) - 5);",
        "  printf(\"enum %d %d %d %d %d %lld %lld %lld %zu %zu %zu %d\\n\", RED, GREEN, BLUE, ALPHA, WHITE, (long long)W_HIGH, (long long)W_MORE, (long long)H_B, sizeof(enum color), sizeof(enum wide), sizeof(enum huge), RED < 0);",
        "  switch (c) { case RED: printf(\"red\\n\"); break; case GREEN: printf(\"green\\n\"); break; case ALPHA: printf(\"alpha\\n\"); break; default: printf(\"other %d\\n\", (int)c); }",
        "}",
    ]
    return [ind + x for x in lines]


def consts(g, scope, ind):
    """const globals, concatenated literals, char arrays sized by their strings, sizeof."""
    g.once("misc", MISC_DEFS)
    r = g.rng
    k = g.fresh("k")
    lit = r.choice(['"ab" "cd"', '"" "x"', '"multi\\n" "line"', '"a\\0b" "c"'])
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)}; char s[] = {lit}; int i = (int)({k} & 7u); long long L = 0;",
        "  printf(\"const %zu %zu %d %g %s %s %zu %zu %s|%s|%s\\n\", sizeof s, strlen(s), cg_tab[i], cg_scale * i, cg_names[i % 3], cg_msg, sizeof cg_msg, sizeof cg_grid, cg_grid[0], cg_grid[1], cg_grid[2]);",
        "  printf(\"sizeof %zu %zu %zu %zu %zu %zu %zu %zu %d\\n\", sizeof(i++), sizeof(L + 1), sizeof 'a', sizeof(char), sizeof \"abc\", sizeof cg_tab / sizeof cg_tab[0], sizeof(i ? 1 : 2.0), sizeof(int (*)[3]), i);",
        "  printf(\"%s %zu %d\\n\", whoami(), _Alignof(double), SQ(i + 1));",
        "}",
    ]
    return [ind + x for x in lines]


def ternaries(g, scope, ind):
    """Nested ?: whose arms have different types: the result takes the common type."""
    g.once("misc", MISC_DEFS)
    a, b, c = (g.int_expr(scope, 1) for _ in range(3))
    k = g.fresh("k")
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)}; int t = (int)({k} % 3u); short sh = (short){k}; unsigned char uc = (unsigned char){k};",
        "  printf(\"tern %lld %llu %g %d\\n\",",
        "         (long long)(t == 0 ? sh : t == 1 ? -1 : 2u),",
        f"         (unsigned long long)(t ? ({a.code}) : ({b.code})),",
        f"         (t == 2 ? 1.5 : t ? (float)uc : ({c.code}) & 1023) * 1.0,",
        "         (int)PICK(t, PICK(t - 1, uc, sh), -uc));",
        "}",
    ]
    return [ind + x for x in lines]


def loops(g, scope, ind):
    """Comma operators in for headers, switch with continue inside loops, calls through
    a typedef'd pointer to static functions."""
    g.once("misc", MISC_DEFS)
    r = g.rng
    k, n = g.fresh("k"), r.randint(1, 30)
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)}; unsigned acc = 0; int i, j;",
        f"  for (i = 0, j = {n}; i < j; i++, j -= 2) acc = acc * 7u + (unsigned)(i * j);",
        f"  for (i = 0; i < {n}; i++) {{",
        f"    switch ((i + (int)({k} & 3u)) % 5) {{",
        "    case 0: continue;",
        "    case 1: acc += 3u; /* fallthrough */",
        "    case 2: acc ^= (unsigned)i; break;",
        "    case -1: acc = 0; break;",
        "    default: if (i & 1) continue; acc += 100u;",
        "    }",
        "    acc = acc * 3u + 1u;",
        "  }",
        "  int v = (int)(acc & 0xffffu);",
        f"  for (int_op const *op = int_ops; op < int_ops + 3; op++) v = (*op)(v) + (int)({k} & 15u);",
        "  printf(\"loops %u %d %d %d\\n\", acc, i, j, v);",
        "}",
    ]
    return [ind + x for x in lines]


BLOCKS = [enums, consts, ternaries, loops]
