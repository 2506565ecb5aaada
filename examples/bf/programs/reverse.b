Reverses its input: reads bytes until end of input and prints them backwards
Cell 0 stays zero and marks the start; at end of input the fresh cell stays 0
>,[>,]   read into cells 1 2 3 and so on
<[.<]    print from the last byte down to cell 1
