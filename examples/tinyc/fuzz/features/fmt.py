"""printf conversions the core generator leaves out: `%c` of any byte, `%s` with `*`
width and precision, `*` widths (negative too) and precisions, length modifiers
`hh h z t j`, `%p` of NULL, `%n`-free corner cases (`%.0d` of 0, `%#o`, `%#x` of 0),
and the return values and truncation of `snprintf`/`sprintf`, `puts`, `putchar`; and
conversions with random flags, widths, precisions and lengths on random values.
"""

INT_SPECS = ["%*d", "%-*d", "%0*d", "%.*d", "%*.*d", "%*u", "%-*x", "%#*o", "%+*d", "% *i"]
STRS = ["hello", "", "a", "tinyc fuzz", "tab\\there", "%%d", "\\x7f\\x80\\xff"]


def stars(g, scope, ind):
    """`*` widths and precisions from data, negative ones included."""
    r = g.rng
    k = g.fresh("k")
    lines = [f"{{ unsigned {k} = {g.seed_expr(scope)}; int w = (int)({k} % 25u) - 12, pr = (int)(({k} >> 5) % 15u) - 3;"]
    for _ in range(r.randint(1, 3)):
        spec = r.choice(INT_SPECS)
        nstar = spec.count("*")
        stars_ = ["w", "pr"][:nstar] if nstar == 2 else [r.choice(["w", "pr"])]
        val = r.choice([f"(int){k}", "0", "-1", f"(int)({k} & 255u)", "INT_MIN", "INT_MAX"])
        lines.append(f'  printf("[{spec}]", {", ".join(stars_)}, {val});')
    s = r.choice(STRS)
    lines.append(f'  printf("[%*.*s][%-*s][%.*s]\\n", w, pr, "{s}", w, "{s}", pr, "{s}");')
    lines.append("}")
    return [ind + x for x in lines]


def chars(g, scope, ind):
    """`%c` of every kind of byte, with widths."""
    r = g.rng
    k = g.fresh("k")
    cs = r.sample(["'a'", "' '", "'\\\\n'", "'\\\\0'", "'\\\\x7f'", "'\\\\377'", "-56", "200", "'%'", "'\\\\''",
                   f"(int)({k} & 255u)", f"(char)({k} >> 8)", "(unsigned char)300"], 4)
    cs = [c.replace("\\\\", "\\") for c in cs]
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)};",
        f'  printf("chr [%c][%3c][%-3c][%c]\\n", {", ".join(cs)});',
        f"  putchar({cs[0]}); putchar('\\n'); puts(\"{r.choice(STRS)}\");",
        "}",
    ]
    return [ind + x for x in lines]


def lengths(g, scope, ind):
    """Length modifiers: `%hhd` and `%hu` truncate, `%zu %td %jd %lld` take wide types."""
    k = g.fresh("k")
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)}; int a[5]; int *p = a + ({k} % 5u), *q = a;",
        f"  printf(\"len %hhd %hhu %hd %hu %hhx %hX %zu %zd %td %jd %ju %lli %lo\\n\", (int){k}, {k}, (int){k}, {k}, {k}, {k}, (size_t){k}, (ptrdiff_t)(int){k}, p - q, (long long)(int){k} * 3, (unsigned long long){k} << 20, -(long long){k}, (unsigned long){k});",
        f"  printf(\"zero [%.0d][%.0u][%#o][%#x][%#.0o][%+.0d][% .0i][%5.0x]\\n\", 0, 0u, 0u, 0u, 0u, 0, 0, 0u);",
        f"  printf(\"p [%p][%10p][%-10p|] %d %d\\n\", (void *)0, (void *)0, (void *)0, p == q + ({k} % 5u), p != NULL);",
        "}",
    ]
    return [ind + x for x in lines]


def buffers(g, scope, ind):
    """snprintf truncation and return value, snprintf(NULL, 0), sprintf."""
    r = g.rng
    k = g.fresh("k")
    n = r.choice([1, 2, 5, 8, 16, 40])
    fmt = r.choice(["%d-%s", "%08.3f|%x", "%s%s%c", "%lld %g", "%5.2s|%-4d"])
    args = {"%d-%s": f"(int){k}, \"{r.choice(STRS)}\"", "%08.3f|%x": f"(double){k} / 7.0, {k}",
            "%s%s%c": f"\"{r.choice(STRS)}\", \"{r.choice(STRS)}\", 'Q'", "%lld %g": f"-(long long){k} * 1000, (double){k} * 1e-3",
            "%5.2s|%-4d": f"\"{r.choice(STRS)}\", (int)({k} & 99u)"}[fmt]
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)}; char buf[{n}]; char big[128];",
        f"  int r1 = snprintf(buf, sizeof buf, \"{fmt}\", {args});",
        f"  int r2 = snprintf(NULL, 0, \"{fmt}\", {args});",
        f"  int r3 = sprintf(big, \"<{fmt}>\", {args});",
        "  printf(\"snp %d %d %d [%s] [%s] %zu\\n\", r1, r2, r3, buf, big, strlen(buf));",
        "}",
    ]
    return [ind + x for x in lines]


def random_double(r):
    """A finite double as a C hexadecimal literal: any exponent, any mantissa, or a short decimal."""
    k = r.random()
    if k < 0.3:
        return repr(r.choice([0.5, 1.5, 2.5, 0.125, 1e-5, 99999.5, 0.05, 123.456]) * r.choice([1, -1]))
    e = r.randint(-1074, 1023) if k < 0.5 else r.randint(-30, 60)
    v = float.fromhex(f"0x1.{r.getrandbits(52):013x}p{e}") if e > -1023 else float.fromhex(f"0x0.{r.getrandbits(52):013x}p-1022")
    return (v * r.choice([1, -1])).hex()


def random_specs(g, scope, ind):
    """Conversions with random flags, widths, precisions and length modifiers."""
    r = g.rng
    specs, args = [], []
    for _ in range(r.randint(1, 5)):
        flags = "".join(f for f in "-+ #0" if r.random() < 0.25)
        width = str(r.randint(0, 30)) if r.random() < 0.5 else ""
        prec = f".{r.randint(0, 20)}" if r.random() < 0.5 else ""
        if r.random() < 0.5:
            conv = r.choice("feEgGaAF")
            args.append(random_double(r))
            specs.append(f"%{flags}{width}{prec}{conv}")
        else:
            conv = r.choice("diuxXoc")
            length, ty = r.choice([("", "int"), ("h", "int"), ("hh", "int"), ("l", "long"), ("ll", "long long")])
            if conv in "diuc":  # '#' is undefined for these, '0' and a precision for %c
                flags = flags.replace("#", "")
            if conv == "c":
                length, ty, prec, flags = "", "int", "", flags.replace("0", "")
            if conv in "uxXo":
                ty = "unsigned " + ty
            args.append(f"({ty}){r.getrandbits(64) >> r.randint(0, 63)}ull")
            specs.append(f"%{flags}{width}{prec}{length}{conv}")
    return [f'{ind}printf("rs [{"][".join(specs)}]\\n", {", ".join(args)});']


BLOCKS = [stars, chars, lengths, buffers, random_specs]
