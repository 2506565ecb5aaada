/* Global initialisers: scalars, arrays, strings, structs, arrays of
   structs, pointers into arrays and structs, zero-initialised data. */
#include <stdio.h>

struct entry {
    const char *name;
    int value;
    double weight;
};

int counter = 42;
int zeroed;
int zero_array[100];
double pi = 3.14159265358979;
const int primes[] = {2, 3, 5, 7, 11, 13};
int *third_prime_slot = (int *)&primes[2];
const int *prime_end = primes + sizeof primes / sizeof primes[0];
char greeting[] = "hello";
char *greeting_tail = greeting + 3;
const char *messages[] = {"first", "second", "third", 0};
struct entry table[] = {
    {"apple", 3, 0.5},
    {"banana", 7, 1.25},
    {"cherry", -2, 0.125},
};
struct entry *best = &table[1];
int *counter_ptr = &counter;
int matrix[2][3] = {{1, 2, 3}, {4, 5, 6}};
int *matrix_mid = &matrix[1][1];
struct {
    int a;
    char b[4];
    struct entry e;
} anon = {7, "xyz", {"inner", 1, 2.0}};
const char *inner_name_ptr_init = "literal";
unsigned char bytes[5] = {255, 128, 1};
long long big_init = 1ll << 40;
float f_init = 1.5f;
static int hidden = -7;
int forward_decl;
int forward_decl = 9;
short shorts[] = {-1, 32767, -32768};
double *pi_ptr = &pi;
int table_size = sizeof table / sizeof table[0];

static void bump(void)
{
    counter++;
    *counter_ptr += 10;
}

int main(void)
{
    int i;
    const char **m;
    printf("counter=%d zeroed=%d zero_array[99]=%d pi=%.6f\n", counter, zeroed, zero_array[99], pi);
    bump();
    printf("after bump counter=%d\n", counter);
    printf("third prime %d, primes count %d\n", *third_prime_slot, (int)(prime_end - primes));
    printf("greeting %s, tail %s\n", greeting, greeting_tail);
    greeting_tail[0] = 'L';
    printf("modified greeting %s\n", greeting);
    for (m = messages; *m; m++)
        printf("message: %s\n", *m);
    for (i = 0; i < table_size; i++)
        printf("%-8s %3d %6.3f\n", table[i].name, table[i].value, table[i].weight);
    printf("best = %s (index %d)\n", best->name, (int)(best - table));
    best++;
    printf("next = %s\n", best->name);
    printf("matrix_mid = %d, matrix_mid[1] = %d, matrix_mid[-2] = %d\n", *matrix_mid, matrix_mid[1], matrix_mid[-2]);
    printf("anon: %d %s %s %d %.1f\n", anon.a, anon.b, anon.e.name, anon.e.value, anon.e.weight);
    printf("%s\n", inner_name_ptr_init);
    printf("bytes: %d %d %d %d %d\n", bytes[0], bytes[1], bytes[2], bytes[3], bytes[4]);
    printf("big_init=%lld f_init=%f hidden=%d forward_decl=%d\n", big_init, f_init, hidden, forward_decl);
    printf("shorts: %d %d %d\n", shorts[0], shorts[1], shorts[2]);
    *pi_ptr = 3.0;
    printf("pi now %.1f\n", pi);
    return 0;
}
