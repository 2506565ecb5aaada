/* #line renumbers the lines __LINE__ gives (a file name after the number is
   accepted and ignored). */
#include <stdio.h>
#define HERE __LINE__
int main(void) {
    printf("%d\n", __LINE__);
#line 100
    printf("%d %d\n", __LINE__, HERE);
    printf("%d\n",
           __LINE__);
#line 7 "other.c"
    printf("%d\n", __LINE__);
    return 0;
}
