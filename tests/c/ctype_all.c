/* Every <ctype.h> classification function (isgraph, iscntrl and isblank
   included) over EOF and all unsigned char values, as class masks. */
#include <stdio.h>
#include <ctype.h>

int main(void)
{
    int counts[12] = {0};
    unsigned hash = 0;
    for (int c = -1; c < 256; c++) {
        int m = (isalpha(c) != 0) | (isdigit(c) != 0) << 1 | (isalnum(c) != 0) << 2 |
                (isspace(c) != 0) << 3 | (isupper(c) != 0) << 4 | (islower(c) != 0) << 5 |
                (isxdigit(c) != 0) << 6 | (ispunct(c) != 0) << 7 | (isprint(c) != 0) << 8 |
                (isgraph(c) != 0) << 9 | (iscntrl(c) != 0) << 10 | (isblank(c) != 0) << 11;
        for (int k = 0; k < 12; k++)
            counts[k] += m >> k & 1;
        hash = hash * 31 + (unsigned)m + ((unsigned)toupper(c) ^ (unsigned)tolower(c) << 9);
    }
    for (int k = 0; k < 12; k++)
        printf("%d ", counts[k]);
    printf("\n%u\n", hash);
    for (int c = 0; c < 128; c += 9)
        printf("%3d: %c%c%c%c\n", c, isgraph(c) ? 'g' : '.', iscntrl(c) ? 'c' : '.',
               isblank(c) ? 'b' : '.', isprint(c) ? 'p' : '.');
    return 0;
}
