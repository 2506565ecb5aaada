// native: differs (glibc's rand is another generator)
/* rand/srand (the same numbers as wasi-libc), <ctype.h> in the C locale, strcat,
   strncpy, strrchr, strstr, labs and atol. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

int main(void) {
    int i, c, counts[6] = {0};
    char buf[32], pad[8];
    for (i = 0; i < 4; i++) printf("%d ", rand());
    srand(2024);
    for (i = 0; i < 4; i++) printf("%d ", rand() % 1000);
    printf("%d\n", RAND_MAX);
    for (c = -1; c < 256; c++) {
        counts[0] += isdigit(c) != 0;
        counts[1] += isalpha(c) != 0;
        counts[2] += isspace(c) != 0;
        counts[3] += isxdigit(c) != 0;
        counts[4] += ispunct(c) != 0;
        counts[5] += isprint(c) != 0;
    }
    printf("%d %d %d %d %d %d\n", counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]);
    printf("%c%c%c%c %d %d\n", toupper('a'), tolower('Q'), toupper('7'), tolower('z'),
           isalnum('_') != 0, isupper('M') != 0 && islower('m') != 0);
    strcpy(buf, "path/to");
    strcat(buf, "/file.txt");
    printf("%s %s %s\n", buf, strrchr(buf, '/'), strstr(buf, "to/"));
    printf("%s|%s|\n", strstr(buf, "") == buf ? "empty" : "?", strstr(buf, "xyz") ? "?" : "none");
    memset(pad, 'x', sizeof pad);
    strncpy(pad, "ab", 5);
    for (i = 0; i < 8; i++) printf("%d ", pad[i]);
    printf("\n%ld %ld %ld\n", labs(-123456789L), atol("  -42"), atol("+7x"));
    return 0;
}
