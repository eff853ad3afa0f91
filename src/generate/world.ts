/**
 * Synthetic B2B worlds in the canonical data model, seeded and labelled SYNTHETIC.
 *
 * The model (documented in the README, section "Synthetic worlds"):
 *
 * - Each account has a latent **relationship health** h(t), an AR(1) process
 *   h(t) = φ·h(t−1) + σ·ε(t), φ = 0.85, σ = 0.55, h(0) ~ N(0, 1).
 * - **Interactions now** follow a latent x(t): their monthly number is
 *   Poisson(λ·exp(0.35·x(t))) and each is negative (an IPF type with rv < 0) with
 *   probability logistic(−1.4 − 1.1·x(t)), else positive.
 * - **Money later** follows a latent m(t): share of wallet = logistic(a + 1.3·m(t)),
 *   revenue = wallet × share × lognormal noise; an account whose m(t) falls below
 *   −2.1 churns (no revenue from then on; in the planted world its interactions also
 *   fall to a fifth — in the null world they do not, or churn would tie them to money).
 * - `effect: "planted"`: x(t) = h(t) and m(t) = h(t − lag): interactions lead money
 *   by `lag` months (default 3). `effect: "none"`: x(t) = h(t) and m(t) = u(t − lag)
 *   with u an independent AR(1) of the same law, so interactions tell nothing about
 *   future money.
 * - Orders are money, recorded in `financials`, not as interactions, so that the
 *   `none` world is a true null (purchase counts would otherwise leak revenue into RV).
 * - NPS: each quarter an account answers with probability 0.35, score =
 *   clip(round(7.2 + 1.3·x(t) + N(0, 2)), 0, 10), also recorded as an `nps_response`
 *   interaction.
 * - 10 % of accounts are prospects (acquisition and closing interactions only, no
 *   revenue); customers' interactions are drawn from all stages, mostly retention.
 *
 * @module
 */
import { join } from "node:path";
import { deriveSeed, mulberry32, type Rng } from "../util/random.ts";
import { TextSink } from "../util/text_sink.ts";
import { formatCsvRow } from "../io/csv_format.ts";
import { ACCOUNTS, FINANCIALS, INTERACTIONS, type IpfEntry, VOC } from "../io/schema.ts";

/** Options of a synthetic world. */
export interface WorldOptions {
  accounts?: number;
  months?: number;
  seed?: number;
  effect?: "planted" | "none";
  /** months by which interactions lead money in the planted world */
  lag?: number;
  /** first month, `YYYY-MM` */
  start?: string;
  /** mean interactions per account and month at average health */
  intensity?: number;
  /** progress callback, called with accounts done */
  onProgress?: (accountsDone: number) => void;
}

/** What generating a world wrote. */
export interface WorldResult {
  synthetic: true;
  out: string;
  seed: number;
  effect: "planted" | "none";
  lag_months: number;
  months: number;
  start: string;
  counts: {
    accounts: number;
    contacts: number;
    interactions: number;
    financials: number;
    voc: number;
    ipf: number;
  };
  files: string[];
  bytes: number;
}

const INDUSTRIES = ["manufacturing", "technology", "healthcare", "retail", "energy", "logistics"];
const REGIONS: Record<string, string[]> = {
  North: ["North-East", "North-West"],
  South: ["South-East", "South-West"],
  Central: ["Central-1", "Central-2"],
  International: ["EMEA", "APAC"],
};
const PRODUCT_LINES = ["machines", "spare_parts", "services"];
const INITIATIVES = ["key_accounts", "growth", "standard"];
const COMMENTS: Record<string, string[]> = {
  promoter: [
    "Great partner, quick answers.",
    "Our account manager really knows our business.",
    "Reliable deliveries and good service.",
    "We recommend you to our peers.",
  ],
  passive: [
    "Fine overall.",
    "Good product, service could be faster.",
    "Prices are a bit high.",
    "No complaints, nothing special.",
  ],
  detractor: [
    "Deliveries were late again.",
    "Invoices are often wrong.",
    "Hard to reach anyone in support.",
    "We are evaluating other suppliers.",
  ],
};

const logistic = (z: number) => 1 / (1 + Math.exp(-z));
const pad = (n: number, w: number) => String(n).padStart(w, "0");

/** Cumulative weights for fast weighted sampling. */
interface Sampler {
  types: IpfEntry[];
  cum: Float64Array;
}

function sampler(types: IpfEntry[], weight: (t: IpfEntry) => number): Sampler {
  const cum = new Float64Array(types.length);
  let s = 0;
  types.forEach((t, i) => {
    s += weight(t);
    cum[i] = s;
  });
  return { types, cum };
}

function draw(rng: Rng, s: Sampler): IpfEntry {
  const x = rng.next() * s.cum[s.cum.length - 1];
  let lo = 0, hi = s.cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s.cum[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return s.types[lo];
}

const RELATIONSHIP_WEIGHT: Record<string, number> = {
  automated_service: 3,
  self_service: 3,
  personal_assistance: 1,
  dedicated_personal_assistance: 0.4,
  community: 0.8,
  co_creation: 0.2,
};
/** Money events live in financials, and survey answers are drawn as VoC. */
const NOT_SAMPLED = new Set(["purchase", "reorder_automatic", "portal_order", "nps_response"]);

const SOURCE: Record<string, string> = {
  marketing: "marketing",
  sales: "crm",
  service: "service",
  community: "community",
  finance: "erp",
  operations: "erp",
};

/**
 * Writes a synthetic world into `out`: interactions.csv, ipf.csv, accounts.csv,
 * financials.csv, voc.csv, README.md and manifest.json. Streams rows to disk, so
 * memory does not grow with the number of accounts.
 *
 * Complexity: O(accounts × months × intensity).
 *
 * @example
 * ```ts
 * import { generateWorld } from "./world.ts";
 * import { loadTable } from "../io/load.ts";
 * import type { IpfEntry } from "../io/schema.ts";
 * const ipf = (await loadTable("data/ipf/b2b-default.csv", "ipf")).records as unknown as IpfEntry[];
 * const w = await generateWorld(ipf, "out/world", { accounts: 200, seed: 7, effect: "planted" });
 * w.counts.interactions; // about 200 × 36 × 9
 * ```
 */
export async function generateWorld(
  ipf: IpfEntry[],
  out: string,
  options: WorldOptions = {},
): Promise<WorldResult> {
  const nAccounts = options.accounts ?? 200;
  const months = options.months ?? 36;
  const seed = options.seed ?? 1;
  const effect = options.effect ?? "planted";
  const lag = options.lag ?? 3;
  const start = options.start ?? "2023-01";
  const intensity = options.intensity ?? 3.2;
  if (!Number.isInteger(nAccounts) || nAccounts < 1) {
    throw new RangeError(`accounts must be a whole number >= 1, found ${nAccounts}`);
  }
  if (!Number.isInteger(months) || months < lag + 2) {
    throw new RangeError(`months must be a whole number >= lag + 2 (${lag + 2}), found ${months}`);
  }
  const [y0, m0] = start.split("-").map(Number);
  if (!y0 || !m0 || m0 > 12) throw new RangeError(`start must be YYYY-MM, found "${start}"`);

  await Deno.mkdir(out, { recursive: true });
  const sampled = ipf.filter((t) => !NOT_SAMPLED.has(t.interaction_type));
  const baseWeight = (t: IpfEntry) =>
    (RELATIONSHIP_WEIGHT[t.relationship_type] ?? 1) * (t.voc ? 0.3 : 1);
  const stageWeight: Record<string, number> = { acquisition: 0.1, closing: 0.15, retention: 0.75 };
  const customerPos = sampler(
    sampled.filter((t) => t.rv >= 0),
    (t) => baseWeight(t) * stageWeight[t.stage],
  );
  const customerNeg = sampler(
    sampled.filter((t) => t.rv < 0),
    (t) => baseWeight(t) * stageWeight[t.stage],
  );
  const prospectPos = sampler(
    sampled.filter((t) => t.rv >= 0 && t.stage !== "retention"),
    baseWeight,
  );
  const prospectNeg = sampler(
    sampled.filter((t) => t.rv < 0 && t.stage !== "retention"),
    baseWeight,
  );
  const npsType = ipf.find((t) => t.interaction_type === "nps_response");

  const files = {
    interactions: join(out, "interactions.csv"),
    accounts: join(out, "accounts.csv"),
    financials: join(out, "financials.csv"),
    voc: join(out, "voc.csv"),
    ipf: join(out, "ipf.csv"),
  };
  const sInter = new TextSink(files.interactions);
  const sAcc = new TextSink(files.accounts);
  const sFin = new TextSink(files.financials);
  const sVoc = new TextSink(files.voc);
  const interCols = INTERACTIONS.columns.map((c) => c.name);
  sInter.write(formatCsvRow(interCols));
  sAcc.write(
    formatCsvRow([...ACCOUNTS.columns.map((c) => c.name), "initiative", "synthetic_size"]),
  );
  sFin.write(formatCsvRow(FINANCIALS.columns.map((c) => c.name)));
  sVoc.write(formatCsvRow(VOC.columns.map((c) => c.name)));

  const reps = Object.keys(REGIONS).flatMap((r, i) =>
    [0, 1, 2].map((k) => ({ id: `rep${pad(i * 3 + k + 1, 2)}`, region: r }))
  );
  const counts = {
    accounts: nAccounts,
    contacts: 0,
    interactions: 0,
    financials: 0,
    voc: 0,
    ipf: ipf.length,
  };
  const monthStart = (t: number) => {
    const y = y0 + Math.floor((m0 - 1 + t) / 12);
    const m = ((m0 - 1 + t) % 12) + 1;
    return { y, m, days: new Date(Date.UTC(y, m, 0)).getUTCDate(), label: `${y}-${pad(m, 2)}` };
  };
  const idWidth = Math.max(5, String(nAccounts).length);
  let interactionSeq = 0;

  for (let a = 0; a < nAccounts; a++) {
    const rng = mulberry32(deriveSeed(seed, a));
    const id = `acct-${pad(a + 1, idWidth)}`;
    const region = rng.pick(Object.keys(REGIONS));
    const owner = rng.pick(reps.filter((r) => r.region === region)).id;
    const prospect = rng.next() < 0.1;
    const size = Math.exp(rng.normal() * 0.9); // relative size, median 1
    const wallet0 = 20_000 * size;
    const margin = 0.2 + rng.next() * 0.25;
    const sowBase = -0.3 + rng.normal() * 0.7;
    const nContacts = 2 + rng.int(5);
    counts.contacts += nContacts;
    const initiative = size > 2 ? "key_accounts" : rng.pick(INITIATIVES.slice(1));
    const community = rng.next() < 0.3;
    // customers may start during the window (acquired late): no revenue before
    const firstMonth = rng.next() < 0.15 ? 1 + rng.int(Math.max(1, months - lag - 1)) : 0;
    const created = monthStart(firstMonth);
    sAcc.write(formatCsvRow([
      id,
      `Synthetic Account ${pad(a + 1, idWidth)}`,
      rng.pick(INDUSTRIES),
      region,
      rng.pick(REGIONS[region]),
      rng.pick(PRODUCT_LINES),
      owner,
      community,
      `${created.label}-01`,
      initiative,
      size.toFixed(3),
    ]));

    // latent processes over months -lag .. months-1 (index shifted by lag)
    const total = months + lag;
    const h = new Float64Array(total);
    const u = new Float64Array(total);
    h[0] = rng.normal();
    u[0] = rng.normal();
    for (let t = 1; t < total; t++) {
      h[t] = 0.85 * h[t - 1] + 0.55 * rng.normal();
      u[t] = 0.85 * u[t - 1] + 0.55 * rng.normal();
    }
    const x = (t: number) => h[t + lag]; // interactions now
    const m = (t: number) => (effect === "planted" ? h[t] : u[t]); // money: latent lag months earlier
    let churned = false;
    let line = "";
    let voc = "";
    let fin = "";
    for (let t = firstMonth; t < months; t++) {
      const mon = monthStart(t);
      if (!prospect && !churned && m(t) < -2.1) churned = true;
      // interactions
      const lambda = intensity * Math.exp(0.35 * x(t)) *
        (churned && effect === "planted" ? 0.2 : 1) * (prospect ? 0.5 : 1);
      const n = rng.poisson(lambda);
      const pNeg = logistic(-1.4 - 1.1 * x(t));
      for (let k = 0; k < n; k++) {
        const neg = rng.next() < pNeg;
        const type = draw(
          rng,
          prospect ? (neg ? prospectNeg : prospectPos) : (neg ? customerNeg : customerPos),
        );
        const day = 1 + rng.int(mon.days);
        const hour = 7 + rng.int(11);
        const personal = type.relationship_type.includes("personal");
        interactionSeq++;
        line += formatCsvRow([
          `${id}-${pad(interactionSeq, 9)}`,
          `${mon.label}-${pad(day, 2)}T${pad(hour, 2)}:${pad(rng.int(60), 2)}:00Z`,
          id,
          `${id}-c${1 + rng.int(nContacts)}`,
          type.interaction_type,
          SOURCE[type.function],
          1,
          null,
          null,
          personal ? owner : null,
          initiative,
          null,
        ]);
        counts.interactions++;
      }
      // voice of the customer, once a quarter with probability 0.35
      if (mon.m % 3 === 0 && rng.next() < 0.35) {
        const score = Math.max(0, Math.min(10, Math.round(7.2 + 1.3 * x(t) + 2 * rng.normal())));
        const band = score >= 9 ? "promoter" : score >= 7 ? "passive" : "detractor";
        const day = 1 + rng.int(mon.days);
        const contact = `${id}-c${1 + rng.int(nContacts)}`;
        voc += formatCsvRow([
          id,
          contact,
          `${mon.label}-${pad(day, 2)}T12:00:00Z`,
          score,
          null,
          null,
          rng.pick(COMMENTS[band]),
          "email survey",
        ]);
        counts.voc++;
        if (npsType) {
          interactionSeq++;
          line += formatCsvRow([
            `${id}-${pad(interactionSeq, 9)}`,
            `${mon.label}-${pad(day, 2)}T12:00:00Z`,
            id,
            contact,
            npsType.interaction_type,
            "survey",
            1,
            null,
            null,
            null,
            initiative,
            null,
          ]);
          counts.interactions++;
        }
      }
      // money
      if (!prospect) {
        const wallet = wallet0 * Math.exp(0.004 * t + 0.05 * rng.normal());
        const share = churned ? 0 : logistic(sowBase + 1.3 * m(t));
        const revenue = churned ? 0 : wallet * share * Math.exp(0.1 * rng.normal());
        const gp = revenue * margin;
        const cts = churned ? 0 : 150 * Math.sqrt(size) + 0.03 * revenue;
        fin += formatCsvRow([
          id,
          mon.label,
          revenue.toFixed(2),
          gp.toFixed(2),
          cts.toFixed(2),
          wallet.toFixed(2),
        ]);
        counts.financials++;
      }
    }
    sInter.write(line);
    sVoc.write(voc);
    sFin.write(fin);
    if (options.onProgress && (a + 1) % 1000 === 0) options.onProgress(a + 1);
  }
  for (const s of [sInter, sAcc, sFin, sVoc]) s.close();

  let ipfText = formatCsvRow([
    "interaction_type",
    "label",
    "rv",
    "variable_cost",
    "stage",
    "function",
    "relationship_type",
    "voc",
    "description",
  ]);
  for (const t of ipf) {
    ipfText += formatCsvRow([
      t.interaction_type,
      t.label,
      t.rv,
      t.variable_cost,
      t.stage,
      t.function,
      t.relationship_type,
      t.voc,
      t.description,
    ]);
  }
  await Deno.writeTextFile(files.ipf, ipfText);

  const result: WorldResult = {
    synthetic: true,
    out,
    seed,
    effect,
    lag_months: lag,
    months,
    start,
    counts,
    files: [...Object.values(files), join(out, "README.md"), join(out, "manifest.json")],
    bytes: sInter.bytes + sAcc.bytes + sFin.bytes + sVoc.bytes + ipfText.length,
  };
  await Deno.writeTextFile(
    join(out, "manifest.json"),
    JSON.stringify(
      { data_kind: "synthetic", generator: "rvlab generate", ...result, files: undefined },
      null,
      2,
    ) + "\n",
  );
  await Deno.writeTextFile(join(out, "README.md"), worldReadme(result));
  return result;
}

function worldReadme(r: WorldResult): string {
  return `# SYNTHETIC data — generated by rvlab, not real customers

Generated by \`rvlab generate\` with seed ${r.seed}, effect \`${r.effect}\`, ${r.counts.accounts} accounts,
${r.months} months from ${r.start}. ${
    r.effect === "planted"
      ? `A latent relationship health drives interactions now and share of wallet, revenue and
profit **${r.lag_months} months later** (the planted lag).`
      : `Interactions and money are driven by **independent** latent processes: RV should not lead
profit here (a null world).`
  }

Counts: ${r.counts.interactions} interactions, ${r.counts.accounts} accounts (${r.counts.contacts} contacts),
${r.counts.financials} account-months of financials, ${r.counts.voc} NPS answers. The model is
documented in the rvlab README, section "Synthetic worlds", and in \`src/generate/world.ts\`.
`;
}
