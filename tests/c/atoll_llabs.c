/* llabs, atoll, labs and atol (the long and long long forms of abs and atoi). */
#include <stdio.h>
#include <stdlib.h>
int main(void) {
    printf("%lld %lld %lld\n", llabs(-5LL), llabs(9223372036854775807LL), llabs(-9223372036854775807LL));
    printf("%lld %lld %lld %lld\n", atoll("  -1234567890123"), atoll("+42x"), atoll("9223372036854775807"), atoll(""));
    printf("%ld %ld\n", labs(-7L), atol(" 99"));
    return 0;
}
