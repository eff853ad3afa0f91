/**
 * Statistics for back-tests and segment comparisons; each is tested against scipy,
 * sklearn or statsmodels on fixed inputs (tests/stats/stats_test.ts).
 *
 * @module
 */
export * from "./ranks.ts";
export * from "./normal.ts";
export * from "./quantile.ts";
export * from "./mann_whitney.ts";
export * from "./cliffs_delta.ts";
export * from "./auc.ts";
export * from "./bootstrap_auc.ts";
export * from "./adjust.ts";
export * from "./permutation_test.ts";
export * from "./kolmogorov_smirnov.ts";
export * from "./roc.ts";
export * from "./f_dist.ts";
export * from "./chi_square.ts";
export * from "./cluster_bootstrap_auc.ts";
export * from "./correlation.ts";
export * from "./special.ts";
export * from "./slope.ts";
export * from "./bootstrap.ts";
export * from "./trend_break.ts";
export * from "./max_t.ts";
export * from "./best_auc_difference.ts";
export * from "./shrinkage.ts";
export * from "./poisson_mid_p.ts";
export * from "./pearson_greater.ts";
export * from "./poisson_rate_z.ts";
