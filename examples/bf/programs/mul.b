Reads two digits and prints their product in decimal
Cells: 0 a  1 b  2 temp  3 product  4 copy of b; the printer also uses cells 4 to 12
,>,                                      read a and b
>++++++++[<<------>------>-]             subtract 48 from both
<<[>[->>+>+<<<]>>>[-<<<+>>>]<<<<-]       product = a times b
>>>                                      at the product
Decimal printer: prints cell X and clears it; work cells X1 to X9 must be zero
>>++++++++++<<                           X2 = 10
[->+>-[>+>>]>[+[-<+>]>+>>]<<<<<<]        divmod: X1 = n  X2 = 10 minus u  X3 = u  X4 = n/10
>[-]>[-]>>                               clear X1 and X2; go to X4
>>++++++++++<<                           X6 = 10
[->+>-[>+>>]>[+[-<+>]>+>>]<<<<<<]        divmod again: X7 = tens  X8 = hundreds
>[-]>[-]>>                               clear X5 and X6; go to X8 (hundreds)
[>+<<<++++++[>>++++++++<<-]>>.[-]]       if hundreds: set flag X9; print digit
<[-<+<+>>]<[->+<]<[[-]>>>>+<<<<]         copy tens to X5; if nonzero: flag X9
>>>>[<<<++++++[>++++++++<-]>.[-]>>[-]]   if flag: print the tens digit
<<<<<<<++++++[>++++++++<-]>.[-]<<<       print the units digit; back to X
++++++++++.                              newline
