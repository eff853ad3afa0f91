/**
 * The canonical data model of rvlab, as written in `../shared/spec/data-model.md`.
 *
 * Every loader, adapter, generator and engine targets these table specs; nothing
 * else in the code base restates column names or types. A table spec lists its
 * columns in canonical order with their type and whether they are required;
 * columns a file carries beyond these are kept as text "extra" columns and are
 * usable as dimensions.
 *
 * @module
 */

/** The value types of the data model. `text` is free text (may be empty). */
export type ColumnType = "id" | "date" | "number" | "bool" | "text" | "enum" | "period";

/** One column of a canonical table. */
export interface ColumnSpec {
  /** lower snake case column name */
  readonly name: string;
  readonly type: ColumnType;
  /** a required column must be present in the file and non-empty in every row */
  readonly required: boolean;
  /** allowed words for `enum` columns */
  readonly values?: readonly string[];
  /** value range for numbers, inclusive */
  readonly min?: number;
  readonly max?: number;
}

/** One canonical table. */
export interface TableSpec {
  readonly name: TableName;
  readonly columns: readonly ColumnSpec[];
  /** column whose values must be unique in the table (first occurrence kept) */
  readonly key?: string;
  /** required to run anything at all */
  readonly requiredTable: boolean;
}

/** Names of the canonical tables that are stored as rows. */
export type TableName = "interactions" | "ipf" | "accounts" | "financials" | "voc" | "transcripts";

export const STAGES = ["acquisition", "closing", "retention"] as const;
export const FUNCTIONS = [
  "marketing",
  "sales",
  "service",
  "community",
  "finance",
  "operations",
] as const;
export const RELATIONSHIP_TYPES = [
  "personal_assistance",
  "dedicated_personal_assistance",
  "self_service",
  "automated_service",
  "community",
  "co_creation",
] as const;

export type Stage = typeof STAGES[number];
export type BusinessFunction = typeof FUNCTIONS[number];
export type RelationshipType = typeof RELATIONSHIP_TYPES[number];

const col = (
  name: string,
  type: ColumnType,
  required = false,
  extra: Partial<ColumnSpec> = {},
): ColumnSpec => ({ name, type, required, ...extra });

/** interactions: one row per thing that happened between the company and a customer. */
export const INTERACTIONS: TableSpec = {
  name: "interactions",
  requiredTable: true,
  key: "interaction_id",
  columns: [
    col("interaction_id", "id", true),
    col("occurred_at", "date", true),
    col("account_id", "id", true),
    col("contact_id", "id"),
    col("interaction_type", "id", true),
    col("source_system", "id"),
    col("quantity", "number"),
    col("amount", "number"),
    col("cost", "number"),
    col("owner_id", "id"),
    col("initiative", "id"),
    col("note", "text"),
  ],
};

/** ipf: the Interaction Process Flow, the catalog of interaction types. */
export const IPF: TableSpec = {
  name: "ipf",
  requiredTable: true,
  key: "interaction_type",
  columns: [
    col("interaction_type", "id", true),
    col("label", "text", true),
    col("rv", "number", true),
    col("variable_cost", "number", true, { min: 0 }),
    col("stage", "enum", true, { values: STAGES }),
    col("function", "enum", true, { values: FUNCTIONS }),
    col("relationship_type", "enum", true, { values: RELATIONSHIP_TYPES }),
    col("voc", "bool", true),
    col("description", "text"),
  ],
};

/** accounts: one row per customer organisation; any other column is a dimension. */
export const ACCOUNTS: TableSpec = {
  name: "accounts",
  requiredTable: false,
  key: "account_id",
  columns: [
    col("account_id", "id", true),
    col("name", "text"),
    col("industry", "text"),
    col("region", "text"),
    col("territory", "text"),
    col("product_line", "text"),
    col("owner_id", "id"),
    col("community_member", "bool"),
    col("created_at", "date"),
  ],
};

/** financials: money per account and period (one grain per file). */
export const FINANCIALS: TableSpec = {
  name: "financials",
  requiredTable: false,
  columns: [
    col("account_id", "id", true),
    col("period", "period", true),
    col("revenue", "number", true),
    col("gross_profit", "number"),
    col("cost_to_serve", "number"),
    col("wallet", "number", false, { min: 0 }),
  ],
};

/** voc: what customers say (scores and comments). */
export const VOC: TableSpec = {
  name: "voc",
  requiredTable: false,
  columns: [
    col("account_id", "id", true),
    col("contact_id", "id"),
    col("answered_at", "date", true),
    col("nps", "number", false, { min: 0, max: 10 }),
    col("csat", "number"),
    col("csat_scale", "number", false, { min: 1 }),
    col("comment", "text"),
    col("channel", "text"),
  ],
};

/** transcripts: one row per answer of an interview or open-feedback item. */
export const TRANSCRIPTS: TableSpec = {
  name: "transcripts",
  requiredTable: false,
  columns: [
    col("respondent_id", "id", true),
    col("company_id", "id"),
    col("role", "text"),
    col("question_id", "id"),
    col("question", "text"),
    col("answer", "text", true),
    col("language", "text"),
  ],
};

/** All canonical tables in load order (ipf before interactions: types are checked against it). */
export const TABLES: readonly TableSpec[] = [
  IPF,
  INTERACTIONS,
  ACCOUNTS,
  FINANCIALS,
  VOC,
  TRANSCRIPTS,
];

/**
 * Look up a table spec by name; throws for an unknown name.
 *
 * Why: one source of truth for each table's columns, key and types.
 * Complexity: O(tables).
 *
 * @example
 * ```ts
 * import { tableSpec } from "./schema.ts";
 * tableSpec("interactions").key; // => "interaction_id"
 * tableSpec("ipf").columns[0].name; // => "interaction_type"
 * ```
 */
export function tableSpec(name: TableName): TableSpec {
  const spec = TABLES.find((t) => t.name === name);
  if (!spec) throw new Error(`unknown table "${name}"`);
  return spec;
}

// ---------------------------------------------------------------------------
// Typed records. Dates are normalised ISO 8601 strings in UTC
// (`YYYY-MM-DDTHH:MM:SSZ`); periods are the `YYYY-MM-DD` start of the period.
// Missing optional values are `null`. Extra columns are kept as text in `extra`.
// ---------------------------------------------------------------------------

/** Extra, non-canonical columns of a row, kept as text. */
export type Extra = Record<string, string | null>;

export interface Interaction {
  interaction_id: string;
  occurred_at: string;
  account_id: string;
  /** defaults to account_id */
  contact_id: string;
  interaction_type: string;
  source_system: string | null;
  /** default 1 */
  quantity: number;
  amount: number | null;
  cost: number | null;
  owner_id: string | null;
  initiative: string | null;
  note: string | null;
  extra?: Extra;
}

export interface IpfEntry {
  interaction_type: string;
  label: string;
  rv: number;
  variable_cost: number;
  stage: Stage;
  function: BusinessFunction;
  relationship_type: RelationshipType;
  voc: boolean;
  description: string | null;
  extra?: Extra;
}

export interface Account {
  account_id: string;
  name: string | null;
  industry: string | null;
  region: string | null;
  territory: string | null;
  product_line: string | null;
  owner_id: string | null;
  community_member: boolean | null;
  created_at: string | null;
  extra?: Extra;
}

/** Grain of a financials file, inferred from its period column. */
export type PeriodGrain = "day" | "week" | "month" | "quarter" | "year";

export interface Financial {
  account_id: string;
  /** `YYYY-MM-DD`, the first day of the period */
  period: string;
  revenue: number;
  gross_profit: number | null;
  cost_to_serve: number | null;
  wallet: number | null;
  extra?: Extra;
}

export interface VocResponse {
  account_id: string;
  contact_id: string | null;
  answered_at: string;
  nps: number | null;
  csat: number | null;
  csat_scale: number | null;
  comment: string | null;
  channel: string | null;
  extra?: Extra;
}

export interface TranscriptAnswer {
  respondent_id: string;
  company_id: string | null;
  role: string | null;
  question_id: string | null;
  question: string | null;
  answer: string;
  language: string | null;
  extra?: Extra;
}

/** Maps each table name to its record type. */
export interface TableRecords {
  interactions: Interaction;
  ipf: IpfEntry;
  accounts: Account;
  financials: Financial;
  voc: VocResponse;
  transcripts: TranscriptAnswer;
}

/** A data set held in memory: ipf and interactions always, the rest when present. */
export interface Dataset {
  interactions: Interaction[];
  ipf: IpfEntry[];
  accounts?: Account[];
  financials?: Financial[];
  voc?: VocResponse[];
  transcripts?: TranscriptAnswer[];
}
