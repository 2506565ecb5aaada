Nested loops three deep: prints a triangle of stars twice
Cells: 0 repeats  1 rows  2 stars per row  3 star  4 newline  5 temp
++++++++++[>>>++++>+<<<<-]>>>++   cell 3 = 42 (star)  cell 4 = 10 (newline)
<<<++                             two repeats
[                                 repeat loop
  >++++                           four rows
  [                               row loop
    >+                            one more star per row
    [>.>>+<<<-]                   print the stars; count them into cell 5
    >>>[<<<+>>>-]                 restore cell 2 from cell 5
    <.                            newline
    <<<-                          next row
  ]
  >[-]>>.                         reset the star count; empty line
  <<<<-                           next repeat
]
