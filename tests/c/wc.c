/* wc: count lines, words and characters of stdin with getchar. */
#include <stdio.h>

int main(void)
{
    int c, lines = 0, words = 0, chars = 0, in_word = 0;
    int longest = 0, current = 0;
    int counts[26] = {0};
    int i;
    while ((c = getchar()) != EOF) {
        chars++;
        if (c == '\n')
            lines++;
        if (c == ' ' || c == '\n' || c == '\t') {
            if (in_word) {
                words++;
                if (current > longest)
                    longest = current;
            }
            in_word = 0;
            current = 0;
        } else {
            in_word = 1;
            current++;
            if (c >= 'a' && c <= 'z')
                counts[c - 'a']++;
            else if (c >= 'A' && c <= 'Z')
                counts[c - 'A']++;
        }
    }
    if (in_word) {
        words++;
        if (current > longest)
            longest = current;
    }
    printf("%d %d %d\n", lines, words, chars);
    printf("longest word: %d\n", longest);
    for (i = 0; i < 26; i++)
        if (counts[i])
            printf("%c:%d ", 'a' + i, counts[i]);
    printf("\n");
    printf("getchar after EOF: %d\n", getchar());
    return 0;
}
