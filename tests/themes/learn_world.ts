/**
 * SYNTHETIC answer worlds for the learned-coder tests: a planted world where a
 * word determines a theme, and a null world where the labels ignore the text.
 */
import { join } from "node:path";
import { mulberry32 } from "../../src/util/random.ts";
import { formatCsvRow } from "../../src/util/escape.ts";
import type { AnswerRow } from "../../src/themes/segment.ts";

const FILLER = [
  "the",
  "ward",
  "was",
  "very",
  "today",
  "we",
  "visit",
  "room",
  "my",
  "mother",
  "there",
  "again",
  "week",
  "usual",
  "floor",
  "window",
  "corridor",
  "evening",
  "morning",
  "friday",
];

/** One answer row with human codes in `code_<theme>` columns. */
export function worldRow(id: string, text: string, codes: Record<string, boolean>): AnswerRow {
  return {
    answer_id: id,
    respondent_id: id,
    company_id: null,
    role: null,
    question_id: "q",
    question: null,
    answer: text,
    language: "en",
    source: `world:${id}`,
    extra: Object.fromEntries(Object.entries(codes).map(([k, v]) => [`code_${k}`, v ? "1" : "0"])),
  };
}

/**
 * `n` answers of 6–10 filler words; in the planted world "parking" (in 30 % of
 * answers) makes theme `park` 95 % likely (3 % without), "food" likewise theme
 * `food`; in the null world both themes are coded at random (30 %) whatever the text.
 */
export function world(n: number, seed: number, planted: boolean): AnswerRow[] {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const words = Array.from({ length: 6 + rng.int(5) }, () => rng.pick(FILLER));
    const park = rng.next() < 0.3;
    const food = rng.next() < 0.3;
    if (park) words.splice(rng.int(words.length), 0, "parking");
    if (food) words.splice(rng.int(words.length), 0, "food");
    const coded = (has: boolean) => planted ? rng.next() < (has ? 0.95 : 0.03) : rng.next() < 0.3;
    return worldRow(`a${String(i).padStart(4, "0")}`, words.join(" ") + ".", {
      park: coded(park),
      food: coded(food),
    });
  });
}

/** The codebook of the worlds: two themes, no rules unless given. */
export const WORLD_CODEBOOK = `id: world
title: World
themes:
  - { id: park, label: Parking, definition: parking }
  - { id: food, label: Food, definition: food }
`;

/**
 * Writes answers (with their code_ columns, unless `codes` is false) as
 * transcripts.csv and the world codebook into `dir` (default a new folder).
 */
export async function writeWorldFolder(
  rows: AnswerRow[],
  codes = true,
  dir?: string,
): Promise<string> {
  dir ??= await Deno.makeTempDir();
  const cols = codes ? Object.keys(rows[0].extra) : [];
  const header = ["respondent_id", "question_id", "answer", "language", "comment_id", ...cols];
  await Deno.writeTextFile(
    join(dir, "transcripts.csv"),
    formatCsvRow(header) +
      rows.map((r) =>
        formatCsvRow([
          r.respondent_id,
          "q",
          r.answer,
          "en",
          r.answer_id,
          ...cols.map((c) => r.extra[c] ?? ""),
        ])
      ).join(""),
  );
  await Deno.writeTextFile(join(dir, "codebook.yaml"), WORLD_CODEBOOK);
  return dir;
}
