/* atoi and abs. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    const char *inputs[] = {"0", "42", "-17", "+8", "   123", "\t\n 99", "12abc", "abc", "", "-", "2147483647",
                            "-2147483648", "007", "-0", " +-3", "3 4"};
    int i;
    for (i = 0; i < (int)(sizeof inputs / sizeof inputs[0]); i++)
        printf("atoi(\"%s\") = %d\n", inputs[i], atoi(inputs[i]));
    printf("abs: %d %d %d %d\n", abs(5), abs(-5), abs(0), abs(-2147483647));
    {
        int total = 0;
        const char *nums[] = {"10", "-20", "30"};
        for (i = 0; i < 3; i++)
            total += abs(atoi(nums[i]));
        printf("sum of abs = %d\n", total);
    }
    return 0;
}
