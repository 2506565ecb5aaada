/* A label or case label labels the statement after it, also where a loop,
   an if or a brace-less switch takes a single statement as its body. */
#include <stdio.h>

int main(void) {
    int i = 0, n = 0, k;
    switch (2) case 2: puts("two");
    switch (3) case 1: case 3: default: puts("three");
    while (i < 3) L: i++;
    for (k = 0; k < 4; k++) tally: n += k;
    if (n == 6) M: n *= 2; else N: n = -1;
    do again: n++; while (n < 20);
    switch (n) {
    case 20:
        if (n) { case 21: puts("twenty or twenty-one"); }
        break;
    default:
        puts("other");
    }
    if (i == 3 && n == 20) goto L;
    printf("%d %d %d\n", i, k, n);
    return 0;
}
