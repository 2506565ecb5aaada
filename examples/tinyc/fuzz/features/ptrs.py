"""Pointers beyond `T *`: arrays of strings (`char **`), `int **`/`int ***`, writes through
pointers to pointers, arrays of pointers, pointers to arrays, pointers to struct members,
and structs holding pointers (to other objects, to their own type, to themselves).
"""

WORDS = ["pear", "apple", "fig", "", "kiwi", "banana", "Zed", "apple pie", "a", "cherry"]

PTR_DEFS = [
    "static void set_ptr(int **out, int *target) { *out = target; }",
    "static void swap_str(const char **a, const char **b) { const char *t = *a; *a = *b; *b = t; }",
    "struct pnode { int val; int *ref; const char *name; struct pnode *self; struct pnode *peer; };",
]


def strings(g, scope, ind):
    """An array of string pointers sorted by swapping pointers, walked by `char **`."""
    r = g.rng
    g.once("ptrdefs", PTR_DEFS)
    ws = r.sample(WORDS, r.randint(2, 6))
    n = len(ws)
    init = ", ".join(f'"{w}"' for w in ws)
    lines = [
        f"{{ const char *w[{n + 1}] = {{{init}, NULL}}; unsigned long long h = 0;",
        f"  for (int i = 0; i < {n}; i++) for (int j = 0; j + 1 < {n} - i; j++) if (strcmp(w[j], w[j + 1]) > 0) swap_str(&w[j], &w[j + 1]);",
        "  for (const char **pp = w; *pp; pp++) { printf(\"%s,\", *pp); for (const char *c = *pp; *c; c++) h = h * 31u + (unsigned char)*c; }",
        "  const char **last = w; while (last[1]) last++;",
        f"  printf(\" h=%llu last=%s first=%c n=%d\\n\", h, *last, **w ? **w : '-', (int)(last - w));",
        "}",
    ]
    return [ind + x for x in lines]


def matrix(g, scope, ind):
    """A matrix reached through `int *rows[]`, `int **` and `int ***`, rows swapped."""
    r = g.rng
    g.once("ptrdefs", PTR_DEFS)
    n, m, k = r.randint(2, 4), r.randint(1, 5), g.fresh("k")
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)}; int cells[{n}][{m}]; int *rows[{n}];",
        f"  for (int i = 0; i < {n}; i++) {{ rows[i] = cells[i]; for (int j = 0; j < {m}; j++) cells[i][j] = (int)(({k} >> (i + j)) & 1023u) - 200; }}",
        "  int **pp = rows; int ***ppp = &pp;",
        f"  {{ int *t = rows[0]; rows[0] = rows[{n - 1}]; rows[{n - 1}] = t; }}",
        f"  (**ppp)[{m - 1}] += 5; (*ppp)[1][0] *= 3; *pp[{n - 1}] -= 1; ++**pp;",
        "  int *best = NULL;",
        f"  for (int i = 0; i < {n}; i++) for (int j = 0; j < {m}; j++) if (!best || pp[i][j] > *best) set_ptr(&best, &pp[i][j]);",
        f"  int (*pa)[{m}] = cells; unsigned long long h = 0;",
        f"  for (int i = 0; i < {n}; i++, pa++) for (int j = 0; j < {m}; j++) h = h * 31u + (unsigned)(*pa)[j];",
        f"  printf(\"matrix %llu best=%d at %d\\n\", h, *best, (int)(((char *)best - (char *)cells) / (int)sizeof(int)));",
        "}",
    ]
    return [ind + x for x in lines]


def ptr_array(g, scope, ind):
    """An array of pointers into scalars and an array, rotated, written through."""
    r = g.rng
    k, n = g.fresh("k"), r.randint(2, 6)
    t = r.choice(["int", "unsigned", "short", "long long", "unsigned char"])
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)}; {t} xs[{n}]; {t} lone = ({t}){k};",
        f"  {t} *ps[{n + 1}]; {t} *const *cp = ps;",
        f"  for (int i = 0; i < {n}; i++) {{ xs[i] = ({t})({k} * (unsigned)(i + 3)); ps[i] = &xs[{n - 1} - i]; }}",
        f"  ps[{n}] = &lone;",
        f"  for (int rep = 0; rep < {r.randint(1, 4)}; rep++) {{ {t} *first = ps[0]; for (int i = 0; i < {n}; i++) ps[i] = ps[i + 1]; ps[{n}] = first; }}",
        f"  for (int i = 0; i <= {n}; i++) *ps[i] = ({t})(*ps[i] ^ ({t})(i * 37));",
        f"  *cp[0] = ({t})((unsigned long long)*cp[0] + 1u); *cp[{n}] = ({t})((unsigned long long)*cp[{n}] - 1u);",
        "  unsigned long long h = (unsigned long long)lone;",
        f"  for (int i = 0; i < {n}; i++) h = h * 31u + (unsigned long long)xs[i] + (unsigned long long)(ps[i] == &lone);",
        "  printf(\"parr %llu\\n\", h); }",
    ]
    return [ind + x for x in lines]


def struct_ptrs(g, scope, ind):
    """Structs pointing at ints, at their own members, at themselves and at each other."""
    r = g.rng
    g.once("ptrdefs", PTR_DEFS)
    k = g.fresh("k")
    nm = r.sample(WORDS, 2)
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)}; int x = (int)({k} & 255u), y = -{r.randint(0, 99)};",
        "  struct pnode a, b, arr[3];",
        f"  a.val = 1; a.ref = &x; a.name = \"{nm[0]}\"; a.self = &a; a.peer = &b;",
        f"  b.val = 2; b.ref = &a.val; b.name = \"{nm[1]}\"; b.self = &b; b.peer = &a;",
        "  *a.peer->ref += 10; a.self->self->peer->val ^= 7; *b.peer->ref += y;",
        "  for (int i = 0; i < 3; i++) { arr[i] = i & 1 ? a : b; arr[i].self = &arr[i]; arr[i].peer = &arr[(i + 1) % 3]; }",
        "  int *mp = &arr[1].val; *mp += 100; arr[2].peer->peer->ref = &y; *arr[0].ref += 1;",
        "  const char **np = &arr[2].name; *np = a.name;",
        "  int s = 0; struct pnode *p = &arr[0];",
        "  for (int i = 0; i < 7; i++, p = p->peer) s = s * 3 + p->val + (p->self == p) + (p->peer->peer->peer == p);",
        "  printf(\"sptr %d x=%d y=%d a=%d b=%d %s %s %d\\n\", s, x, y, a.val, b.val, arr[2].name, b.peer->name, *b.ref);",
        "}",
    ]
    return [ind + x for x in lines]


def side_effects(g, scope, ind):
    """Lvalues with side effects (evaluated once), pointers as truth values, `p[-1]`."""
    r = g.rng
    k, n = g.fresh("k"), r.randint(3, 8)
    t = r.choice(["int", "unsigned", "unsigned char", "long long", "short"])
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)}; {t} a[{n}]; int i = 0; {t} *p = a, *e = NULL;",
        f"  for (int j = 0; j < {n}; j++) a[j] = ({t})(({k} >> j) & 0xfffu);",
        f"  a[i++] += 5; a[i++] <<= 1; *p++ |= 3; *p++ ^= ({t})i; a[i--] -= 1; p[-1] &= ({t})0x7f;",
        f"  {t} *q = &a[{n - 1}]; *q-- = 9; *(q--) += 2; _Bool b1 = p, b2 = e; int cnt = 0;",
        f"  for ({t} *w = a; w && w < a + {n}; w += 2) cnt += *w != 0;",
        "  unsigned long long h = 0;",
        f"  for (int j = 0; j < {n}; j++) h = h * 131u + (unsigned long long)a[j];",
        "  printf(\"side %llu %d %d %d %d %d %d %d\\n\", h, i, (int)(p - a), (int)(q - a), b1, b2, !e && p, cnt);",
        "}",
    ]
    return [ind + x for x in lines]


BLOCKS = [strings, matrix, ptr_array, struct_ptrs, side_effects]
