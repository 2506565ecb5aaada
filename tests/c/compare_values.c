// args: abc aXc \x7f b é e
// native: differs (glibc's memcmp returns only the sign)
// libc-corpus: differs (clang folds strcmp and memcmp of literals only as builtins, off there)
/* The values (not just the signs) of strcmp, strncmp and memcmp: on bytes only
   known at run time they are wasi-libc's byte differences (memcmp included); on
   string literals clang evaluates the call at compile time to -1, 0 or 1 at every
   optimization level, comparing the bytes as unsigned. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    const char *a = argv[1], *b = argv[2];
    printf("run time: %d %d %d %d\n", memcmp(a, b, 3), memcmp(b, a, 3), memcmp(a, b, 1), memcmp(a, a, 4));
    printf("run time: %d %d %d %d\n", strcmp(a, b), strcmp(b, a), strncmp(a, b, 3), strncmp(a, b, 1));
    printf("run time: %d %d %d\n", strcmp(argv[3], argv[4]), memcmp(argv[4], argv[3], 1), strcmp(argv[3], ""));
    printf("unsigned bytes: %d %d %d\n", memcmp(argv[5], argv[6], 2), strcmp(argv[6], argv[5]), strncmp(argv[5], argv[6], 2));
    printf("literals: %d %d %d %d\n", strcmp("", "a"), strcmp("abc", "abz"), strcmp("b", "a"), strcmp("same", "same"));
    printf("literals: %d %d %d\n", strncmp("abcx", "abcy", 3), strncmp("abcx", "abcy", 4), strncmp("a", "b", 0));
    printf("literals: %d %d %d\n", memcmp("ab\0c", "ab\0d", 4), memcmp("\x80", "\x7f", 1), memcmp("x", "z", 0));
    printf("literals: %d %d\n", strcmp("\xff", "a"), strcmp("hello" + 1, "ello"));
    return 0;
}
