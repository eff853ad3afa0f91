/**
 * Customer-base analysis baselines: BG/NBD expected transactions and Gamma-Gamma
 * expected spend, with the special functions and optimiser they need.
 *
 * @module
 */
export * from "./nelder_mead.ts";
export * from "./hessian.ts";
export * from "./mle.ts";
export * from "./bgnbd.ts";
export * from "./gamma_gamma.ts";
export * from "./pareto_nbd.ts";
export * from "./mbgnbd.ts";
export * from "./bgbb.ts";
export * from "./lr_test.ts";
export * from "./simulate.ts";
export * from "./cdnow.ts";
export * from "./cdnow_fit.ts";
export * from "./model.ts";
export * from "./transactions.ts";
