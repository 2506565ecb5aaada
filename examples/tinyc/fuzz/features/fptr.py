"""Function pointers of several signatures: returning `long long` and `double`, taking
struct pointers; typedef'd and spelled out; in structs and arrays of structs; passed as
arguments, returned from functions, compared, called as `f(x)` and `(*f)(x)`.
"""

FPTR_DEFS = [
    "typedef long long (*llfn)(long long, int);",
    "typedef double (*dfn)(double);",
    "static long long ll_mix(long long x, int s) { return (long long)((unsigned long long)x * 3u + (unsigned)s); }",
    "static long long ll_shr(long long x, int s) { return x >> (s & 15); }",
    "static long long ll_xor(long long x, int s) { return x ^ (long long)((unsigned long long)(unsigned)s << 20); }",
    "static double d_half(double x) { return x * 0.5 + 1.0; }",
    "static double d_root(double x) { return sqrt(fabs(x)); }",
    "static double d_floor(double x) { return floor(x / 3.0); }",
    "struct fops { const char *name; llfn f; double (*g)(double); int weight; };",
    "static const struct fops fops_tab[3] = {{\"mix\", ll_mix, d_half, 1}, {\"shr\", ll_shr, d_root, 2}, {\"xor\", ll_xor, d_floor, 3}};",
    "static long long apply_ll(llfn f, long long x, int n) { for (int i = 0; i < n; i++) x = f(x, i); return x; }",
    "static double apply_d(double (*g)(double), double x, int n) { while (n-- > 0) x = (*g)(x); return x; }",
    "static llfn pick_ll(int k) { return k % 3 == 0 ? ll_mix : k % 3 == 1 ? ll_shr : ll_xor; }",
    "static double (*pick_d(int k))(double) { return (k & 1) ? d_root : &d_half; }",
    "struct acc { long long sum; int n; };",
    "static void acc_add(struct acc *a, long long v) { a->sum = (long long)((unsigned long long)a->sum + (unsigned long long)v); a->n++; }",
    "static void acc_max(struct acc *a, long long v) { if (a->n++ == 0 || v > a->sum) a->sum = v; }",
    "static void for_each(const long long *xs, int n, void (*cb)(struct acc *, long long), struct acc *st) { for (int i = 0; i < n; i++) cb(st, xs[i]); }",
    "static int cmp_acc(const struct acc *x, const struct acc *y) { return (x->sum > y->sum) - (x->sum < y->sum); }",
    "struct blob { char name[6]; int vals[3]; double d; };",
    "typedef struct blob (*blobfn)(int, const char *);",
    "static struct blob blob_make(int n, const char *s) { struct blob b; memset(&b, 0, sizeof b); strncpy(b.name, s, 5); for (int i = 0; i < 3; i++) b.vals[i] = n * (i + 1); b.d = n / 4.0; return b; }",
    "static struct blob blob_rev(int n, const char *s) { struct blob b = blob_make(-n, s); char t = b.name[0]; b.name[0] = b.name[1]; b.name[1] = t; return b; }",
    "struct maker { blobfn make; const char *label; };",
    "static long long vptrs(int n, ...) {",
    "    va_list ap, cp; va_start(ap, n); va_copy(cp, ap); long long h = 0;",
    "    for (int i = 0; i < n; i++) { int *ip = va_arg(ap, int *); const char *s = va_arg(ap, const char *); h = h * 31 + *ip + (s ? (long long)strlen(s) : -1); (*ip)++; }",
    "    for (int i = 0; i < n; i++) { va_arg(cp, int *); h += va_arg(cp, const char *) != NULL; }",
    "    va_end(cp); va_end(ap); return h;",
    "}",
    "static int cmp_acc_rev(const struct acc *x, const struct acc *y) { return cmp_acc(y, x); }",
    "static void sort_acc(struct acc *a, int n, int (*cmp)(const struct acc *, const struct acc *)) {",
    "    for (int i = 1; i < n; i++) { struct acc t = a[i]; int j = i; while (j > 0 && cmp(&a[j - 1], &t) > 0) { a[j] = a[j - 1]; j--; } a[j] = t; }",
    "}",
]


def table(g, scope, ind):
    """Calls through a struct table, through returned and passed function pointers."""
    r = g.rng
    g.once("fptr", FPTR_DEFS)
    k = g.fresh("k")
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)}; long long x = (long long){k} - {r.randint(0, 10**6)}LL;",
        "  for (int i = 0; i < 3; i++) {",
        f"    const struct fops *op = &fops_tab[(i + (int)({k} & 1u)) % 3];",
        f"    x = apply_ll(op->f, x, op->weight + {r.randint(0, 3)}); printf(\"%s %lld \", op->name, x);",
        f"    printf(\"%.10g\\n\", apply_d(op->g, (double)(x % 100000) * {r.choice(['1.5', '-0.75', '1e-3', '12345.678'])}, op->weight));",
        "  }",
        f"  llfn f = pick_ll((int)({k} % 7u)); long long (*f2)(long long, int) = ll_shr; dfn d = pick_d((int){k});",
        f"  printf(\"fp %lld %lld %d %d %.6e\\n\", f(x, {r.randint(0, 40)}), (*f2)(x, 3), f == f2, d == d_root, d({r.choice(['2.0', '1e10', '-7.5', '0.0'])}));",
        "}",
    ]
    return [ind + x for x in lines]


def callbacks(g, scope, ind):
    """A callback taking a struct pointer, and a sort taking a comparator."""
    r = g.rng
    g.once("fptr", FPTR_DEFS)
    k, n = g.fresh("k"), r.randint(1, 7)
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)}; long long xs[{n}]; struct acc st[{n}];",
        f"  for (int i = 0; i < {n}; i++) xs[i] = (long long)(int)({k} * (unsigned)(2 * i + 1)) * {r.choice([1, -3, 100003])};",
        f"  void (*cbs[2])(struct acc *, long long) = {{acc_add, acc_max}};",
        f"  for (int i = 0; i < {n}; i++) {{ st[i].sum = 0; st[i].n = 0; for_each(xs, i + 1, cbs[(i + (int){k}) & 1], &st[i]); }}",
        f"  sort_acc(st, {n}, {r.choice(['cmp_acc', 'cmp_acc_rev', '({K} & 4u) ? cmp_acc : cmp_acc_rev'])});".replace("{K}", k),
        f"  for (int i = 0; i < {n}; i++) printf(\"%lld/%d \", st[i].sum, st[i].n);",
        "  printf(\"\\n\"); }",
    ]
    return [ind + x for x in lines]


def struct_returns(g, scope, ind):
    """Function pointers returning structs, held in structs; variadic pointer arguments."""
    r = g.rng
    g.once("fptr", FPTR_DEFS)
    k = g.fresh("k")
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)}; struct maker ms[2] = {{{{blob_make, \"mk\"}}, {{blob_rev, \"rv\"}}}};",
        f"  int n = (int)({k} & 1023u); struct blob b = ms[{k} & 1u].make(n, \"{r.choice(['hello', 'ab', '', 'xyzzy!'])}\");",
        "  struct blob c = (*ms[1].make)(n + 1, ms[0].label);",
        "  printf(\"blob %s %d %d %g %s %d %zu\\n\", b.name, b.vals[2], b.vals[0], b.d, c.name, ms[0].make(3, \"q\").vals[1], sizeof(struct blob));",
        f"  int x = (int)({k} % 100u), y = -3;",
        "  long long h = vptrs(2, &x, \"abc\", &y, (const char *)NULL);",
        "  printf(\"vptr %lld %d %d\\n\", h, x, y);",
        "}",
    ]
    return [ind + x for x in lines]


BLOCKS = [table, callbacks, struct_returns]
