/**
 * The learned theme coder: TF-IDF features of words and word pairs, one
 * L2 logistic regression per theme with C and threshold chosen by seeded
 * cross-validation on the training answers, rules as features and
 * `force` / `forbid` overrides, top terms as the explanation, and
 * uncertainty-ranked suggestions for the next round of human coding.
 *
 * @module
 */
export * from "./sparse.ts";
export * from "./features.ts";
export * from "./logistic.ts";
export * from "./folds.ts";
export * from "./threshold.ts";
export * from "./train.ts";
export * from "./answers.ts";
export * from "./suggest.ts";
export * from "./run.ts";
