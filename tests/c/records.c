/* Arrays of structs with nested arrays and strings: a small table of
   records, sorted by several keys with function pointers, plus
   aggregate statistics. */
#include <stdio.h>
#include <string.h>

#define MAX_SCORES 4

struct student {
    char name[12];
    int age;
    int scores[MAX_SCORES];
    double average;
};

struct roster {
    int count;
    struct student members[8];
};

static void compute_averages(struct roster *r)
{
    int i, j;
    for (i = 0; i < r->count; i++) {
        int sum = 0;
        for (j = 0; j < MAX_SCORES; j++)
            sum += r->members[i].scores[j];
        r->members[i].average = (double)sum / MAX_SCORES;
    }
}

static int by_name(const struct student *a, const struct student *b) { return strcmp(a->name, b->name); }
static int by_age(const struct student *a, const struct student *b) { return a->age - b->age; }
static int by_average_desc(const struct student *a, const struct student *b)
{
    return (a->average < b->average) - (a->average > b->average);
}

static void sort(struct roster *r, int (*cmp)(const struct student *, const struct student *))
{
    int i, j;
    for (i = 0; i < r->count; i++)
        for (j = r->count - 1; j > i; j--)
            if (cmp(&r->members[j - 1], &r->members[j]) > 0) {
                struct student t = r->members[j];
                r->members[j] = r->members[j - 1];
                r->members[j - 1] = t;
            }
}

static void print(const char *title, const struct roster *r)
{
    int i;
    printf("%s\n", title);
    for (i = 0; i < r->count; i++) {
        const struct student *s = &r->members[i];
        printf("  %-8s %2d  %3d %3d %3d %3d  %6.2f\n", s->name, s->age, s->scores[0], s->scores[1], s->scores[2],
               s->scores[3], s->average);
    }
}

int main(void)
{
    struct roster r = {5,
                       {{"mallory", 22, {70, 85, 90, 60}, 0},
                        {"alice", 20, {95, 88, 92, 99}, 0},
                        {"bob", 23, {60, 75, 70, 80}, 0},
                        {"carol", 19, {88, 91, 79, 85}, 0},
                        {"dave", 21, {100, 50, 75, 75}, 0}}};
    struct roster copy;
    int best[MAX_SCORES];
    int i, j;

    compute_averages(&r);
    copy = r;
    sort(&r, by_name);
    print("by name:", &r);
    sort(&r, by_age);
    print("by age:", &r);
    sort(&r, by_average_desc);
    print("by average:", &r);
    print("copy keeps the original order:", &copy);
    for (j = 0; j < MAX_SCORES; j++) {
        best[j] = 0;
        for (i = 0; i < r.count; i++)
            if (r.members[i].scores[j] > r.members[best[j]].scores[j])
                best[j] = i;
        printf("best in test %d: %s\n", j + 1, r.members[best[j]].name);
    }
    printf("sizeof(struct student) = %d, sizeof(struct roster) = %d\n", (int)sizeof(struct student),
           (int)sizeof(struct roster));
    return 0;
}
