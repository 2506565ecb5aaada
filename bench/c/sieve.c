// small: 10000
/* sieve: sieve of Eratosthenes over a byte array, repeated 5 times (memory
   streaming and tight loops).  Usage: sieve [N]   (default 20000000) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 20000000;
    char *composite = (char *)malloc(n + 1);
    int count = 0, i, j, rounds, last = 0;
    unsigned int checksum = 0;
    for (rounds = 0; rounds < 5; rounds++) {
        memset(composite, 0, n + 1);
        count = 0;
        checksum = 0;
        for (i = 2; i <= n; i++) {
            if (composite[i])
                continue;
            count++;
            last = i;
            checksum = checksum * 31u + (unsigned int)i;
            if ((long long)i * i <= n)
                for (j = i * i; j <= n; j += i)
                    composite[j] = 1;
        }
    }
    printf("primes up to %d: %d, largest %d, checksum %u\n", n, count, last, checksum);
    free(composite);
    return 0;
}
