// native: differs (long is 32-bit on wasm32)
/* printf: every conversion with flags, width and precision, %e/%f/%g rounding of
   many doubles, long long extremes, %*d, %hh/%h/%z lengths, return values. */
#include <stdio.h>
#include <limits.h>
#include <stdint.h>
#include <stddef.h>

static void part1(void) {
    double vals[] = {0.0, -0.0, 1.0, 0.5, 1.5, 2.5, -2.5, 0.125, 1e-5, 123456789.0, 1e15, 1e16, 1e17, 1e20, 1e-300, 3.14159265358979, 2.0/3.0, 100.0, 0.0001, 0.00001234, 999999.5, 9999995.0, 1e100, 5e-324, 1.7976931348623157e308, 0.1, 0.3, 123.456};
    int n = sizeof vals / sizeof vals[0];
    for (int i = 0; i < n; i++) {
        double v = vals[i];
        printf("%f|%.0f|%.1f|%.3f|%10.4f|%-10.2f|%+f|% f|%08.3f|%g|%.3g|%10g|%-12g|%.10g|%e\n", v, v, v, v, v, v, v, v, v, v, v, v, v, v, v);
    }
    printf("%.0f %.0f %.0f %.0f\n", 0.5, 1.5, 2.5, 3.5);
    printf("%.2f %.2f\n", 1.005, 2.675);
    printf("%5d|%-5d|%05d|%+d|% d|%+05d|%-+5d|%.3d|%8.3d|%-8.3d|%.0d|\n", 42, 42, 42, 42, 42, 42, 42, 7, 7, 7, 0);
    printf("%5d|%05d|%+d|% d|%.3d|\n", -42, -42, -42, -42, -7);
    printf("%x|%X|%#x|%#o|%08x|%-8x|%.4x|\n", 255, 255, 255, 8, 0xbeef, 0xbeef, 0xa);
    printf("%u|%10u|%-10u|\n", UINT_MAX, 0u, 123u);
    printf("%lld|%llu|%lld|%llx|%llX\n", LLONG_MIN, ULLONG_MAX, LLONG_MAX, LLONG_MIN, 0xdeadbeefcafeULL);
    printf("%ld|%lu|%li\n", LONG_MIN, ULONG_MAX, LONG_MAX);
    printf("%i|%d\n", INT_MIN, INT_MAX);
    printf("%c|%5c|%-5c|\n", 'x', 'y', 'z');
    printf("%s|%10s|%-10s|%.3s|%10.2s|%-6.1s|\n", "hello", "hi", "hi", "abcdef", "abc", "xyz");
    printf("%%|\n");
    printf("%*d|%-*d|%.*f|%*.*f|\n", 6, 12, 6, 12, 2, 3.14159, 9, 3, 2.71828);
    printf("%hhd %hd %hhu %hu\n", 300, 70000, 300, 70000);
    printf("%zu %zd\n", sizeof(int), (ptrdiff_t)-3);
    printf("%d %d\n", INT8_MIN, INT16_MAX);
    printf("%u %llu\n", UINT32_MAX, UINT64_MAX);
    printf("%lld\n", INT64_MIN);
    float f = 1.0f / 3;
    printf("%f %g %.8f\n", f, f, f);
    printf("%g %g %g %g %g %g\n", 1e-4, 1e-5, 123456.0, 1234567.0, 0.0001234, 1e6);
    printf("%#g %#.3g\n", 1.0, 2.0);
    printf("%G %E\n", 1e-10, 12345.678);
    int r = printf("abc%d\n", 12345);
    printf("%d\n", r);
    printf("%5.1f%%\n", 99.95);
    printf("%o %lo %llo\n", 0777u, 01234567UL, 0x1ffffffffULL);
    }

static void part2(void) {
    printf("[%-05d][%+ d][% +d][%#X][%#o][%#x][%.0x][%5.0d][%#.0o][%-+8.3d]\n", 42, 42, 42, 255, 0, 0, 0, 0, 0, 5);
    printf("[%.0e][%.2e][%e][%e][%e]\n", 12345.0, 0.000123456, 0.0, 1e-310, 9.9999999e99);
    printf("[%.0g][%.1g][%g][%g][%g][%#g][%#.0f][%#.0e]\n", 123.0, 0.05, 1e-5, 123456789.0, 100.0, 0.0001, 3.0, 3.0);
    printf("[%g][%g][%g][%g][%.20g]\n", 0.1, 1.0/3, 2e-4, 1e21, 1.0/3);
    printf("[%-20lld][%20llu][%020lld][%+lld]\n", -123456789012345LL, 123456789012345ULL, -5LL, 0LL);
    printf("[%10.3s][%-10.0s][%.10s]\n", "abcdef", "abc", "ab");
    printf("[%3c][%-3c][%c]\n", 'a', 'b', 'c');
    printf("[%hd][%hu][%hhx][%hx]\n", -1, -1, -1, 0x12345);
    printf("[%lu][%ld][%lx]\n", 4294967295UL, -2147483647L - 1, 0xdeadbeefUL);
    printf("[%5.1f][%-8.3f][%+.2f][% .3f][%010.4f][%-+10.1f]\n", -0.05, 3.14159, 2.005, -1.0, -3.14159, 7.77);
    printf("[%f][%f][%.30f]\n", 1e-7, 123456789012345678.0, 0.1);
    printf("[%.3f][%.3f][%.0f][%.0f]\n", 1.0005, 1.00049999, 1e22, 2.5e-10);
    printf("[%f]\n", 1.7976931348623157e308);
    printf("[%08.2e][%-12.3E][%+e]\n", 1234.5, 0.000987, 1.0);
    printf("[%x][%X][%o][%u]\n", 0u, 0xABCDEFu, 01234567u, 0u);
    printf("[%lld][%lld]\n", 9223372036854775807LL, -9223372036854775807LL - 1);
    printf("[%.5d][%-.5d][%08.5d][%+.5d]\n", -42, 42, 42, 42);
    printf("[%5%]\n" + 5);
    int n1 = printf("%c", 0); printf("|%d\n", n1);
    int n2 = printf("%s%d%s\n", "", 0, ""); printf("%d\n", n2);
    printf("%d%%\n", 50);
    printf("%*s|%-*s|%.*s|\n", 5, "ab", 5, "cd", 2, "efgh");
    printf("%*d|\n", -5, 1);
    printf("%.*d|\n", -1, 7);
    printf("%s\n", "");
    }

static void part3(void) {
    printf("[%#010x][%-#8o][%+u][% u][%#X][%#08o][%0-8d]\n", 255, 8, 5u, 5u, 0xabcu, 9, 3);
    printf("[%+5i][% 05i][%-+6i][%+.0i][% .0i]\n", 7, -7, 7, 0, 0);
    printf("[%+lld][% lld][%020lld][%-20lld][%.25lld]\n", LLONG_MAX, LLONG_MIN, LLONG_MIN, 1LL, -1LL);
    printf("[%#llx][%#llo][%#.20llx][%llX]\n", ULLONG_MAX, ULLONG_MAX, 1ULL, 0xabcdef0123ULL);
    printf("[%+lu][%10lu][%-10lx][%#lx]\n", ULONG_MAX, 0UL, 0xffUL, 0UL);
    printf("[%hhu][%hhd][%hu][%hd]\n", 256 + 65, 128, 65536 + 7, 32768);
    printf("[%5.3x][%-5.3o][%05.3d][%.3u]\n", 10, 8, 7, 123456u);
    printf("[%.0o][%#.0o][%#.0x][%#x]\n", 0, 0, 0, 0);
    printf("[%%%d%%][%c%c]\n", 100, '%', '%');
    }

int main(void) {
    part1();
    part2();
    part3();
    return 0;
}
