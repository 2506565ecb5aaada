/* reverse: read all of stdin into a growing buffer, print its lines in
   reverse order, each line reversed too. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    char *buf = 0;
    int len = 0, cap = 0, c;
    int end, i;
    while ((c = getchar()) != EOF) {
        if (len + 1 >= cap) {
            cap = cap ? cap * 2 : 16;
            buf = (char *)realloc(buf, cap);
        }
        buf[len++] = (char)c;
    }
    if (len == 0) {
        printf("empty input\n");
        return 0;
    }
    if (buf[len - 1] != '\n')
        buf[len++] = '\n';
    end = len - 1; /* index of the newline ending the current line */
    while (end >= 0) {
        int start = end - 1;
        while (start >= 0 && buf[start] != '\n')
            start--;
        /* the line is buf[start + 1 .. end - 1] */
        for (i = end - 1; i > start; i--)
            putchar(buf[i]);
        putchar('\n');
        end = start;
    }
    printf("(%d bytes)\n", len);
    free(buf);
    return 0;
}
