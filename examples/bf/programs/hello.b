Hello World: prints Hello comma World and a newline
++++++++++[>+++++++>++++++++++>+++>+<<<<-]   cells 1 to 4 = 70 100 30 10
>++.                                         H
>+.                                          e
+++++++.                                     l
.                                            l
+++.                                         o
>++++++++++++++.                             comma
------------.                                space
<<+++++++++++++++.                           W
>.                                           o
+++.                                         r
------.                                      l
--------.                                    d
>+.                                          exclamation mark
>.                                           newline
