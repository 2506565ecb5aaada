// args: hello 42 -7 two-words last
/* argc and argv. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    int i, sum = 0;
    printf("argc = %d\n", argc);
    for (i = 1; i < argc; i++) {
        printf("argv[%d] = \"%s\" (%d chars)\n", i, argv[i], (int)strlen(argv[i]));
        sum += atoi(argv[i]);
    }
    printf("sum of numeric values = %d\n", sum);
    printf("argv[argc] is null: %d\n", argv[argc] == 0);
    return 0;
}
