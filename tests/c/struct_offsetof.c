/* Struct and union layout (offsetof, also in constant expressions), struct values
   passed, returned and assigned, nested initializers of arrays of structs. */
#include <stdio.h>
#include <string.h>
#include <stddef.h>
#define OFFSET_BY_DIFF(T, m) ((int)((char *)&((T *)0)->m - (char *)0))
struct A { char c; int i; char d; };
struct B { char c; double d; short s; };
struct C { char a[3]; short s; struct A in; long long ll; char e; };
union U { char c[5]; int i; double d; };
struct D { union U u; char x; };
struct E { struct B arr[2][3]; char tail; };
struct P { int x, y; };
struct R { struct P a, b; char name[8]; };
typedef struct R Rect;
Rect mk(int x, int y, int w, int h, const char *nm) { Rect r; r.a.x = x; r.a.y = y; r.b.x = x + w; r.b.y = y + h; strcpy(r.name, nm); return r; }
int area(Rect r) { r.a.x = 1000; return (r.b.x - r.a.x + 1000 - r.a.x + 1000 - 1000) * (r.b.y - r.a.y); }
struct P addp(struct P p, struct P q) { p.x += q.x; p.y += q.y; return p; }
Rect grects[3] = { {{1, 2}, {3, 4}, "one"}, {{5, 6}, {7, 8}, "two"} };
struct C gc = { "ab", 7, { 'x', 99, 'y' }, -5LL, 'e' };
static char by_offset[offsetof(struct C, ll)];
static size_t member_offset = offsetof(struct E, arr[1][2].s);
static int by_diff[OFFSET_BY_DIFF(struct B, s)] = { OFFSET_BY_DIFF(struct C, in) };
struct Q { int n; const char *s; double d; } qs[] = { {1, "a", 1.5}, {2, "bb"}, {3} };
int main(void) {
    printf("%d %d %d %d %d %d\n", (int)sizeof(struct A), (int)sizeof(struct B), (int)sizeof(struct C), (int)sizeof(union U), (int)sizeof(struct D), (int)sizeof(struct E));
    printf("%d %d %d %d %d\n", offsetof(struct C, s), offsetof(struct C, in), offsetof(struct C, ll), offsetof(struct C, e), offsetof(struct E, tail));
    printf("%d %d %d %d\n", (int)sizeof by_offset, (int)member_offset, (int)sizeof by_diff, by_diff[0]);
    Rect r = mk(1, 2, 10, 20, "box");
    Rect r2 = r;
    r2.a.x = 50;
    printf("%d %d %s %d\n", r.a.x, r2.a.x, r2.name, area(r));
    struct P p = {1, 2}, q = {10, 20};
    struct P s = addp(addp(p, q), q);
    printf("%d %d %d %d\n", s.x, s.y, p.x, p.y);
    for (int i = 0; i < 3; i++) printf("[%d %d %d %d %s]", grects[i].a.x, grects[i].a.y, grects[i].b.x, grects[i].b.y, grects[i].name);
    printf("\n%s %d %c %d %c %lld %c\n", gc.a, gc.s, gc.in.c, gc.in.i, gc.in.d, gc.ll, gc.e);
    for (int i = 0; i < 3; i++) printf("%d %s %f\n", qs[i].n, qs[i].s ? qs[i].s : "(null)", qs[i].d);
    printf("%d\n", (int)(sizeof qs / sizeof *qs));
    union U u; u.i = 0x41424344; printf("%c%c%c%c\n", u.c[0], u.c[1], u.c[2], u.c[3]);
    u.d = 1.0; printf("%x %x\n", ((unsigned *)&u)[0], ((unsigned *)&u)[1]);
    struct E e; memset(&e, 0, sizeof e);
    e.arr[1][2].d = 3.5; e.arr[1][2].s = -3; e.tail = 'T';
    struct E e2 = e;
    printf("%f %d %c\n", e2.arr[1][2].d, e2.arr[1][2].s, e2.tail);
    struct B *bp = &e2.arr[0][0];
    printf("%d\n", (int)(&e2.arr[1][2] - bp));
    Rect arr[4]; arr[2] = grects[1]; arr[3] = arr[2]; arr[3].name[0] = 'T';
    printf("%s %s\n", arr[2].name, arr[3].name);
    Rect *rp = &arr[3]; rp->b = rp->a; printf("%d %d\n", rp->b.x, (*rp).b.y);
    struct { int a; char b; } anon = { 3, 'q' }; printf("%d %c %d\n", anon.a, anon.b, (int)sizeof anon);
    int cmp = r.a.x == r2.a.x ? 1 : 0; printf("%d\n", cmp);
    struct P pa[2][2] = { { {1, 2}, {3, 4} }, { {5} } };
    printf("%d %d %d %d\n", pa[0][1].y, pa[1][0].x, pa[1][0].y, pa[1][1].x);
    struct P pb[] = { 1, 2, 3, 4, 5 };
    printf("%d %d %d\n", (int)(sizeof pb / sizeof pb[0]), pb[2].x, pb[2].y);
    return 0;
}
