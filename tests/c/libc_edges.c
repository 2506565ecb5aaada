/* Edge cases of tinyc's C library against wasi-libc: return values of puts and
   printf, getchar after end of input, strchr of the terminator, unsigned byte
   comparisons, atoi's whitespace and sign, realloc(NULL, n), calloc after frees,
   and the sign of zero from floor, ceil, sqrt and fabs. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int sign(int x)
{
    return (x > 0) - (x < 0);
}

static void stdio_edges(void)
{
    int total = 0, c, i;
    printf("puts: %d %d\n", puts("") >= 0, puts("x") >= 0);
    printf("printf: %d %d %d\n", printf(""), printf("%s", ""), printf("%c|%5d|\n", 0, -3));
    while ((c = getchar()) != EOF)
        total += c;
    printf("stdin sum %d; after EOF:", total);
    for (i = 0; i < 3; i++)
        printf(" %d", getchar());
    printf("\n");
}

static void string_edges(void)
{
    const char *s = "hello";
    char high[] = {'a', (char)200, 'b', 0};
    printf("strchr: %d %d %d\n", (int)(strchr(s, 0) - s), (int)(strchr(high, 200) - high),
           (int)(strchr(high, 200 + 256) - high));
    printf("strncmp: %d %d %d\n", strncmp("\xc8", "a", 0), sign(strncmp("\xc8", "a", 1)),
           sign(strncmp("ab", "abc", 5)));
    printf("memcmp: %d %d %d\n", sign(memcmp("\x01\xc8", "\x01\x64", 2)),
           sign(memcmp("\x00", "\xff", 1)), memcmp("a", "b", 0));
}

static void stdlib_edges(void)
{
    const char *numbers[] = {"+42", " \t\n\v\f\r7", "  +-3", "2147483647", "-2147483648", "12abc", "", "- 5"};
    int i, round, sum = 0;
    char *p;
    for (i = 0; i < 8; i++)
        printf("[%d]", atoi(numbers[i]));
    printf("\nabs: %d %d\n", abs(INT_MIN + 1), abs(-5));
    p = realloc(NULL, 6);
    strcpy(p, "grown");
    p = realloc(p, 100000);
    printf("realloc: %s\n", p);
    free(p);
    for (round = 0; round < 20; round++) {
        int *blocks[200];
        for (i = 0; i < 200; i++) {
            blocks[i] = malloc(4 * (1 + i % 13));
            memset(blocks[i], 0xff, 4 * (1 + i % 13));
        }
        for (i = 0; i < 200; i += 2)
            free(blocks[i]);
        for (i = 0; i < 200; i += 2) {
            int j;
            blocks[i] = calloc(1 + i % 11, 4);
            for (j = 0; j < 1 + i % 11; j++)
                sum += blocks[i][j];
        }
        for (i = 0; i < 200; i++)
            free(blocks[i]);
    }
    printf("calloc after free: %d\n", sum);
}

static void math_edges(void)
{
    printf("%f %f %f %f\n", floor(-0.5), ceil(-0.5), sqrt(-0.0), fabs(-0.0));
    printf("%g %g %g\n", floor(-0.0), ceil(-0.0), ceil(0.2));
}

int main(void)
{
    stdio_edges();
    string_edges();
    stdlib_edges();
    math_edges();
    return 0;
}
