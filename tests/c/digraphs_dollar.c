/* Digraphs (<: :> <% %> %: %:%:) spell their punctuators, directives included;
   clang also accepts $ in identifiers and 0b binary literals. */
%:include <stdio.h>
%:define N 3
int main(void) <%
    int a<:N:> = <% 1, 2, 3 %>;
    in\
t b = 0b1011;
    int my$var = 4;
    printf("%d %d %d %d\n", a<:2:>, b, my$var, 0B11);
    float f = .5f + 5.f; double h = 0x.8p1;
    printf("%f %f\n", f, h);
    return 0;
%>
