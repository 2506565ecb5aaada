/* String and character literals: concatenation, escapes, sizes,
   char arrays initialised from strings. */
#include <stdio.h>

int main(void)
{
    const char *joined = "con" "cat"
                         "enated";
    char arr[] = "abc";
    char sized[8] = "hi";
    char exact[3] = {'x', 'y', 'z'};
    const char *esc = "tab\there\\back\"quote\' \x41\102\x43 oct\60\061";
    int i;

    printf("%s\n", joined);
    printf("sizeof \"abc\" = %d, sizeof arr = %d, sizeof sized = %d\n", (int)sizeof "abc", (int)sizeof arr,
           (int)sizeof sized);
    printf("sizeof(\"a\" \"b\") = %d\n", (int)sizeof("a" "b"));
    printf("%s\n", esc);
    printf("sized tail is zero: %d %d\n", sized[2], sized[7]);
    printf("exact: %c%c%c\n", exact[0], exact[1], exact[2]);
    printf("escapes as numbers: %d %d %d %d %d %d %d %d %d %d %d\n", '\n', '\t', '\\', '\'', '"', '\0', '\a', '\b',
           '\f', '\v', '\r');
    printf("hex and octal: %d %d %d %d\n", '\x7f', '\177', '\x0', '\12');
    printf("high chars are negative (signed char): %d %d\n", '\xff', "\xff"[0]);
    printf("'a' = %d, sizeof 'a' = %d, 'z' - 'a' = %d\n", 'a', (int)sizeof 'a', 'z' - 'a');
    printf("\"hello\"[1] = %c, *\"hello\" = %c\n", "hello"[1], *"hello");
    printf("embedded NUL: %s|\n", "before\0after");
    printf("sizeof embedded = %d\n", (int)sizeof "before\0after");
    arr[0] = 'A';
    printf("modified array: %s\n", arr);
    for (i = 0; joined[i]; i++)
        putchar(joined[i] - 32);
    putchar('\n');
    printf("%s%s%s\n", "multi-"
                       "line",
           " string", " pieces");
    printf("question marks: ?\?! \?\n");
    printf("percent in string arg: %s\n", "100%");
    return 0;
}
