/* realloc(p, 0) is implementation-defined: wasi-libc (dlmalloc) returns a smallest
   block, not NULL, and so must tinyc's library (a random allocator differential test
   found tinyc freeing the block and returning NULL). malloc(0) and calloc(0, n)
   return distinct non-null blocks too. */
// native: differs (glibc's realloc(p, 0) frees p and returns NULL)
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    char *p = malloc(100);
    strcpy(p, "kept");
    char *q = realloc(p, 0);
    printf("realloc(p, 0): %s\n", q != NULL ? "a block" : "NULL");
    if (q != NULL) {
        q = realloc(q, 16);
        strcpy(q, "grown again");
        printf("%s\n", q);
    }
    free(q);
    void *a = malloc(0), *b = malloc(0), *c = calloc(0, 8), *d = realloc(NULL, 0);
    printf("malloc(0): %d %d, calloc(0, 8): %d, realloc(NULL, 0): %d\n", a != NULL, a != b, c != NULL, d != NULL);
    free(a);
    free(b);
    free(c);
    free(d);
    /* a list of blocks all shrunk to nothing, then freed */
    int kept = 0;
    for (int i = 0; i < 50; i++) {
        void *r = realloc(malloc((size_t)(i * 37 + 1)), 0);
        kept += r != NULL;
        free(r);
    }
    printf("%d of 50 shrunk blocks kept\n", kept);
    return 0;
}
