/**
 * The property-based fuzz tests' one runner: a fixed seed (printed, so a failure can be
 * replayed) and a bounded number of runs, both overridable, and a count of the inputs
 * each property tried, printed in the test output.
 *
 * `FUZZ_SEED=123` replays another seed; `FUZZ_RUNS=5000` sets the runs of the parser
 * properties (the loader's, which open DuckDB, run a tenth of them).
 *
 * @module
 */
import fc from "fast-check";

/** The seed every property runs with: `FUZZ_SEED`, else a fixed one. */
export const FUZZ_SEED: number = Number(Deno.env.get("FUZZ_SEED") ?? 20261202);

/** Runs of a parser property: `FUZZ_RUNS`, else 1000. */
export const FUZZ_RUNS: number = Number(Deno.env.get("FUZZ_RUNS") ?? 1000);

/**
 * Checks `check` on `runs` values of `arb` with {@linkcode FUZZ_SEED}; prints how many
 * inputs were tried (shrinking included) and how long it took. A failure throws
 * fast-check's report: the smallest counterexample found, the seed and the path.
 */
export async function fuzz<T>(
  name: string,
  runs: number,
  arb: fc.Arbitrary<T>,
  check: (value: T) => void | Promise<void>,
): Promise<void> {
  let inputs = 0;
  const t0 = performance.now();
  try {
    await fc.assert(
      fc.asyncProperty(arb, async (value) => {
        inputs++;
        await check(value);
      }),
      { seed: FUZZ_SEED, numRuns: runs },
    );
  } finally {
    console.log(
      `fuzz ${name}: ${inputs} inputs, seed ${FUZZ_SEED}, ${
        ((performance.now() - t0) / 1000).toFixed(1)
      } s`,
    );
  }
}

/**
 * Text of any code points, weighted towards what breaks CSV and cell rules: quotes,
 * delimiters, CR, LF, a BOM, whitespace (ASCII and Unicode), bidi and zero-width
 * characters, digits and the signs of numbers and dates.
 */
export const nastyText: fc.Arbitrary<string> = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 4 }) },
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        '"',
        '""',
        ",",
        "\n",
        "\r",
        "\r\n",
        "\ufeff",
        " ",
        "\t",
        "\u00a0",
        "\u2028",
        "\u3000",
        "\u202e",
        "\u200b",
        "0",
        "1",
        "9",
        ".",
        "-",
        "+",
        "e",
        ":",
        "T",
        "Z",
        "é",
        "😀",
        "\ud800",
      ),
    },
  ),
  { maxLength: 12 },
).map((parts) => parts.join(""));
