/**
 * Theme analysis of interviews and open feedback: codebooks, segmentation,
 * an explainable auto-coder, human codes side by side, matrices,
 * co-occurrence, quotes, themes by score and coder agreement.
 *
 * Stable entry points: {@linkcode loadCodebook}, {@linkcode readAnswers},
 * {@linkcode analyseThemes} (the files are written by `report/theme_outputs.ts`), and the agreement
 * statistics ({@linkcode cohenKappa}, {@linkcode krippendorffAlphaNominal},
 * {@linkcode bootstrapAlpha}).
 *
 * @module
 */
export * from "./codebook.ts";
export * from "./text.ts";
export * from "./segment.ts";
export * from "./coder.ts";
export * from "./modes.ts";
export * from "./diagnostics.ts";
export * from "./agreement.ts";
export * from "./analysis.ts";
export * from "./analyse.ts";
export * from "./input.ts";
export * from "./synthetic.ts";
export * from "./qdpx.ts";
export * from "./substance.ts";
export * from "./learn/mod.ts";
export * from "./tfidf.ts";
export * from "./guide.ts";
export * from "./align.ts";
