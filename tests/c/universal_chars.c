/* Universal character names in string literals are stored in UTF-8, as clang
   stores them; '$', '@' and '`' may be named in character constants. */
#include <stdio.h>
#include <string.h>

int main(void) {
    const char *s = "caf\u00e9 \U0001F600 \u20ac!";
    for (const char *p = s; *p; p++)
        printf("%02x ", (unsigned char)*p);
    printf("\n%d %d %d\n", (int)sizeof("\u00e9"), (int)strlen(s), (int)sizeof("\U0010FFFF"));
    printf("%s %c%c%c\n", "\u00A0x\u0024\u0040\u0060", '\u0024', '\u0040', '\u0060');
    char arr[] = "\u00fc" "ber";
    printf("%d %s\n", (int)sizeof arr, arr + 2);
    return 0;
}
