/* crc32: table-driven CRC-32 (IEEE) over a generated buffer, repeated. */
#include <stdio.h>
#include <stdint.h>

#define SIZE (1024 * 1024)
static uint32_t table[256];
static unsigned char buffer[SIZE];
static uint32_t seed;

static void make_table(void) {
    uint32_t n = 0;
    while (n < 256) {
        uint32_t c = n;
        int k = 0;
        while (k < 8) {
            if (c & 1) {
                c = 0xEDB88320u ^ (c >> 1);
            } else {
                c = c >> 1;
            }
            k = k + 1;
        }
        table[n] = c;
        n = n + 1;
    }
}

static uint32_t next_random(void) {
    seed = seed * 1103515245u + 12345u;
    return seed >> 16;
}

static void fill(int size) {
    int i = 0;
    while (i < size) {
        buffer[i] = (unsigned char)next_random();
        i = i + 1;
    }
}

static uint32_t get_byte(int i) { return buffer[i]; }
/* Same body as get_byte; the LIR version calls both. */
static uint32_t load_byte(int i) { return buffer[i]; }

static uint32_t crc32(int start, int len) {
    uint32_t crc = 0xFFFFFFFFu;
    int i = start;
    while (i < len) {
        crc = table[(crc ^ get_byte(i)) & 255] ^ (crc >> 8);
        i = i + 1;
    }
    return crc ^ 0xFFFFFFFFu;
}

int main(void) {
    int size = 1024 * 1024;
    int rounds = 16 * 10;
    uint32_t acc = 0;
    uint32_t crc = 0;
    int r = 0;
    seed = 42;
    make_table();
    fill(size);
    while (r < rounds) {
        crc = crc32(0, size);
        acc = acc ^ (crc + (uint32_t)r);
        buffer[r] = (unsigned char)(load_byte(r) + 1);
        r = r + 1;
    }
    printf("crc32: %u\n", crc);
    printf("acc: %u\n", acc);
    return 0;
}
