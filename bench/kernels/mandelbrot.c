/* mandelbrot: f64 escape-time iteration over a grid; prints the iteration checksum. */
#include <stdio.h>

static double square(double x) { return x * x; }
/* Same body as square; the LIR version calls both. */
static double sqr(double x) { return x * x; }

static int mandel(double cx, double cy, int max_iter) {
    double x = 0.0;
    double y = 0.0;
    int iter = 0;
    while (iter < max_iter) {
        double x2 = square(x);
        double y2 = sqr(y);
        if (x2 + y2 > 4.0) {
            return iter;
        }
        double xt = x2 - y2 + cx;
        y = 2.0 * x * y + cy;
        x = xt;
        iter = iter + 1;
    }
    return iter;
}

int main(void) {
    int width = 160 * 8;
    int height = 160 * 6;
    int max_iter = 500;
    unsigned total = 0;
    int inside = 0;
    int py = 0;
    while (py < height) {
        int px = 0;
        while (px < width) {
            double cx = -2.0 + 3.0 * (double)px / (double)width;
            double cy = -1.2 + 2.4 * (double)py / (double)height;
            int it = mandel(cx, cy, max_iter);
            total = total + (unsigned)it;
            if (it == max_iter) {
                inside = inside + 1;
            }
            px = px + 1;
        }
        py = py + 1;
    }
    printf("mandelbrot %dx%d iterations: %u\n", width, height, total);
    printf("inside: %d\n", inside);
    return 0;
}
