Prints the squares of 0 to 15 one per line
Cells: 0 counter  1 n  2 newline  3 a  4 b  5 temp  6 square  7 to 15 printer work
++++++++++++++++                           sixteen numbers
>>++++++++++<<                             cell 2 = newline
[
  >[->>+>+>+<<<<]                          copy n to cells 3 4 5
  >>>>[-<<<<+>>>>]                         move cell 5 back to n
  <<[>[->+>+<<]>[-<+>]<<-]                 cell 6 = a times b
  >[-]>>                                   clear b; at the square
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
  <<<<.                                    newline
  <+                                       next n
  <-                                       count down
]
