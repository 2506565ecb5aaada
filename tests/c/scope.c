/* Scopes: shadowing in nested blocks, file-scope statics,
   prototypes of functions defined later. */
#include <stdio.h>

int x = 1;
static int y = 2;

static int get_x(void) { return x; }
static void set_x(int v) { x = v; }
int helper(int v); /* defined after main */

int main(void)
{
    int shown;
    printf("global x=%d y=%d\n", x, y);
    {
        int x = 10;
        printf("block x=%d, get_x()=%d\n", x, get_x());
        {
            int x = 100;
            x++;
            printf("inner x=%d\n", x);
        }
        printf("block x again=%d\n", x);
        set_x(5);
        printf("block x=%d, global now %d\n", x, get_x());
    }
    shown = helper(3);
    printf("helper(3)=%d\n", shown);
    {
        /* a variable is in scope from its declarator on */
        int n = 4;
        {
            int n2 = n * 2, n = 7;
            printf("n2=%d n=%d\n", n2, n);
        }
    }
    {
        /* struct tags can be shadowed too */
        struct t {
            int a;
        } outer = {1};
        {
            struct t {
                double b;
            } inner = {2.5};
            printf("inner tag %g, outer tag %d\n", inner.b, outer.a);
        }
    }
    return 0;
}

int helper(int v) { return v * y + x; }
