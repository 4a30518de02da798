/* Scores a dataset through the C API and prints the summary `chibo score DATASET --year Y`
 * prints, then the three cells with the lowest totals and their first priorities.
 *
 *   cc -std=c99 score.c $(pkg-config --cflags --libs chibo) -o score
 *   ./score DATASET YEAR [--cells]
 *
 * DATASET is a folder of CSV files, an SQLite file or a postgresql:// URL. */
#include <chibo/chibo.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failed(const char* what) {
  size_t i;
  fprintf(stderr, "%s: %s\n", what, chibo_last_error());
  for (i = 0; i < chibo_last_problem_count(); ++i) {
    chibo_problem p;
    if (chibo_last_problem(i, &p) == CHIBO_OK && p.row_key[0])
      fprintf(stderr, "  %s[%s]: %s\n", p.file, p.row_key, p.message);
  }
  return 2;
}

/* The cells with the lowest totals and what each should fix first. */
static void weakest_cells(chibo_report* report) {
  size_t n = chibo_report_unit_count(report), i, shown = 0;
  double floor = -1;
  while (shown < 3) {
    size_t best = n;
    double best_total = 1e9;
    chibo_unit u;
    for (i = 0; i < n; ++i) {
      u.size = sizeof u;
      if (chibo_report_unit(report, i, &u) != CHIBO_OK || strcmp(u.kind, "cell") != 0) continue;
      if (u.total != u.total || u.total <= floor) continue; /* NaN: not rated */
      if (u.total < best_total) {
        best_total = u.total;
        best = i;
      }
    }
    if (best == n) break;
    u.size = sizeof u;
    chibo_report_unit(report, best, &u);
    printf("%s  %.1f\n", u.id, u.total);
    {
      chibo_priority p[3];
      size_t count = 0, k;
      chibo_report_priorities(report, best, p, 3, &count);
      for (k = 0; k < count; ++k) printf("  %s +%.1f\n", p[k].rule_id, p[k].points);
    }
    floor = best_total;
    ++shown;
  }
}

int main(int argc, char** argv) {
  chibo_dataset* dataset = NULL;
  chibo_policy* policy = NULL;
  chibo_report* report = NULL;
  size_t needed = 0;
  char* text;
  if (argc < 3) {
    fprintf(stderr, "usage: %s DATASET YEAR [--cells]\n", argv[0]);
    return 2;
  }
  if ((chibo_api_version() >> 16) != CHIBO_C_API_MAJOR) {
    fprintf(stderr, "libchibo's C API %u is not %d\n", (unsigned)(chibo_api_version() >> 16),
            CHIBO_C_API_MAJOR);
    return 1;
  }
  if (chibo_dataset_load(argv[1], NULL, &dataset) != CHIBO_OK) return failed(argv[1]);
  if (chibo_policy_load("default", NULL, 0, &policy) != CHIBO_OK) return failed("policy");
  if (chibo_score_year(dataset, policy, atoi(argv[2]), &report) != CHIBO_OK) return failed("score");
  /* The report keeps what it needs: the dataset and the policy can go now. */
  chibo_dataset_release(dataset);
  chibo_policy_release(policy);

  if (argc > 3 && strcmp(argv[3], "--cells") == 0) {
    weakest_cells(report);
  } else {
    chibo_report_summary(report, CHIBO_LANG_VI, NULL, 0, &needed);
    text = malloc(needed);
    if (!text) return 1;
    chibo_report_summary(report, CHIBO_LANG_VI, text, needed, &needed);
    fputs(text, stdout);
    free(text);
  }
  chibo_report_release(report);
  return 0;
}
