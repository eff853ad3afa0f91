/**
 * Synthetic B2B worlds in the canonical data model, seeded and labelled SYNTHETIC.
 *
 * The model (documented in the README, section "Synthetic worlds"):
 *
 * - Each account has a latent **relationship health** h(t), an AR(1) process
 *   h(t) = φ·h(t−1) + σ·ε(t), φ = 0.85, σ = 0.55, h(0) ~ N(0, 1).
 * - **Interactions now** follow x(t) = h(t) (minus the collapse drop): their monthly number is
 *   Poisson(λ·exp(0.35·x(t))) and each is negative (an IPF type with rv < 0) with
 *   probability logistic(−1.4 − 1.1·x(t)), else positive.
 * - **Money later** follows a latent m(t): share of wallet = logistic(a + 1.3·m(t)),
 *   revenue = wallet × share × lognormal noise; an account whose m(t) falls below
 *   −2.1 churns (no revenue from then on; with the lead on its interactions also
 *   fall to a fifth — with it off they do not, or churn would tie them to money).
 * - Revenue, gross profit and cost to serve are per customer and month; wallet =
 *   60,000·size·exp(0.004·t + 0.05·ε), so an ordinary customer's gross profit clearly
 *   covers its cost to serve and interactions over a year.
 * - Orders are money, recorded in `financials`, not as interactions, so that the
 *   null world is a true null (purchase counts would otherwise leak revenue into RV).
 * - NPS: each quarter an account answers with probability 0.35, score =
 *   clip(round(7.2 + 1.3·x(t) + N(0, 2)), 0, 10), also recorded as an `nps_response`
 *   interaction.
 *
 * The seven effects ({@linkcode EFFECTS}, `truth.json` lists each planted group), each
 * switchable (`effect` "planted" = all, "none" = only prospects and loss-makers; the
 * `effects` option switches single ones), each with one magnitude constant:
 *
 * - (a) `lead`: m(t) = h(t − lag), interactions lead money by `lag` months (default 3);
 *   off: m(t) = u(t − lag), an independent AR(1) of the same law.
 * - (b) `prospects`: {@linkcode PROSPECT_SHARE} of accounts have acquisition and
 *   closing interactions only, at half the rate, and never revenue.
 * - (c) `loss_makers`: {@linkcode LOSS_MAKER_SHARE} of customers buy normally (same
 *   interaction law as everyone) but cost to serve = gross profit × U(1.3, 1.8) every
 *   month; they do not churn.
 * - (d) `community`: membership (30 %) is drawn in every world; only with the effect on
 *   do members get h + {@linkcode COMMUNITY_HEALTH_SHIFT}.
 * - (e) `top_reps`: two of the 12 reps (from the seed) get h + {@linkcode TOP_REP_HEALTH_SHIFT}
 *   on all their accounts.
 * - (f) `collapse`: {@linkcode COLLAPSE_SHARE} of customers (not prospects, not
 *   loss-makers, present at least 6 months before) have x + {@linkcode COLLAPSE_DROP}
 *   in the last {@linkcode COLLAPSE_MONTHS} months (their usual interactions thin out
 *   and turn negative) and complaints pile up: Poisson({@linkcode COLLAPSE_COMPLAINTS})
 *   extra negative interactions a month; they do not churn.
 * - (g) `drivers`: 3 positive-RV retention types (rv ≥ 1, variable cost ≤ 60, from the
 *   seed); each customer adopts each with probability {@linkcode DRIVER_ADOPTION}
 *   (drawn in every world); an adopter has Poisson({@linkcode DRIVER_MONTHLY_RATE}) of
 *   it a month on top of its normal interactions and wins a larger share of its wallet:
 *   its share-of-wallet intercept a + {@linkcode DRIVER_SOW_SHIFT} per type adopted
 *   (centred on the expected number of types adopted).
 *
 * Health shifts act on h (so with the lead on they move interactions now and money
 * `lag` months later; with it off money stays independent). They are centred: the
 * expected shift of an account ({@linkcode expectedHealthShift}) is subtracted from
 * every account's, so a planted world has the mean health and churn of a null one and
 * the groups differ by the full shifts. The top reps' shift is not centred: top reps lift
 * their own accounts and take nothing from the other reps' (centred, its 2.2 on a sixth
 * of the accounts would lower every other account by 0.37, raise their churn and cost the
 * lead's AUC claim two of 20 worlds). The drivers' share-of-wallet shift is centred the
 * same way, on the expected number of types adopted. The effects draw from streams of
 * their own, so switching one changes only what it plants.
 *
 * @module
 */
import { join } from "node:path";
import { deriveSeed, mulberry32, type Rng } from "../util/random.ts";
import { TextSink } from "../util/text_sink.ts";
import { utcDay } from "../util/periods.ts";
import { formatCsvRow } from "../io/csv_format.ts";
import { ACCOUNTS, FINANCIALS, INTERACTIONS, type IpfEntry, VOC } from "../io/schema.ts";
import { type Effect, EFFECTS, effectsFor, type Truth } from "./truth.ts";

/** Options of a synthetic world. */
export interface WorldOptions {
  accounts?: number;
  months?: number;
  seed?: number;
  effect?: "planted" | "none";
  /** single effects switched on or off on top of `effect` ({@linkcode effectsFor}) */
  effects?: Partial<Record<Effect, boolean>>;
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
  /** the effects planted (`effect` with the overrides applied) */
  effects: Record<Effect, boolean>;
  lag_months: number;
  months: number;
  start: string;
  /** path of truth.json, the planted groups */
  truth_file: string;
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

/** (b) share of accounts that are prospects: interactions, never revenue. */
export const PROSPECT_SHARE = 0.1;
/**
 * (c) share of the customers that are loss-makers: they buy, but their cost to serve is
 * 1.3–1.8 × their gross profit in every month (and they do not churn).
 */
export const LOSS_MAKER_SHARE = 0.1;
/** (d) share of accounts that are community members (in every world). */
export const COMMUNITY_SHARE = 0.3;
/** (d) health shift of community members (added to h). */
export const COMMUNITY_HEALTH_SHIFT = 1.0;
/**
 * (e) health shift of every account of the two top reps (added to h, not centred): about
 * 2 sd of h, so a top rep's accounts have about 2.2 times the interactions and a tenth of
 * the negative share (2 % instead of 20 %). With about 20 accounts a rep and a
 * Bonferroni-adjusted test over 12 reps, `performers` finds both top reps in 19 of 20
 * planted worlds at 2.2, 18 at 2.0, 16 at 1.5 and 2 at 0.9 (`deno task recovery --only
 * performers`, 2026-12-01; the miss at 2.2 is a top rep with 8 accounts).
 */
export const TOP_REP_HEALTH_SHIFT = 2.2;
/** (e) how many of the 12 reps are top reps. */
export const TOP_REPS = 2;
/** (f) share of the customers (not prospects, not loss-makers) that collapse near the end. */
export const COLLAPSE_SHARE = 0.1;
/** (f) the collapse lasts the last this many months. */
export const COLLAPSE_MONTHS = 4;
/** (f) drop of a collapsing account's x (the health that drives interactions). */
export const COLLAPSE_DROP = -2.5;
/**
 * (f) mean extra negative interactions (complaints, escalations: IPF types with rv < 0)
 * a collapsing account has a month during the collapse. Without them the collapse
 * (x − 2.5 alone) is no larger than the falls health's own AR(1) wander makes in
 * ordinary accounts: at about 3 interactions a month no detector found even half the
 * collapses in 4 months; with 3 a month the relationship visibly breaks.
 */
export const COLLAPSE_COMPLAINTS = 3;
/**
 * (g) rise of an adopter's share-of-wallet logit per driver type adopted (added to its
 * intercept a, centred: a − 1.5 × 1.05 for a customer with none, the expected number of
 * types). It acts on money only, not on health h: raising h instead (h + 1.0 a type;
 * measured with the habit score before its posterior form) found only 7 of 20 planted
 * worlds' drivers and cost the community claim 4 of 20 (the adopters' spread in health
 * hides the other groups); at 1.5 on the logit best practice
 * finds all three types in 20 of 20 planted worlds and every other claim keeps its rate
 * (`deno task recovery`, 2026-12-02).
 */
export const DRIVER_SOW_SHIFT = 1.5;
/** (g) number of driver types (positive-RV retention types) a world has. */
export const DRIVER_TYPES = 3;
/** (g) probability that a customer adopts each driver type (drawn in every world). */
export const DRIVER_ADOPTION = 0.35;
/** (g) mean extra interactions per month an adopter has of each type it adopted. */
export const DRIVER_MONTHLY_RATE = 0.6;

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

/** The model's parameters, resolved from {@linkcode WorldOptions} and checked. */
interface WorldParams {
  nAccounts: number;
  months: number;
  seed: number;
  effect: "planted" | "none";
  effects: Record<Effect, boolean>;
  lag: number;
  start: string;
  intensity: number;
  /** seed of the effects' own streams, so switching an effect leaves the others' draws alone */
  effectSeed: number;
  /** the expected health shift of an account, subtracted from every account's shift */
  meanShift: number;
  /** first calendar year and month (1–12) */
  y0: number;
  m0: number;
}

/** Applies the defaults and rejects options the model cannot run with. */
function worldParams(options: WorldOptions): WorldParams {
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
  for (const k of Object.keys(options.effects ?? {})) {
    if (!(EFFECTS as readonly string[]).includes(k)) {
      throw new RangeError(`unknown effect "${k}"; effects are ${EFFECTS.join(", ")}`);
    }
  }
  const effects = effectsFor(effect, options.effects);
  const effectSeed = deriveSeed(seed, 0xfffffffe);
  const meanShift = expectedHealthShift(effects);
  return {
    nAccounts,
    months,
    seed,
    effect,
    effects,
    lag,
    start,
    intensity,
    effectSeed,
    meanShift,
    y0,
    m0,
  };
}

/**
 * The expected health shift of an account under `effects`: community share × its shift
 * (the top reps' shift is not centred, see the module doc; the drivers act on share of
 * wallet, not on health). Every account's shift is centred on it, so a
 * planted world has the same mean health (and so about the same churn) as a null one
 * while the differences between groups are the full shifts.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { expectedHealthShift } from "./world.ts";
 * import { effectsFor } from "./truth.ts";
 * expectedHealthShift(effectsFor("none")); // => 0
 * expectedHealthShift(effectsFor("planted")) > 0; // => true
 * ```
 */
export function expectedHealthShift(effects: Record<Effect, boolean>): number {
  return effects.community ? COMMUNITY_SHARE * COMMUNITY_HEALTH_SHIFT : 0;
}

/** The four interaction samplers (customer or prospect × positive or negative RV). */
interface InteractionSamplers {
  customerPos: Sampler;
  customerNeg: Sampler;
  prospectPos: Sampler;
  prospectNeg: Sampler;
  /** the IPF type recorded with each NPS answer, when the IPF has one */
  npsType: IpfEntry | undefined;
}

/**
 * Weighted samplers over the IPF types that are drawn as interactions: customers
 * mostly in retention, prospects only in acquisition and closing; automated and
 * self-service types more often than personal ones, VoC types less often.
 */
function interactionSamplers(ipf: readonly IpfEntry[]): InteractionSamplers {
  const sampled = ipf.filter((t) => !NOT_SAMPLED.has(t.interaction_type));
  const baseWeight = (t: IpfEntry) =>
    (RELATIONSHIP_WEIGHT[t.relationship_type] ?? 1) * (t.voc ? 0.3 : 1);
  const stageWeight: Record<string, number> = { acquisition: 0.1, closing: 0.15, retention: 0.75 };
  return {
    customerPos: sampler(
      sampled.filter((t) => t.rv >= 0),
      (t) => baseWeight(t) * stageWeight[t.stage],
    ),
    customerNeg: sampler(
      sampled.filter((t) => t.rv < 0),
      (t) => baseWeight(t) * stageWeight[t.stage],
    ),
    prospectPos: sampler(
      sampled.filter((t) => t.rv >= 0 && t.stage !== "retention"),
      baseWeight,
    ),
    prospectNeg: sampler(
      sampled.filter((t) => t.rv < 0 && t.stage !== "retention"),
      baseWeight,
    ),
    npsType: ipf.find((t) => t.interaction_type === "nps_response"),
  };
}

/** A calendar month of the world: year, month (1–12), its days and `YYYY-MM`. */
interface Month {
  y: number;
  m: number;
  days: number;
  label: string;
}

/** Month `t` (0 = the first month) of a world starting in year `y0`, month `m0`. */
function monthAt(y0: number, m0: number, t: number): Month {
  const y = y0 + Math.floor((m0 - 1 + t) / 12);
  const m = ((m0 - 1 + t) % 12) + 1;
  return { y, m, days: utcDay(y, m, 0).getUTCDate(), label: `${y}-${pad(m, 2)}` };
}

/** Three sales reps per region, `rep01` … `rep12`. */
function salesReps(): { id: string; region: string }[] {
  return Object.keys(REGIONS).flatMap((r, i) =>
    [0, 1, 2].map((k) => ({ id: `rep${pad(i * 3 + k + 1, 2)}`, region: r }))
  );
}

/** What a world plants across accounts: the top reps and the driver types. */
export interface WorldChoices {
  topReps: string[];
  drivers: IpfEntry[];
}

/**
 * The world's top reps ({@linkcode TOP_REPS} of the 12, from the seed) and driver types
 * ({@linkcode DRIVER_TYPES} retention types with rv ≥ 1 and variable cost ≤ 60 that are
 * drawn as interactions, from the seed; in IPF order). Chosen in every world, also
 * where the effect is off, so worlds of one seed are comparable.
 *
 * Complexity: O(IPF types).
 *
 * @example
 * ```ts
 * import { worldChoices } from "./world.ts";
 * import type { IpfEntry } from "../io/schema.ts";
 * const ipf: IpfEntry[] = [3, 5, 8, 2].map((rv, i) => ({
 *   interaction_type: `t${i}`, label: "", rv, variable_cost: 1, stage: "retention",
 *   function: "service", relationship_type: "self_service", voc: false, description: "",
 * }));
 * const c = worldChoices(7, ipf);
 * [c.topReps.length, c.drivers.length]; // => [2, 3]
 * ```
 */
export function worldChoices(seed: number, ipf: readonly IpfEntry[]): WorldChoices {
  const rng = mulberry32(deriveSeed(deriveSeed(seed, 0xfffffffe), 0x7ffffffe));
  const pickSome = <T>(items: readonly T[], k: number): T[] => {
    const a = [...items];
    for (let i = 0; i < Math.min(k, a.length); i++) {
      const j = i + rng.int(a.length - i);
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a.slice(0, Math.min(k, a.length));
  };
  const reps = salesReps().map((r) => r.id);
  const topReps = pickSome(reps, TOP_REPS).sort();
  const drawn = ipf.filter((t) =>
    !NOT_SAMPLED.has(t.interaction_type) && !t.voc && t.stage === "retention" && t.rv > 0
  );
  const cheap = drawn.filter((t) => t.rv >= 1 && t.variable_cost <= 60);
  const pool = cheap.length >= DRIVER_TYPES ? cheap : drawn;
  const chosen = new Set(pickSome(pool, DRIVER_TYPES));
  return { topReps, drivers: ipf.filter((t) => chosen.has(t)) };
}

/** One account's fixed traits, drawn once before its months. */
interface AccountProfile {
  id: string;
  name: string;
  industry: string;
  region: string;
  territory: string;
  productLine: string;
  owner: string;
  prospect: boolean;
  /** (c) a planted loss-maker (effect on) */
  lossMaker: boolean;
  /** (f) collapses in the last months (effect on) */
  collapse: boolean;
  /** (g) the driver types it adopted (effect on) */
  adopted: IpfEntry[];
  /** the sum of the health shifts of (d) and (e) that are on */
  healthShift: number;
  /** relative size, median 1 */
  size: number;
  wallet0: number;
  margin: number;
  /** the account's share-of-wallet intercept a */
  sowBase: number;
  nContacts: number;
  initiative: string;
  community: boolean;
  /** the month it becomes an account (0 for most; later when acquired during the window) */
  firstMonth: number;
}

/**
 * Draws account `a`'s traits from its own stream. The order of the draws is part of
 * the seeded output: changing it changes every world.
 */
function drawAccount(
  rng: Rng,
  a: number,
  p: WorldParams,
  reps: readonly { id: string; region: string }[],
): AccountProfile {
  const idWidth = Math.max(5, String(p.nAccounts).length);
  const id = `acct-${pad(a + 1, idWidth)}`;
  const region = rng.pick(Object.keys(REGIONS));
  const owner = rng.pick(reps.filter((r) => r.region === region)).id;
  const prospect = rng.next() < PROSPECT_SHARE && p.effects.prospects;
  const size = Math.exp(rng.normal() * 0.9);
  const wallet0 = 60_000 * size;
  const margin = 0.2 + rng.next() * 0.25;
  const sowBase = -0.3 + rng.normal() * 0.7;
  const nContacts = 2 + rng.int(5);
  const initiative = size > 2 ? "key_accounts" : rng.pick(INITIATIVES.slice(1));
  const community = rng.next() < COMMUNITY_SHARE;
  // customers may start during the window (acquired late): no revenue before
  const firstMonth = rng.next() < 0.15 ? 1 + rng.int(Math.max(1, p.months - p.lag - 1)) : 0;
  return {
    id,
    name: `Synthetic Account ${pad(a + 1, idWidth)}`,
    industry: rng.pick(INDUSTRIES),
    region,
    territory: rng.pick(REGIONS[region]),
    productLine: rng.pick(PRODUCT_LINES),
    owner,
    prospect,
    lossMaker: false,
    collapse: false,
    adopted: [],
    healthShift: 0,
    size,
    wallet0,
    margin,
    sowBase,
    nContacts,
    initiative,
    community,
    firstMonth,
  };
}

/**
 * Draws account `a`'s planted roles from its effects stream (always the same draws, so
 * a switch changes only what it switches): among customers loss-maker, collapse (the
 * other customers present at least 6 months before it) and driver adoption; then the
 * health shift of the effects that are on (community and top reps also for prospects).
 */
function drawRoles(
  fx: Rng,
  acc: AccountProfile,
  p: WorldParams,
  choices: WorldChoices,
): void {
  const lossU = fx.next();
  const collapseU = fx.next();
  const adoptU = choices.drivers.map(() => fx.next());
  if (!acc.prospect) {
    const lossDrawn = lossU < LOSS_MAKER_SHARE;
    acc.lossMaker = lossDrawn && p.effects.loss_makers;
    acc.collapse = p.effects.collapse && !lossDrawn &&
      acc.firstMonth <= p.months - COLLAPSE_MONTHS - 6 &&
      collapseU < COLLAPSE_SHARE / (1 - LOSS_MAKER_SHARE);
    if (p.effects.drivers) {
      acc.adopted = choices.drivers.filter((_, i) => adoptU[i] < DRIVER_ADOPTION);
      acc.sowBase += DRIVER_SOW_SHIFT * (acc.adopted.length - DRIVER_TYPES * DRIVER_ADOPTION);
    }
  }
  acc.healthShift = (p.effects.community && acc.community ? COMMUNITY_HEALTH_SHIFT : 0) +
    (p.effects.top_reps && choices.topReps.includes(acc.owner) ? TOP_REP_HEALTH_SHIFT : 0) -
    p.meanShift;
}

/** The account's row of accounts.csv. */
function accountCsvRow(acc: AccountProfile, created: Month): string {
  return formatCsvRow([
    acc.id,
    acc.name,
    acc.industry,
    acc.region,
    acc.territory,
    acc.productLine,
    acc.owner,
    acc.community,
    `${created.label}-01`,
    acc.initiative,
    acc.size.toFixed(3),
  ]);
}

/**
 * The latent drivers of one account, months −lag … months−1 (index shifted by lag):
 * relationship health h and, for the null world, an independent u of the same law,
 * both AR(1) h(t) = φ·h(t−1) + σ·ε(t), φ = 0.85, σ = 0.55, h(0) ~ N(0, 1).
 */
function latentPaths(rng: Rng, total: number): { h: Float64Array; u: Float64Array } {
  const h = new Float64Array(total);
  const u = new Float64Array(total);
  h[0] = rng.normal();
  u[0] = rng.normal();
  for (let t = 1; t < total; t++) {
    h[t] = 0.85 * h[t - 1] + 0.55 * rng.normal();
    u[t] = 0.85 * u[t - 1] + 0.55 * rng.normal();
  }
  return { h, u };
}

/**
 * The planted effect: what drives interactions now (x) and money (m) in month t.
 * Planted: x(t) = h(t), m(t) = h(t − lag), so interactions lead money by `lag` months.
 * None: m(t) = u(t − lag), independent of h, so interactions say nothing about money.
 *
 * Complexity: O(1) per call.
 *
 * @example
 * ```ts
 * import { plantedDrivers } from "./world.ts";
 * const h = Float64Array.from([0.1, 0.2, 0.3, 0.4]);
 * const u = Float64Array.from([-1, -2, -3, -4]);
 * const { x, m } = plantedDrivers("planted", h, u, 2);
 * [x(0), m(0)]; // => [0.3, 0.1]: money follows health 2 months later
 * plantedDrivers("none", h, u, 2).m(0); // => -1
 * ```
 */
export function plantedDrivers(
  effect: "planted" | "none",
  h: Float64Array,
  u: Float64Array,
  lag: number,
): { x: (t: number) => number; m: (t: number) => number } {
  return {
    x: (t) => h[t + lag],
    m: (t) => (effect === "planted" ? h[t] : u[t]),
  };
}

/**
 * Interactions per month: λ·exp(0.35·x), a fifth of that once a churned account has
 * left (planted world only: in the null world churn would tie interactions to money),
 * half for prospects.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { interactionRate } from "./world.ts";
 * interactionRate(3.2, 0, { churned: false, planted: true, prospect: false }); // => 3.2
 * interactionRate(3.2, 0, { churned: true, planted: true, prospect: true }); // about 0.32 (a tenth)
 * ```
 */
export function interactionRate(
  intensity: number,
  x: number,
  state: { churned: boolean; planted: boolean; prospect: boolean },
): number {
  return intensity * Math.exp(0.35 * x) *
    (state.churned && state.planted ? 0.2 : 1) * (state.prospect ? 0.5 : 1);
}

/**
 * Probability that an interaction is negative (an IPF type with rv < 0):
 * logistic(−1.4 − 1.1·x), about 20 % at average health.
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { negativeShare } from "./world.ts";
 * negativeShare(0).toFixed(3); // => "0.198"
 * ```
 */
export function negativeShare(x: number): number {
  return logistic(-1.4 - 1.1 * x);
}

/**
 * An NPS answer from health x and a standard normal draw:
 * clip(round(7.2 + 1.3·x + 2·noise), 0, 10).
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { npsScore } from "./world.ts";
 * npsScore(0, 0); // => 7
 * npsScore(3, 1); // => 10 (clipped)
 * ```
 */
export function npsScore(x: number, noise: number): number {
  return Math.max(0, Math.min(10, Math.round(7.2 + 1.3 * x + 2 * noise)));
}

/**
 * Share of wallet from the money driver m: logistic(a + 1.3·m), 0 once churned.
 * An account churns the first month m falls below −2.1 ({@linkcode churnsAt}).
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { shareOfWallet } from "./world.ts";
 * shareOfWallet(0, 0, false); // => 0.5
 * shareOfWallet(0, 0, true); // => 0
 * ```
 */
export function shareOfWallet(sowBase: number, m: number, churned: boolean): number {
  return churned ? 0 : logistic(sowBase + 1.3 * m);
}

/**
 * Whether a customer churns this month: its money driver m fell below −2.1
 * (prospects have no revenue to lose and never churn).
 *
 * Complexity: O(1).
 *
 * @example
 * ```ts
 * import { churnsAt } from "./world.ts";
 * churnsAt(-2.2, false); // => true
 * churnsAt(-2.2, true); // => false
 * ```
 */
export function churnsAt(m: number, prospect: boolean): boolean {
  return !prospect && m < -2.1;
}

/** The running interaction sequence and row counts, shared by all accounts. */
interface WorldTally {
  seq: number;
  counts: WorldResult["counts"];
}

/** One interaction row of interactions.csv; `tally.seq` numbers it. */
function interactionCsvRow(
  tally: WorldTally,
  acc: AccountProfile,
  at: string,
  contact: string,
  type: string,
  source: string,
  owner: string | null,
): string {
  tally.seq++;
  tally.counts.interactions++;
  return formatCsvRow([
    `${acc.id}-${pad(tally.seq, 9)}`,
    at,
    acc.id,
    contact,
    type,
    source,
    1,
    null,
    null,
    owner,
    acc.initiative,
    null,
  ]);
}

/** The month's interactions: Poisson(rate) of them, each negative with {@linkcode negativeShare}. */
function monthInteractions(
  rng: Rng,
  acc: AccountProfile,
  mon: Month,
  rate: number,
  x: number,
  samplers: InteractionSamplers,
  tally: WorldTally,
): string {
  const n = rng.poisson(rate);
  const pNeg = negativeShare(x);
  let out = "";
  for (let k = 0; k < n; k++) {
    const neg = rng.next() < pNeg;
    const type = draw(
      rng,
      acc.prospect
        ? (neg ? samplers.prospectNeg : samplers.prospectPos)
        : (neg ? samplers.customerNeg : samplers.customerPos),
    );
    out += placedInteraction(rng, acc, mon, type, tally);
  }
  return out;
}

/** One interaction of `type` in month `mon`: its day, hour, contact and owner drawn. */
function placedInteraction(
  rng: Rng,
  acc: AccountProfile,
  mon: Month,
  type: IpfEntry,
  tally: WorldTally,
): string {
  const day = 1 + rng.int(mon.days);
  const hour = 7 + rng.int(11);
  const personal = type.relationship_type.includes("personal");
  const at = `${mon.label}-${pad(day, 2)}T${pad(hour, 2)}:${pad(rng.int(60), 2)}:00Z`;
  const contact = `${acc.id}-c${1 + rng.int(acc.nContacts)}`;
  return interactionCsvRow(
    tally,
    acc,
    at,
    contact,
    type.interaction_type,
    SOURCE[type.function] ?? "crm",
    personal ? acc.owner : null,
  );
}

/**
 * (f) A collapsing account's complaints: Poisson(rate) extra negative interactions in
 * the month, drawn from its roles stream (used for nothing else after its roles), so
 * no other draw of the world moves.
 */
function complaints(
  rng: Rng,
  acc: AccountProfile,
  mon: Month,
  rate: number,
  samplers: InteractionSamplers,
  tally: WorldTally,
): string {
  const n = rng.poisson(rate);
  let out = "";
  for (let k = 0; k < n; k++) {
    out += placedInteraction(rng, acc, mon, draw(rng, samplers.customerNeg), tally);
  }
  return out;
}

/** (g) An adopter's extra interactions of its driver types: Poisson(rate) of each a month. */
function driverInteractions(
  rng: Rng,
  acc: AccountProfile,
  mon: Month,
  rate: number,
  tally: WorldTally,
): string {
  let out = "";
  for (const type of acc.adopted) {
    const n = rng.poisson(rate);
    for (let k = 0; k < n; k++) out += placedInteraction(rng, acc, mon, type, tally);
  }
  return out;
}

/**
 * The month's voice of the customer: once a quarter, with probability 0.35, an NPS
 * answer with a comment of its band, also recorded as an `nps_response` interaction.
 */
function monthVoc(
  rng: Rng,
  acc: AccountProfile,
  mon: Month,
  x: number,
  npsType: IpfEntry | undefined,
  tally: WorldTally,
): { voc: string; interactions: string } {
  if (!(mon.m % 3 === 0 && rng.next() < 0.35)) return { voc: "", interactions: "" };
  const score = npsScore(x, rng.normal());
  const band = score >= 9 ? "promoter" : score >= 7 ? "passive" : "detractor";
  const day = 1 + rng.int(mon.days);
  const contact = `${acc.id}-c${1 + rng.int(acc.nContacts)}`;
  const at = `${mon.label}-${pad(day, 2)}T12:00:00Z`;
  const voc = formatCsvRow([
    acc.id,
    contact,
    at,
    score,
    null,
    null,
    rng.pick(COMMENTS[band]),
    "email survey",
  ]);
  tally.counts.voc++;
  const interactions = npsType
    ? interactionCsvRow(tally, acc, at, contact, npsType.interaction_type, "survey", null)
    : "";
  return { voc, interactions };
}

/**
 * The month's financials row of a customer: wallet growing 0.4 % a month with noise,
 * revenue = wallet × {@linkcode shareOfWallet} × lognormal noise, gross profit at the
 * account's margin, cost to serve 150·√size + 3 % of revenue; a loss-maker's cost to
 * serve is `lossFactor` (1.3–1.8) × its gross profit.
 */
function monthFinancials(
  rng: Rng,
  acc: AccountProfile,
  mon: Month,
  t: number,
  m: number,
  churned: boolean,
  lossFactor: number,
  tally: WorldTally,
): string {
  const wallet = acc.wallet0 * Math.exp(0.004 * t + 0.05 * rng.normal());
  const share = shareOfWallet(acc.sowBase, m, churned);
  const revenue = churned ? 0 : wallet * share * Math.exp(0.1 * rng.normal());
  const gp = revenue * acc.margin;
  const cts = churned
    ? 0
    : acc.lossMaker
    ? gp * lossFactor
    : 150 * Math.sqrt(acc.size) + 0.03 * revenue;
  tally.counts.financials++;
  return formatCsvRow([
    acc.id,
    mon.label,
    revenue.toFixed(2),
    gp.toFixed(2),
    cts.toFixed(2),
    wallet.toFixed(2),
  ]);
}

/** The CSV sinks of a world, each with its header written. */
function openSinks(files: Record<"interactions" | "accounts" | "financials" | "voc", string>) {
  const sinks = {
    interactions: new TextSink(files.interactions),
    accounts: new TextSink(files.accounts),
    financials: new TextSink(files.financials),
    voc: new TextSink(files.voc),
  };
  sinks.interactions.write(formatCsvRow(INTERACTIONS.columns.map((c) => c.name)));
  sinks.accounts.write(
    formatCsvRow([...ACCOUNTS.columns.map((c) => c.name), "initiative", "synthetic_size"]),
  );
  sinks.financials.write(formatCsvRow(FINANCIALS.columns.map((c) => c.name)));
  sinks.voc.write(formatCsvRow(VOC.columns.map((c) => c.name)));
  return sinks;
}

/**
 * Generates account `a` (its row, then its months) into the sinks and returns its
 * profile. The account's base draws come from stream `a` of the seed, its planted roles,
 * driver interactions and loss factors from three streams of its own, so switching an
 * effect changes only what that effect changes.
 */
function writeAccount(
  a: number,
  p: WorldParams,
  reps: readonly { id: string; region: string }[],
  choices: WorldChoices,
  samplers: InteractionSamplers,
  sinks: ReturnType<typeof openSinks>,
  tally: WorldTally,
): AccountProfile {
  const rng = mulberry32(deriveSeed(p.seed, a));
  const fxRoles = mulberry32(deriveSeed(p.effectSeed, 3 * a));
  const fxDrivers = mulberry32(deriveSeed(p.effectSeed, 3 * a + 1));
  const fxLoss = mulberry32(deriveSeed(p.effectSeed, 3 * a + 2));
  const acc = drawAccount(rng, a, p, reps);
  drawRoles(fxRoles, acc, p, choices);
  tally.counts.contacts += acc.nContacts;
  sinks.accounts.write(accountCsvRow(acc, monthAt(p.y0, p.m0, acc.firstMonth)));
  const { h, u } = latentPaths(rng, p.months + p.lag);
  if (acc.healthShift !== 0) { for (let t = 0; t < h.length; t++) h[t] += acc.healthShift; }
  const { x: health, m } = plantedDrivers(p.effects.lead ? "planted" : "none", h, u, p.lag);
  const collapseFrom = Math.max(0, p.months - COLLAPSE_MONTHS);
  const x = (t: number) => health(t) + (acc.collapse && t >= collapseFrom ? COLLAPSE_DROP : 0);
  // loss-makers and collapsing accounts stay customers to the end
  const stays = acc.lossMaker || acc.collapse;
  let churned = false;
  let line = "";
  let voc = "";
  let fin = "";
  for (let t = acc.firstMonth; t < p.months; t++) {
    const mon = monthAt(p.y0, p.m0, t);
    if (!churned && !stays && churnsAt(m(t), acc.prospect)) churned = true;
    const state = { churned, planted: p.effects.lead, prospect: acc.prospect };
    const rate = interactionRate(p.intensity, x(t), state);
    line += monthInteractions(rng, acc, mon, rate, x(t), samplers, tally);
    if (acc.collapse && t >= collapseFrom) {
      line += complaints(fxRoles, acc, mon, COLLAPSE_COMPLAINTS, samplers, tally);
    }
    if (acc.adopted.length > 0) {
      const extra = interactionRate(DRIVER_MONTHLY_RATE, 0, state);
      line += driverInteractions(fxDrivers, acc, mon, extra, tally);
    }
    const said = monthVoc(rng, acc, mon, x(t), samplers.npsType, tally);
    voc += said.voc;
    line += said.interactions;
    if (!acc.prospect) {
      const lossFactor = acc.lossMaker ? 1.3 + 0.5 * fxLoss.next() : 0;
      fin += monthFinancials(rng, acc, mon, t, m(t), churned, lossFactor, tally);
    }
  }
  sinks.interactions.write(line);
  sinks.voc.write(voc);
  sinks.financials.write(fin);
  return acc;
}

/** The truth of a world from its accounts' profiles (a key is null when its effect is off). */
function worldTruth(p: WorldParams, choices: WorldChoices, accs: AccountProfile[]): Truth {
  const ids = (f: (a: AccountProfile) => boolean) => accs.filter(f).map((a) => a.id);
  const e = p.effects;
  return {
    synthetic: true,
    seed: p.seed,
    effect: p.effect,
    effects: e,
    start: p.start,
    months: p.months,
    lead: e.lead ? { lag_months: p.lag } : null,
    prospects: e.prospects ? ids((a) => a.prospect) : null,
    loss_makers: e.loss_makers ? ids((a) => a.lossMaker) : null,
    community: e.community
      ? { members: ids((a) => a.community), health_shift: COMMUNITY_HEALTH_SHIFT }
      : null,
    top_reps: e.top_reps
      ? {
        reps: choices.topReps,
        health_shift: TOP_REP_HEALTH_SHIFT,
        accounts: ids((a) => choices.topReps.includes(a.owner)),
      }
      : null,
    collapse: e.collapse
      ? {
        accounts: ids((a) => a.collapse),
        months: COLLAPSE_MONTHS,
        from: monthAt(p.y0, p.m0, Math.max(0, p.months - COLLAPSE_MONTHS)).label,
        drop: COLLAPSE_DROP,
        complaints: COLLAPSE_COMPLAINTS,
      }
      : null,
    drivers: e.drivers
      ? {
        types: choices.drivers.map((t) => t.interaction_type),
        sow_shift: DRIVER_SOW_SHIFT,
        monthly_rate: DRIVER_MONTHLY_RATE,
        adopters: Object.fromEntries(
          choices.drivers.map((
            t,
          ) => [t.interaction_type, ids((a) => a.adopted.includes(t))]),
        ),
      }
      : null,
  };
}

/** The IPF catalog as ipf.csv text, so the world's folder is self-contained. */
function ipfCsv(ipf: readonly IpfEntry[]): string {
  let text = formatCsvRow([
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
    text += formatCsvRow([
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
  return text;
}

/**
 * Writes a synthetic world into `out`: interactions.csv, ipf.csv, accounts.csv,
 * financials.csv, voc.csv, README.md and manifest.json. Streams rows to disk, so
 * memory does not grow with the number of accounts. Each account draws from its own
 * seeded stream ({@linkcode deriveSeed}), so the same seed gives the same bytes.
 *
 * Steps: resolve the options, build the samplers, then per account draw its traits,
 * its latent paths and, month by month, its interactions, NPS answers and financials
 * (the planted effect is {@linkcode plantedDrivers}); last the IPF copy, the manifest
 * and the README.
 *
 * Complexity: O(accounts × months × intensity).
 *
 * @example
 * ```ts
 * import { generateWorld } from "./world.ts";
 * import { loadTable } from "../engine/records.ts";
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
  const p = worldParams(options);
  await Deno.mkdir(out, { recursive: true });
  const samplers = interactionSamplers(ipf);
  const files = {
    interactions: join(out, "interactions.csv"),
    accounts: join(out, "accounts.csv"),
    financials: join(out, "financials.csv"),
    voc: join(out, "voc.csv"),
    ipf: join(out, "ipf.csv"),
  };
  const sinks = openSinks(files);
  const reps = salesReps();
  const choices = worldChoices(p.seed, ipf);
  const accs: AccountProfile[] = [];
  const tally: WorldTally = {
    seq: 0,
    counts: {
      accounts: p.nAccounts,
      contacts: 0,
      interactions: 0,
      financials: 0,
      voc: 0,
      ipf: ipf.length,
    },
  };
  for (let a = 0; a < p.nAccounts; a++) {
    accs.push(writeAccount(a, p, reps, choices, samplers, sinks, tally));
    if (options.onProgress && (a + 1) % 1000 === 0) options.onProgress(a + 1);
  }
  for (const s of Object.values(sinks)) s.close();
  const ipfText = ipfCsv(ipf);
  await Deno.writeTextFile(files.ipf, ipfText);
  const truthFile = join(out, "truth.json");
  const truth = worldTruth(p, choices, accs);
  await Deno.writeTextFile(truthFile, JSON.stringify(truth, null, 2) + "\n");

  const result: WorldResult = {
    synthetic: true,
    out,
    seed: p.seed,
    effect: p.effect,
    effects: p.effects,
    lag_months: p.lag,
    months: p.months,
    start: p.start,
    truth_file: truthFile,
    counts: tally.counts,
    files: [
      ...Object.values(files),
      truthFile,
      join(out, "README.md"),
      join(out, "manifest.json"),
    ],
    bytes: Object.values(sinks).reduce((b, s) => b + s.bytes, 0) + ipfText.length,
  };
  await Deno.writeTextFile(
    join(out, "manifest.json"),
    JSON.stringify(
      {
        data_kind: "synthetic",
        generator: "rvlab generate",
        ...result,
        // where the world was written is not part of it (it may be moved, or built beside)
        out: undefined,
        files: undefined,
        truth_file: "truth.json",
      },
      null,
      2,
    ) + "\n",
  );
  await Deno.writeTextFile(join(out, "README.md"), worldReadme(result, truth));
  return result;
}

/** What each effect plants, in words, for the world's README. */
function effectLine(e: Effect, r: WorldResult, t: Truth): string {
  switch (e) {
    case "lead":
      return t.lead
        ? `relationship health drives interactions now and share of wallet, revenue and profit **${r.lag_months} months later**`
        : "money follows a latent process independent of the interactions: RV should not lead profit here";
    case "prospects":
      return t.prospects
        ? `${t.prospects.length} prospects: acquisition and closing interactions, never revenue`
        : "no prospects";
    case "loss_makers":
      return t.loss_makers
        ? `${t.loss_makers.length} loss-makers: they buy, but cost to serve is 1.3–1.8 × gross profit every month`
        : "no loss-makers";
    case "community":
      return t.community
        ? `${t.community.members.length} community members, health +${t.community.health_shift}`
        : "community membership has no effect";
    case "top_reps":
      return t.top_reps
        ? `top reps ${
          t.top_reps.reps.join(", ")
        }: health +${t.top_reps.health_shift} on their accounts`
        : "no top reps";
    case "collapse":
      return t.collapse
        ? `${t.collapse.accounts.length} accounts collapse from ${t.collapse.from} (health of interactions ${t.collapse.drop}, about ${t.collapse.complaints} complaints a month)`
        : "no collapses";
    case "drivers":
      return t.drivers
        ? `driver types ${
          t.drivers.types.join(", ")
        }: adopters have them about ${t.drivers.monthly_rate} times a month more, share-of-wallet logit +${t.drivers.sow_shift} per type adopted`
        : "no driver types";
  }
}

function worldReadme(r: WorldResult, t: Truth): string {
  const lines = EFFECTS.map((e) =>
    `- \`${e}\` ${r.effects[e] ? "on" : "off"}: ${effectLine(e, r, t)}`
  );
  return `# SYNTHETIC data — generated by rvlab, not real customers

Generated by \`rvlab generate\` with seed ${r.seed}, effect \`${r.effect}\`, ${r.counts.accounts} accounts,
${r.months} months from ${r.start}. Planted effects (the groups are listed in \`truth.json\`):

${lines.join("\n")}

Counts: ${r.counts.interactions} interactions, ${r.counts.accounts} accounts (${r.counts.contacts} contacts),
${r.counts.financials} account-months of financials, ${r.counts.voc} NPS answers. The model is
documented in the rvlab README, section "Synthetic worlds", and in \`src/generate/world.ts\`.
`;
}
