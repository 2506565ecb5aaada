/* String literals with the same bytes are one object in clang's build, and a
 * literal that ends another points into it (wasm-ld merges C-string tails);
 * literals with an embedded NUL and "" are never tail-merged. */
#include <stdio.h>

const char *table[] = {"detail", "tail", "ail", "il", "a\0il", "", "in a table"};

const char *named(void) { return "shared literal"; }

int main(void)
{
    const char *a = "same", *b = "same";
    printf("same bytes: %d\n", a == b);
    printf("through a function: %d %d\n", named() == named(), "shared literal" == named());
    printf("tails: %d %d %d\n", table[1] == table[0] + 2, table[2] == table[0] + 3,
           table[3] == table[0] + 4);
    const char *w = "world", *hw = "hello world";
    printf("world in hello world: %d\n", w == hw + 6);
    printf("embedded NUL: %d\n", table[4] + 2 == table[3]);
    printf("empty string: %d %d\n", table[5] == "abc" + 3, table[5] == "");
    printf("global and local: %d\n", table[6] == "in a table");
    char copy[] = "detail";
    printf("array copy: %d\n", copy + 2 == table[1]);
    return 0;
}
