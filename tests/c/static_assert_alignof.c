/* C11's _Static_assert (file scope and in blocks) and _Alignof, with wasm32's
   alignments. */
#include <stdio.h>
#include <stddef.h>

struct mixed { char c; long long l; };
struct small { short s; char c; };
_Static_assert(sizeof(struct mixed) == 16, "struct mixed is 16 bytes");
_Static_assert(_Alignof(double) == 8, "double" " is 8-aligned");

int main(void) {
    _Static_assert(sizeof(int) == 4, "32-bit int");
    printf("%zu %zu %zu %zu\n", _Alignof(struct mixed), _Alignof(struct small), _Alignof(char), _Alignof(short[3]));
    printf("%zu %zu %zu\n", _Alignof(long long), _Alignof(float), _Alignof(_Bool));
    int x = 3;
    _Static_assert(_Alignof(struct small) == 2, "after a statement");
    char buf[_Alignof(long long) * 2];
    printf("%d %zu\n", x, sizeof buf);
    return 0;
}
