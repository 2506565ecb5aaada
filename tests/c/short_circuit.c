/* && and || evaluate lazily; ?: and the comma operator. */
#include <stdio.h>

static int calls;
static char trace[64];

static int t(int id, int v)
{
    trace[calls++] = (char)('0' + id);
    trace[calls] = 0;
    return v;
}

static void show(const char *what, int result)
{
    printf("%-28s = %d, evaluated: %s\n", what, result, trace);
    calls = 0;
    trace[0] = 0;
}

int main(void)
{
    int x = 0, y;
    int *np = 0;

    show("t1(0) && t2(1)", t(1, 0) && t(2, 1));
    show("t1(1) && t2(1)", t(1, 1) && t(2, 1));
    show("t1(1) || t2(0)", t(1, 1) || t(2, 0));
    show("t1(0) || t2(0)", t(1, 0) || t(2, 0));
    show("t1(0) && t2(1) || t3(1)", t(1, 0) && t(2, 1) || t(3, 1));
    show("t1(1) || t2(1) && t3(0)", t(1, 1) || t(2, 1) && t(3, 0));
    show("(t1(1) || t2(1)) && t3(0)", (t(1, 1) || t(2, 1)) && t(3, 0));
    show("!t1(0) && !t2(5)", !t(1, 0) && !t(2, 5));
    show("t1(7) && t2(9) (value is 1)", t(1, 7) && t(2, 9));
    show("t1(1) ? t2(2) : t3(3)", t(1, 1) ? t(2, 2) : t(3, 3));
    show("t1(0) ? t2(2) : t3(3)", t(1, 0) ? t(2, 2) : t(3, 3));
    show("t1(0) ? 1 : t2(0) ? 2 : 3", t(1, 0) ? 1 : t(2, 0) ? 2 : 3);
    show("(t1(1), t2(2), t3(3))", (t(1, 1), t(2, 2), t(3, 3)));

    /* guards that would crash without short-circuiting */
    if (np != 0 && *np == 3)
        puts("unreachable");
    else
        puts("null pointer guarded");
    if (np == 0 || *np == 3)
        puts("null pointer guarded again");

    /* side effects in conditions */
    y = 0;
    if (x++ || y++)
        puts("no");
    printf("x=%d y=%d\n", x, y);
    if (x++ || y++)
        puts("yes");
    printf("x=%d y=%d\n", x, y);
    x = 0;
    y = (x += 2, x * 10);
    printf("comma: x=%d y=%d\n", x, y);
    {
        int i, j;
        for (i = 0, j = 10; i < j; i += 3, j -= 2)
            printf("(%d,%d) ", i, j);
        printf("\n");
    }
    {
        /* ?: as an lvalue-free value, nested, with mixed types */
        int a = 5, b = 9;
        double m = a > b ? a : 2.5;
        unsigned int u = a < b ? -1 : 1u;
        printf("max=%d m=%f u=%u\n", a > b ? a : b, m, u);
        *(a > b ? &a : &b) = 100;
        printf("after *(a > b ? &a : &b) = 100: a=%d b=%d\n", a, b);
    }
    return 0;
}
