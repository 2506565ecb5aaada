/* Conway's game of life on a small torus, printed every few steps. */
#include <stdio.h>
#include <string.h>

#define ROWS 12
#define COLS 24

static char grid[ROWS][COLS], next_grid[ROWS][COLS];

static int neighbours(int r, int c)
{
    int dr, dc, n = 0;
    for (dr = -1; dr <= 1; dr++)
        for (dc = -1; dc <= 1; dc++) {
            if (dr == 0 && dc == 0)
                continue;
            n += grid[(r + dr + ROWS) % ROWS][(c + dc + COLS) % COLS];
        }
    return n;
}

static void step(void)
{
    int r, c;
    for (r = 0; r < ROWS; r++)
        for (c = 0; c < COLS; c++) {
            int n = neighbours(r, c);
            next_grid[r][c] = (char)(n == 3 || (n == 2 && grid[r][c]));
        }
    memcpy(grid, next_grid, sizeof grid);
}

static void show(int gen)
{
    int r, c, alive = 0;
    printf("generation %d:\n", gen);
    for (r = 0; r < ROWS; r++) {
        for (c = 0; c < COLS; c++) {
            putchar(grid[r][c] ? '#' : '.');
            alive += grid[r][c];
        }
        putchar('\n');
    }
    printf("alive: %d\n", alive);
}

int main(void)
{
    int gen;
    static const char *pattern[] = {
        ".#......................",
        "..#.....................",
        "###.....................",
        "........................",
        "..............###.......",
        "........................",
        "........................",
        "....##..................",
        "....##..........#.......",
        "...............#.#......",
        "...............#.#......",
        "................#.......",
    };
    int r, c;
    for (r = 0; r < ROWS; r++)
        for (c = 0; c < COLS; c++)
            grid[r][c] = (char)(pattern[r][c] == '#');
    show(0);
    for (gen = 1; gen <= 12; gen++) {
        step();
        if (gen % 4 == 0)
            show(gen);
    }
    return 0;
}
