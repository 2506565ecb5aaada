#include <stdio.h>
typedef struct node node;
struct node { int v; node *next; };
static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
static int (*get_op(char c))(int, int) { return c == '+' ? add : sub; }
typedef int (*op_t)(int, int);
static int apply(op_t f, int a, int b) { return f(a, b); }
static int twice(int (*f)(int, int), int x) { return f(f(x, x), x); }
static void noop(void) { }
int main(void) {
    node n3 = {3, 0}, n2 = {2, &n3}, n1 = {1, &n2};
    int s = 0;
    for (node *p = &n1; p; p = p->next) s += p->v;
    printf("%d\n", s);
    printf("%d %d\n", get_op('+')(5, 3), get_op('-')(5, 3));
    printf("%d %d\n", apply(add, 2, 3), twice(sub, 10));
    void (*g)(void) = (void (*)(void))noop;
    g();
    printf("%d %d %d\n", (int)sizeof(int[10]), (int)sizeof(struct node *), (int)sizeof(op_t));
    unsigned u = 7; long int li = -8; unsigned long long int ulli = 9; short int si = -2; signed sg = -1;
    printf("%u %ld %llu %d %d\n", u, li, ulli, si, sg);
    int *a, b, **c;
    b = 4; a = &b; c = &a;
    printf("%d\n", **c);
    int arr[3][2] = {{1, 2}, {3, 4}, {5, 6}};
    int (*pa)[2] = arr;
    int *ptrs[3] = {arr[0], arr[1], arr[2]};
    printf("%d %d %d\n", pa[2][1], *ptrs[1], ptrs[2][0]);
    const char *const names[] = {"x", "yy"};
    const char *const *pn = names;
    printf("%s %d\n", pn[1], (int)sizeof names);
    char str[] = "ab\0cd";
    printf("%d %d\n", (int)sizeof str, str[3]);
    op_t table[2][2] = {{add, sub}, {sub, add}};
    printf("%d\n", table[1][0](10, 4));
    struct { int x, y; } anon = {5, 6};
    printf("%d\n", anon.x * anon.y);
    enum { A = 1 << 2, B = A | 1, C, } e = C;
    printf("%d %d\n", B, e);
    return 0;
}
