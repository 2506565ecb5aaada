/* printf conversions with flags, widths and precisions. */
#include <stdio.h>

int main(void)
{
    int n;
    printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d] [%+5d] [%-+5d] [% 05d]\n", 42, 42, 42, 42, 42, 42, 42, 42, 42);
    printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d]\n", -42, -42, -42, -42, -42, -42);
    printf("[%.3d] [%8.3d] [%-8.3d] [%08.3d] [%.0d] [%5.0d] [%.0d]\n", 7, 7, 7, 7, 0, 0, 1);
    printf("[%i] [%u] [%u] [%10u] [%-10u|]\n", -1, 1u, 4294967295u, 123u, 123u);
    printf("[%x] [%X] [%#x] [%#X] [%08x] [%#010x] [%.6x] [%#.6x] [%#x]\n", 255, 255, 255, 255, 255, 255, 255, 255, 0);
    printf("[%o] [%#o] [%5o] [%#5o] [%-#5o|] [%#o] [%.4o]\n", 8, 8, 8, 8, 8, 0, 8);
    printf("[%ld] [%lu] [%lx] [%5ld] [%-5ld|]\n", -123456l, 123456ul, 0xabcdeful, 7l, -7l);
    printf("[%lld] [%llu] [%llx] [%020lld] [%+lld]\n", -1234567890123ll, 12345678901234567890ull,
           0xfedcba9876543210ull, -42ll, 42ll);
    printf("[%c] [%3c] [%-3c] [%c%c%c]\n", 'x', 'y', 'z', 'a', 'b', 'c');
    printf("[%s] [%10s] [%-10s] [%.3s] [%10.3s] [%-10.3s] [%.0s] [%.10s]\n", "hello", "hello", "hello", "hello",
           "hello", "hello", "hello", "hi");
    printf("[%*d] [%-*d] [%*d] [%.*d] [%*.*d] [%.*s]\n", 6, 1, 6, 2, -6, 3, 4, 5, 8, 3, 6, 2, "abcdef");
    printf("[%*.*f] [%.*f] [%.*e] [%.*g]\n", 10, 2, 3.14159, 0, 2.5, 3, 12345.678, 2, 0.000123456);
    printf("[%f] [%.2f] [%10.2f] [%-10.2f] [%+.1f] [% .1f] [%010.2f] [%+010.2f]\n", 1.5, 1.005, 3.14159, 3.14159, 2.0,
           2.0, -3.5, 3.5);
    printf("[%lf] [%.3lf]\n", 2.25, -0.0005);
    printf("[%e] [%.2e] [%12.3e] [%-12.3e] [%+e] [%E]\n", 1234.5, 0.000987, 1e10, 1e-10, 5.0, 6.25e-300);
    printf("[%g] [%.2g] [%10g] [%-10g] [%+g] [%G] [%g] [%g]\n", 0.0001, 1234.0, 1.5, 1.5, 100.0, 1e-10, 1e15, 1e16);
    printf("[%%] [%c]\n", '%');
    n = printf("%s=%d\n", "count", 12345);
    printf("printf returned %d\n", n);
    n = printf("");
    printf("empty printf returned %d\n", n);
    printf("%d%s%c%u%x%%%o\n", 1, "two", '3', 4u, 5, 6);
    printf("%5s|%-5s|%5s\n", "", "", "toolongvalue");
    return 0;
}
