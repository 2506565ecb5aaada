/* __LINE__ (also inside a macro expansion: the line of the call) and __func__
   (a char array of the enclosing function's name). */
#include <stdio.h>
#include <string.h>
#define HERE __LINE__
#define TRACE(msg) printf("%s:%d: %s\n", __func__, __LINE__, msg)
static const char *who(void) { return __func__; }
int compute(int x)
{
    TRACE("compute");
    return x * HERE;
}
int main(void)
{
    printf("%d %d\n", __LINE__, HERE);
    TRACE("start");
    printf("%d\n", compute(2));
    printf("%s %s %d\n", __func__, who(), (int)sizeof __func__);
    printf("%d\n", (int)strlen(__func__));
    int line = __LINE__
        + 0;
    printf("%d\n", line);
    return 0;
}
