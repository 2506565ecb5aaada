#include <stdio.h>

int ratio(int a, int b) {
    return a / b;
}

int main(void) {
    int zero = 0;
    printf("%d\n", ratio(7, zero));
    return 0;
}
