/* malloc, calloc, realloc and free: a growing vector, a linked list,
   reuse after free, and content checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node {
    int value;
    struct node *next;
};

static unsigned int seed = 2463534242u;
static unsigned int next_rand(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
    return seed;
}

int main(void)
{
    int *vec = 0;
    int len = 0, cap = 0, i;
    struct node *head = 0, *n;
    long long total = 0;
    char *s;
    int *zeros;
    void *ptrs[200];
    int sizes[200];
    int bad = 0;

    /* a vector grown with realloc keeps its contents */
    for (i = 0; i < 10000; i++) {
        if (len == cap) {
            cap = cap ? cap * 2 : 4;
            vec = (int *)realloc(vec, cap * sizeof *vec);
            if (!vec) {
                printf("realloc failed\n");
                return 1;
            }
        }
        vec[len++] = i * 3;
    }
    for (i = 0; i < len; i++)
        total += vec[i];
    printf("vector: len=%d cap=%d sum=%lld last=%d\n", len, cap, total, vec[len - 1]);
    vec = (int *)realloc(vec, 10 * sizeof *vec);
    printf("shrunk: vec[9]=%d\n", vec[9]);
    free(vec);

    /* a linked list */
    for (i = 1; i <= 100; i++) {
        n = (struct node *)malloc(sizeof *n);
        n->value = i * i;
        n->next = head;
        head = n;
    }
    total = 0;
    for (n = head; n; n = n->next)
        total += n->value;
    printf("list sum of squares 1..100 = %lld\n", total);
    while (head) {
        n = head->next;
        free(head);
        head = n;
    }

    /* calloc zeroes, even memory that was used before */
    s = (char *)malloc(1000);
    memset(s, 0x5a, 1000);
    free(s);
    zeros = (int *)calloc(250, sizeof(int));
    for (i = 0; i < 250; i++)
        if (zeros[i] != 0)
            bad++;
    printf("calloc non-zero entries: %d\n", bad);
    free(zeros);

    /* strings on the heap */
    s = (char *)malloc(strlen("heap string") + 1);
    strcpy(s, "heap string");
    s = (char *)realloc(s, 64);
    strcpy(s + strlen(s), " grown");
    printf("%s (%d chars)\n", s, (int)strlen(s));
    free(s);

    /* random churn: every block keeps its own pattern */
    for (i = 0; i < 200; i++)
        ptrs[i] = 0;
    for (i = 0; i < 20000; i++) {
        int k = (int)(next_rand() % 200);
        if (ptrs[k]) {
            unsigned char *p = (unsigned char *)ptrs[k];
            int j;
            for (j = 0; j < sizes[k]; j++)
                if (p[j] != (unsigned char)(k + j))
                    bad++;
            if (next_rand() % 2) {
                free(ptrs[k]);
                ptrs[k] = 0;
                continue;
            }
            sizes[k] = (int)(next_rand() % 3000) + 1;
            ptrs[k] = realloc(ptrs[k], sizes[k]);
        } else {
            sizes[k] = (int)(next_rand() % 500) + 1;
            ptrs[k] = malloc(sizes[k]);
        }
        {
            unsigned char *p = (unsigned char *)ptrs[k];
            int j;
            for (j = 0; j < sizes[k]; j++)
                p[j] = (unsigned char)(k + j);
        }
    }
    for (i = 0; i < 200; i++)
        free(ptrs[i]);
    printf("churn: %d corrupted bytes\n", bad);

    /* freed memory is reused: 100000 blocks of 64 KiB would not fit otherwise */
    {
        long long touched = 0;
        for (i = 0; i < 100000; i++) {
            char *p = (char *)malloc(65536);
            if (!p) {
                printf("out of memory at %d\n", i);
                return 1;
            }
            p[i % 65536] = (char)i;
            touched += p[i % 65536] != 0;
            free(p);
        }
        printf("100000 big blocks allocated and freed, %lld non-zero bytes seen\n", touched);
    }
    free(0);
    printf("malloc(0) then free works\n");
    free(malloc(0));
    return 0;
}
