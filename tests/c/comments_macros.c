/* Comments, line splices and macros: a backslash-newline inside a // comment
   continues the comment onto the next line (lines are spliced before comments
   are removed); function-like and object-like macros, #undef, #ifdef/#ifndef. */
#include <stdio.h>
#define N 10
#define M (N * 2)
#define SQ(x) ((x) * (x))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define ADD3(a, b, c) (a + b + c)
#define EMPTY
#define STR "macro string"
#define LONG_MACRO 1 + \
    2 + \
    3
#define CALL(f, x) f(x)
#define ID(x) x

#define TWICE(x) (2 * (x))
#define NOARGS() 42
#ifdef N
int defined_n = 1;
#else
int defined_n = 0;
#endif
#ifndef UNDEFINED_THING
#define HAVE 7
#endif
#ifdef UNDEFINED_THING
#error should not happen
#endif
#undef M
#define M 3
int fooo = 5;
#define fooo fooo + 1
int main(void) {
    printf("%d %d %d %d\n", N, M, SQ(N + 1), MAX(3, SQ(2)));
    printf("%d %d\n", ADD3(1, (2, 3), 4), LONG_MACRO * 2);
    printf("%s %d %d\n", STR, defined_n, HAVE);
    printf("%d\n", CALL(TWICE, 5 + 1));
    printf("%d %d\n", ID(ID(3)) EMPTY, NOARGS());
    printf("%d\n", fooo);
    printf("%d\n", SQ(SQ(2)));
    printf("%d\n", MAX(MAX(1, 5), MAX(3, 2)));
    printf("// not a comment /* nor this */\n"); // a comment \
    printf("continued comment\n");
    printf("line\
continued\n");
    /* a block comment closed across a splice *\
/ printf("after the block comment\n");
    int spliced = 1; // two \
    spliced = 2;   \
    spliced = 3;
    printf("spliced %d\n", spliced);
    int x = 1 /* inline */ + /**/ 2;
    printf("%d\n", x);
    int a = 3, b = 4;
    printf("%d\n", MAX(a++, b++));
    printf("%d %d\n", a, b);
    printf("%d\n", TWICE(a) - TWICE(+1));
    printf("%s\n", "a\
b");
#define LOCAL 99
    printf("%d\n", LOCAL);
#undef LOCAL
#ifdef LOCAL
    printf("still defined\n");
#else
    printf("undefined now\n");
#endif
    return 0;
}
