/* hello: puts, putchar and a first printf. */
#include <stdio.h>

int main(void)
{
    puts("Hello, world!");
    putchar('t');
    putchar('i');
    putchar('n');
    putchar('y');
    putchar('c');
    putchar('\n');
    printf("%s has %d letters, %c is the first\n", "tinyc", 5, 't');
    printf("100%% done\n");
    return 0;
}
