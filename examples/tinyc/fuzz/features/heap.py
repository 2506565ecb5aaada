"""malloc / calloc / realloc / free: linked lists, growing arrays, zeroed blocks, trees.

Every block frees what it allocates (so later blocks reuse recycled memory) and prints
only values and counts, never addresses.
"""

INT_TYPES = ["char", "unsigned char", "short", "unsigned short", "int", "unsigned", "long long",
             "unsigned long long"]

LIST_DEFS = [
    "struct lnode { long long v; struct lnode *next; };",
    "static unsigned long long list_hash(const struct lnode *p, int *count) {",
    "    unsigned long long h = 0; *count = 0;",
    "    for (; p != NULL; p = p->next) { h = h * 31u + (unsigned long long)p->v; (*count)++; }",
    "    return h;",
    "}",
    "static void list_free(struct lnode *p) { while (p) { struct lnode *n = p->next; free(p); p = n; } }",
]

TREE_DEFS = [
    "struct tnode { int key; unsigned cnt; struct tnode *kid[2]; };",
    "static void tree_insert(struct tnode **root, int key) {",
    "    while (*root && (*root)->key != key) root = &(*root)->kid[key > (*root)->key];",
    "    if (*root) { (*root)->cnt++; return; }",
    "    struct tnode *n = malloc(sizeof(struct tnode));",
    "    if (!n) return;",
    "    n->key = key; n->cnt = 1; n->kid[0] = n->kid[1] = NULL; *root = n;",
    "}",
    "static unsigned long long tree_walk(const struct tnode *t, int depth, int *height) {",
    "    if (!t) return 0;",
    "    if (depth > *height) *height = depth;",
    "    unsigned long long h = tree_walk(t->kid[0], depth + 1, height);",
    "    h = h * 1000003u + (unsigned)t->key * 7u + t->cnt;",
    "    return h ^ tree_walk(t->kid[1], depth + 1, height) * 3u;",
    "}",
    "static void tree_free(struct tnode *t) { if (t) { tree_free(t->kid[0]); tree_free(t->kid[1]); free(t); } }",
]


def linked_list(g, scope, ind):
    """A list built at both ends, filtered through a pointer to pointer, reversed, freed."""
    r = g.rng
    g.once("lnode", LIST_DEFS)
    k, n, m = g.fresh("k"), r.randint(0, 30), r.randint(2, 5)
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)};",
        "  struct lnode *head = NULL, *tail = NULL; int cnt;",
        f"  for (int i = 0; i < {n} + (int)({k} & 7u); i++) {{",
        "    struct lnode *nd = (struct lnode *)malloc(sizeof *nd);",
        "    if (nd == NULL) break;",
        f"    nd->v = (long long)({k} * (unsigned)(i + 1)) - {r.randint(0, 5000)}LL; nd->next = NULL;",
        f"    if (i % {m} == 0) {{ nd->next = head; head = nd; if (!tail) tail = nd; }}",
        "    else { if (tail) tail->next = nd; else head = nd; tail = nd; }",
        "  }",
        f"  printf(\"list %llu\", list_hash(head, &cnt)); printf(\" n=%d\\n\", cnt);",
    ]
    if r.random() < 0.6:
        d = r.randint(2, 7)
        lines += [
            "  for (struct lnode **pp = &head; *pp; ) {",
            f"    if ((*pp)->v % {d} == 0) {{ struct lnode *dead = *pp; *pp = dead->next; free(dead); }}",
            "    else pp = &(*pp)->next;",
            "  }",
        ]
    if r.random() < 0.6:
        lines += ["  { struct lnode *prev = NULL; while (head) { struct lnode *nx = head->next; head->next = prev; prev = head; head = nx; } head = prev; }"]
    lines += [
        "  printf(\"list' %llu\", list_hash(head, &cnt)); printf(\" n=%d\\n\", cnt);",
        "  list_free(head); }",
    ]
    return [ind + x for x in lines]


def dyn_array(g, scope, ind):
    """An array grown by realloc (doubling), then shrunk (to nothing, sometimes), with its
    contents checked."""
    r = g.rng
    t = r.choice(INT_TYPES)
    k, n, init, d = g.fresh("k"), r.randint(0, 200), r.choice([1, 2, 3, 8]), r.choice([2, 4, 1000])
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)};",
        f"  {t} *a = NULL; size_t cap = 0, len = 0; unsigned long long h = 0;",
        f"  for (unsigned i = 0; i < {n}u + ({k} & 15u); i++) {{",
        f"    if (len == cap) {{ size_t nc = cap ? cap * 2 : {init}; {t} *na = ({t} *)realloc(a, nc * sizeof *a); if (!na) break; a = na; cap = nc; }}",
        f"    a[len++] = ({t})({k} ^ (i * 2654435761u));",
        "  }",
        "  for (size_t i = 0; i < len; i++) h = h * 33u + (unsigned long long)a[i];",
        "  printf(\"dyn len=%zu cap=%zu h=%llu\\n\", len, cap, h);",
        f"  if (len > 0) {{ size_t keep = len / {d};  /* 0 too: realloc(a, 0) keeps a block, as wasi-libc's */",
        f"    {t} *s = ({t} *)realloc(a, keep * sizeof *a);",
        "    if (s) { a = s; h = 0; for (size_t i = 0; i < keep; i++) h = h * 33u + (unsigned long long)a[i]; printf(\"dyn' %llu\\n\", h); }",
        "  }",
        "  free(a); }",
    ]
    return [ind + x for x in lines]


def zeroed(g, scope, ind):
    """calloc over fresh and recycled memory: every byte must read 0."""
    r = g.rng
    t = r.choice(INT_TYPES + ["double"])
    k, n = g.fresh("k"), r.choice([1, 3, 8, 31, 32, 33, 64, 100, 300])
    conv = "(unsigned long long)(long long)" if t == "double" else "(unsigned long long)"
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)};",
        f"  {t} *p = ({t} *)malloc({n} * sizeof({t}));",
        f"  if (p) {{ memset(p, (int)({k} | 1u) & 255, {n} * sizeof({t})); free(p); }}",
        f"  {t} *z = ({t} *)calloc({n}, sizeof({t})); int nz = 0; unsigned long long h = 0;",
        "  if (z) {",
        f"    for (int i = 0; i < {n}; i++) nz += z[i] != 0;",
        f"    for (int i = 0; i < {n}; i += 3) z[i] = ({t})({k} >> (i & 7));",
        f"    for (int i = 0; i < {n}; i++) h = h * 31u + {conv}z[i];",
        "  }",
        "  printf(\"calloc nz=%d h=%llu\\n\", nz, h); free(z); }",
    ]
    return [ind + x for x in lines]


def heap_strings(g, scope, ind):
    """Strings built in malloc'd buffers with strcpy/strcat and grown by realloc."""
    r = g.rng
    words = r.sample(["alpha", "be", "", "gamma delta", "z", "0123456789", "x y"], 3)
    k = g.fresh("k")
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)};",
        f"  char *s = (char *)malloc(strlen(\"{words[0]}\") + 1);",
        "  if (s) {",
        f"    strcpy(s, \"{words[0]}\");",
        f"    for (unsigned i = 0; i < ({k} & 3u) + 1u; i++) {{",
        f"      char *t = (char *)realloc(s, strlen(s) + strlen(\"{words[1]}\") + strlen(\"{words[2]}\") + 2);",
        "      if (!t) break;",
        f"      s = t; strcat(s, i & 1u ? \"{words[1]}\" : \"{words[2]}\"); strcat(s, \"-\");",
        "    }",
        "    printf(\"hs [%s] %zu\\n\", s, strlen(s));",
        "    free(s);",
        "  } }",
    ]
    return [ind + x for x in lines]


def tree(g, scope, ind):
    """A binary search tree inserted through a pointer to pointer, walked, freed."""
    r = g.rng
    g.once("tnode", TREE_DEFS)
    k, n = g.fresh("k"), r.randint(0, 60)
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)}; struct tnode *root = NULL; int height = 0;",
        f"  for (int i = 0; i < {n}; i++) tree_insert(&root, (int)(({k} + (unsigned)i * {r.choice([7, 13, 2654435761])}u) % {r.choice([5, 17, 101, 1000])}u) - 50);",
        "  unsigned long long h = tree_walk(root, 0, &height);",
        "  printf(\"tree %llu h=%d\\n\", h, height);",
        "  tree_free(root); }",
    ]
    return [ind + x for x in lines]


def block_table(g, scope, ind):
    """Blocks of many sizes allocated, filled, freed in a scrambled order and reused."""
    r = g.rng
    k, n = g.fresh("k"), r.randint(2, 12)
    sizes = ", ".join(str(r.choice([1, 7, 8, 16, 24, 200, 255, 256, 257, 1000, 5000, 70000])) for _ in range(n))
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)}; static const unsigned sz[{n}] = {{{sizes}}};",
        f"  unsigned char *blk[{n}]; unsigned long long h = 0;",
        f"  for (int i = 0; i < {n}; i++) {{ blk[i] = (unsigned char *)malloc(sz[i]); if (blk[i]) memset(blk[i], (int)(({k} + (unsigned)i) & 255u), sz[i]); }}",
        f"  for (int i = 0; i < {n}; i++) {{ int j = (int)((unsigned)(i * {r.choice([3, 5, 7])} + (int)({k} & 3u)) % {n}u); if (blk[j]) {{ h = h * 31u + blk[j][sz[j] - 1] + blk[j][0]; free(blk[j]); blk[j] = NULL; }} }}",
        f"  for (int i = 0; i < {n}; i++) {{ if (blk[i]) {{ h += blk[i][0]; free(blk[i]); }} }}",
        f"  unsigned char *again = (unsigned char *)calloc(sz[{k} % {n}u], 1); if (again) {{ h = h * 7u + again[sz[{k} % {n}u] - 1]; free(again); }}",
        "  free(NULL);",
        "  printf(\"blocks %llu\\n\", h); }",
    ]
    return [ind + x for x in lines]


BLOCKS = [linked_list, dyn_array, zeroed, heap_strings, tree, block_table]
