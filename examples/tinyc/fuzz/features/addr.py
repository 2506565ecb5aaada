"""Address constants in static initializers (globals and static locals): pointers to
array elements, struct members and string literals, arrays of such pointers, function
pointers in initialized structs, and a global struct pointing to itself.
"""

ADDR_DEFS = [
    "static int ac_arr[6] = {10, 20, 30, 40, 50, 60};",
    "static int ac_mat[3][4] = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}};",
    "struct ac_s { char tag; long long big; short sm[3]; struct ac_s *next; const char *txt; };",
    "static struct ac_s ac_objs[2] = {{'a', -5, {1, 2, 3}, &ac_objs[1], \"first\"}, {'b', 1LL << 40, {4, 5, 6}, &ac_objs[0], \"second\" + 2}};",
    "static int *ac_p1 = &ac_arr[3];",
    "static int *ac_p2 = ac_arr + 5;",
    "static int *ac_ptrs[] = {ac_arr, &ac_arr[2], ac_mat[1], &ac_mat[2][3], 0};",
    "static short *ac_sp = &ac_objs[1].sm[1];",
    "static long long *ac_lp = &ac_objs[0].big;",
    "static const char *ac_str = \"literal\" + 3;",
    "static const char ac_chars[] = {'h', 'i', 0};",
    "static const char *ac_strs[3] = {ac_chars, \"two\", &\"three\"[1]};",
    "static int (*ac_row)[4] = &ac_mat[1];",
    "static char *ac_cp = (char *)&ac_arr[1];",
    "static unsigned long ac_diff = sizeof ac_mat / sizeof ac_mat[0];",
    "struct ac_fn { int (*f)(const char *); const char *arg; };",
    "static int ac_len(const char *s) { return (int)strlen(s); }",
    "static int ac_first(const char *s) { return s[0]; }",
    "static const struct ac_fn ac_fns[] = {{ac_len, \"four\"}, {ac_first, \"A\"}, {0, 0}};",
]


def globals_(g, scope, ind):
    """Reads and writes through the address constants, then their static-local cousins."""
    r = g.rng
    g.once("addr", ADDR_DEFS)
    k = g.fresh("k")
    lines = [
        f"{{ unsigned {k} = {g.seed_expr(scope)};",
        f"  *ac_p1 += (int)({k} & 7u); ac_p2[-1] ^= 3; *ac_ptrs[{r.randint(0, 3)}] *= 2; ++*ac_sp; *ac_lp -= 1;",
        "  static int *loc_p = &ac_mat[0][2]; static const char *loc_s[] = {\"x\", \"yz\" \"w\"}; static struct ac_s *loc_o = &ac_objs[1];",
        f"  loc_p += ({k} & 1u); if (loc_p > &ac_mat[2][0]) loc_p = &ac_mat[0][0]; loc_o = loc_o->next;",
        "  printf(\"addr %d %d %d %d %d %lld %s %s %s %s %d %d %lu\\n\", *ac_p1, *ac_p2, ac_p2 - ac_p1, *loc_p, *ac_sp, *ac_lp, ac_str,",
        "         ac_strs[0], ac_strs[2], loc_s[1], (*ac_row)[3], ac_cp[0] + ac_cp[1], ac_diff);",
        "  printf(\"objs %c %s %c %s %d\", loc_o->tag, loc_o->txt, loc_o->next->tag, ac_objs[1].next->next->txt, ac_objs[0].next == &ac_objs[1]);",
        "  for (const struct ac_fn *f = ac_fns; f->f; f++) printf(\" %d\", f->f(f->arg));",
        "  int n = 0; for (int **pp = ac_ptrs; *pp; pp++) n = n * 7 + **pp;",
        "  printf(\" %d\\n\", n); }",
    ]
    return [ind + x for x in lines]


BLOCKS = [globals_]
