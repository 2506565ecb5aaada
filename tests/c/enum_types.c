/* The types clang gives enums: unsigned int when no enumerator is negative, int
   when one is, 64 bits when the values need it; an enumerator outside int's range
   has the enum's type. */
#include <stdio.h>

enum color { RED = 1, GREEN = 2 };
enum sign { MINUS = -1, PLUS = 1 };
enum wide { W_BIG = 0x80000000, W_NEXT };
enum mixed { M_NEG = -1, M_BIG = 0x80000000 };
enum huge { H_MAX = 0xFFFFFFFF, H_OVER };

struct pixel { enum color c; enum sign s; };

static int below(enum color c, int k) { return c - k < 0; }

int main(void) {
    enum color c = GREEN;
    enum sign s = MINUS;
    printf("%d %d %d\n", c - 3 < 0, s - 3 < 0, GREEN - 3 < 0);
    printf("%d %d\n", below(RED, 2), below(c, 1));
    printf("%d %d %d\n", (int)sizeof(enum color), (int)sizeof(W_BIG), W_BIG - 0x80000001LL < 0);
    printf("%d %d %d\n", (int)sizeof(enum mixed), (int)sizeof(M_NEG), (int)sizeof(M_BIG));
    printf("%d %d %d\n", (int)sizeof(enum huge), (int)sizeof(H_MAX), (int)sizeof(H_OVER));
    printf("%d %d\n", (int)sizeof(W_NEXT), W_NEXT > 0);
    struct pixel px = { RED, MINUS };
    printf("%d %d\n", px.c - 2 > 0, px.s - 2 > 0);
    c = -1;
    printf("%d %u\n", c > 0, c);
    {
        enum color { BLOCK = -5 } inner = BLOCK;
        printf("%d\n", inner < 0);
    }
    enum color after = RED;
    printf("%d\n", after - 5 > 0);
    return 0;
}
