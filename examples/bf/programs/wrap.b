Eight bit wrapping cells: prints Y for each passed test then comma and newline
With wider cells the tests print N or never end
-                                         test 1: 0 minus 1 is 255
>+++++++++++++++[<----------------->-]<   minus 15 times 17 gives 0
>+<                                       flag cell 1 = 1
[>-<[-]]                                  if x is not 0: clear the flag and x
>>>++++++[<+++++++++++++>-]               cell 2 = 78 (N)
<<[->+++++++++++<]                        if flag: cell 2 = 89 (Y)
>.[-]<<                                   print Y or N; back to x
>+++++++++++++++[<+++++++++++++++++>-]<   test 2: 15 times 17 is 255
+                                         and 255 plus 1 is 0
>+<                                       flag cell 1 = 1
[>-<[-]]                                  if x is not 0: clear the flag and x
>>>++++++[<+++++++++++++>-]               cell 2 = 78 (N)
<<[->+++++++++++<]                        if flag: cell 2 = 89 (Y)
>.[-]<<                                   print Y or N; back to x
>++++++++++++++++[<++++++++++++++++>-]<   test 3: 16 times 16 is 0
>+<                                       flag cell 1 = 1
[>-<[-]]                                  if x is not 0: clear the flag and x
>>>++++++[<+++++++++++++>-]               cell 2 = 78 (N)
<<[->+++++++++++<]                        if flag: cell 2 = 89 (Y)
>.[-]<<                                   print Y or N; back to x
-[>+<-]                                   test 4: count 255 down to 0 into cell 1
>+[<+>-]<                                 cell 1 plus 1 is 0; move it back
>+<                                       flag cell 1 = 1
[>-<[-]]                                  if x is not 0: clear the flag and x
>>>++++++[<+++++++++++++>-]               cell 2 = 78 (N)
<<[->+++++++++++<]                        if flag: cell 2 = 89 (Y)
>.[-]<<                                   print Y or N; back to x
>++++++++++[<++++++++++++++++++++>-]      test 5: 200
++++++++++[<++++++++++>-]<                plus 100 is 44 (comma)
.[-]++++++++++.                           print it and a newline
