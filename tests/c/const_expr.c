/* Object-like #define macros and integer constant expressions: array
   sizes, enum values, case labels, static initialisers. */
#include <stdio.h>

#define WIDTH 8
#define HEIGHT (WIDTH / 2)
#define AREA WIDTH * HEIGHT
#define GREETING "hi there"
#define NEG -5
#define MASK (1u << 31)
#define PI 3.141592653589793
#define EMPTY
#define CHAR_A 'A'

enum { SMALL = sizeof(short), BIG = sizeof(long long) * 2, COMBO = SMALL | BIG, NEXT };

static int table[AREA + 1];
static const int squares[] = {0 * 0, 1 * 1, 2 * 2, 3 * 3, 1 << 4, 5 * 5};
static char name[sizeof GREETING];
static const double circle = PI * 2 * 2;
static int grid[HEIGHT][WIDTH];
static const int neg_index = NEG + 10;
static unsigned int top_bit = MASK;
static int cond_const = AREA > 30 ? 1 : -1;
static long long shifted = (long long)1 << 40;

static const char *kind(int v)
{
    switch (v) {
    case AREA:
        return "area";
    case NEG:
        return "neg";
    case SMALL + BIG:
        return "small+big";
    case CHAR_A:
        return "A";
    case 'B' + 1:
        return "C";
    default:
        return "other";
    }
}

int main(void)
{
    int i;
    EMPTY
    printf("AREA=%d (macro text WIDTH * HEIGHT) table has %d entries\n", AREA, (int)(sizeof table / sizeof table[0]));
    printf("2 * AREA = %d (no parentheses in the macro)\n", 2 * AREA);
    printf("squares: ");
    for (i = 0; i < (int)(sizeof squares / sizeof squares[0]); i++)
        printf("%d ", squares[i]);
    printf("\n");
    printf("sizeof name = %d, GREETING = %s\n", (int)sizeof name, GREETING);
    printf("circle = %.6f\n", circle);
    printf("grid is %dx%d\n", (int)(sizeof grid / sizeof grid[0]), (int)(sizeof grid[0] / sizeof grid[0][0]));
    printf("neg_index = %d, top_bit = %u, cond_const = %d, shifted = %lld\n", neg_index, top_bit, cond_const, shifted);
    printf("SMALL=%d BIG=%d COMBO=%d NEXT=%d\n", SMALL, BIG, COMBO, NEXT);
    printf("kinds: %s %s %s %s %s %s\n", kind(32), kind(-5), kind(18), kind(65), kind(67), kind(0));
    {
        int local[COMBO - SMALL];
        printf("local array of %d\n", (int)(sizeof local / sizeof local[0]));
    }
    return 0;
}
