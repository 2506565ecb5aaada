/* Conversions to _Bool in static initializers compare with zero, as at run time:
   0.1 becomes 1 (not 0 by truncation), an address becomes 1, and an address
   compared with the null pointer is a constant. */
#include <stdio.h>
#include <stdbool.h>

int table[4] = { 1, 2, 3, 4 };
_Bool from_small = 0.1;
_Bool from_tiny = 1e-300;
_Bool from_neg_zero = -0.0;
_Bool from_half = -0.5;
bool from_addr = &table;
bool from_func_addr = (bool)&table[3];
int is_null = table == 0;
int not_null = table != 0;
const char *pick = &table[1] == 0 ? "null" : "object";
_Bool in_array[3] = { 0.25, 0.0, 2 };
struct flags { _Bool a; char pad; _Bool b; } fl = { 0.75, 'x', 0.0 };
int sized[(_Bool)0.5 + 1];

int main(void) {
    static _Bool local_static = 0.001;
    _Bool local = 0.001;
    double d = 0.3;
    _Bool runtime = d;
    printf("%d %d %d %d\n", from_small, from_tiny, from_neg_zero, from_half);
    printf("%d %d %d %d %s\n", from_addr, from_func_addr, is_null, not_null, pick);
    printf("%d %d %d %d %c %d\n", in_array[0], in_array[1], in_array[2], fl.a, fl.pad, fl.b);
    printf("%d %d %d %d\n", (int)sizeof sized, local_static, local, runtime);
    printf("%d %d\n", (_Bool)0.1 + (_Bool)0.9, (int)(_Bool)-0.0);
    return 0;
}
