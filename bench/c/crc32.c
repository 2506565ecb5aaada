// small: 1
/* crc32: table-driven CRC-32 (IEEE) and FNV-1a over generated data, N MiB
   processed in 64 KiB chunks (byte loads, table lookups, xor/shift).
   Usage: crc32 [MIB]   (default 100) */
#include <stdio.h>
#include <stdlib.h>

static unsigned int table[256];

static void make_table(void)
{
    unsigned int i, k;
    for (i = 0; i < 256; i++) {
        unsigned int c = i;
        for (k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
}

static unsigned int crc32_update(unsigned int crc, const unsigned char *p, int n)
{
    int i;
    for (i = 0; i < n; i++)
        crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
    return crc;
}

static unsigned int fnv1a(unsigned int h, const unsigned char *p, int n)
{
    int i;
    for (i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

int main(int argc, char **argv)
{
    int mib = argc > 1 ? atoi(argv[1]) : 100;
    int chunk = 65536;
    unsigned char *buf = (unsigned char *)malloc(chunk);
    unsigned int crc = 0xFFFFFFFFu, h = 2166136261u, x = 1;
    int i, c;
    make_table();
    for (c = 0; c < mib * 16; c++) {
        for (i = 0; i < chunk; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            buf[i] = (unsigned char)(x >> 24);
        }
        crc = crc32_update(crc, buf, chunk);
        h = fnv1a(h, buf, chunk);
    }
    printf("%d MiB: crc32 %08x fnv1a %08x\n", mib, crc ^ 0xFFFFFFFFu, h);
    free(buf);
    return 0;
}
