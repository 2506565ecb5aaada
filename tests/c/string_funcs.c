/* The string and memory functions of the library. */
#include <stdio.h>
#include <string.h>

static int sign(int v) { return (v > 0) - (v < 0); }

int main(void)
{
    char buf[64];
    char other[64];
    const char *s = "hello, world";
    char *p;
    int i;

    printf("strlen: %d %d %d\n", (int)strlen(""), (int)strlen("a"), (int)strlen(s));
    printf("strcmp: %d %d %d %d %d\n", sign(strcmp("abc", "abc")), sign(strcmp("abc", "abd")),
           sign(strcmp("abd", "abc")), sign(strcmp("ab", "abc")), sign(strcmp("", "a")));
    printf("strcmp high chars: %d\n", sign(strcmp("\xe9", "e")));
    printf("strncmp: %d %d %d %d\n", sign(strncmp("hello", "help", 3)), sign(strncmp("hello", "help", 4)),
           sign(strncmp("a", "b", 0)), sign(strncmp("same", "same", 100)));
    p = strcpy(buf, s);
    printf("strcpy: %s, returns dest: %d\n", buf, p == buf);
    p = strchr(s, 'o');
    printf("strchr 'o': %s (offset %d)\n", p, (int)(p - s));
    printf("strchr 'z': %s\n", strchr(s, 'z') ? "found" : "null");
    printf("strchr NUL: offset %d\n", (int)(strchr(s, 0) - s));
    p = strchr(p + 1, 'o');
    printf("second 'o': offset %d\n", (int)(p - s));

    memset(buf, '*', 10);
    buf[10] = 0;
    printf("memset: %s\n", buf);
    memset(buf, 0, sizeof buf);
    printf("memset 0: first %d, last %d\n", buf[0], buf[63]);

    memcpy(buf, "0123456789", 11);
    memmove(buf + 2, buf, 5);
    printf("memmove overlap right: %s\n", buf);
    memcpy(buf, "0123456789", 11);
    memmove(buf, buf + 3, 5);
    printf("memmove overlap left: %s\n", buf);
    memcpy(other, buf, sizeof buf);
    printf("memcmp equal: %d, differ: %d %d, zero length: %d\n", memcmp(buf, other, sizeof buf),
           sign(memcmp("abc", "abd", 3)), sign(memcmp("\x80", "\x7f", 1)), memcmp("a", "b", 0));
    {
        /* memcpy of structs and arrays of ints */
        int src[5] = {1, 2, 3, 4, 5}, dst[5];
        struct {
            int a;
            double b;
        } x = {7, 2.5}, y;
        memcpy(dst, src, sizeof src);
        memcpy(&y, &x, sizeof x);
        printf("copied ints: %d %d %d %d %d, struct: %d %.1f\n", dst[0], dst[1], dst[2], dst[3], dst[4], y.a, y.b);
        memset(dst, 0xff, sizeof dst);
        printf("memset 0xff int: %d\n", dst[2]);
    }
    /* a tiny tokenizer with strchr */
    {
        const char *text = "a,bb,,ccc";
        const char *start = text;
        for (i = 0;; i++) {
            const char *comma = strchr(start, ',');
            int n = comma ? (int)(comma - start) : (int)strlen(start);
            printf("token %d: '%.*s'\n", i, n, start);
            if (!comma)
                break;
            start = comma + 1;
        }
    }
    return 0;
}
