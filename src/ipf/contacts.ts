/**
 * De-duplicating contacts that several silos know under different ids.
 *
 * Marketing automation knows a person by e-mail, the CRM by its own contact id, the
 * service desk by a name typed by an agent. Two contact records are the same person
 * when they share a normalised e-mail, or a normalised name within the same account;
 * the relation is transitive (union–find), so a CRM record with an e-mail and a
 * service record with only a name join through a third record that has both.
 *
 * @module
 */

/** A contact as one silo knows it. */
export interface ContactRecord {
  source_system: string;
  contact_id: string;
  account_id: string;
  email?: string | null;
  name?: string | null;
}

/** One merged record in the merge report. */
export interface ContactMerge {
  /** the id kept for the person: the first record's contact_id (input order) */
  canonical_contact_id: string;
  source_system: string;
  merged_contact_id: string;
  /** the key that joined it to its group: "email" or "name+account" */
  matched_on: "email" | "name+account";
  key: string;
}

/** Result of {@linkcode dedupeContacts}. */
export interface ContactDedupe {
  /** `source_system + "\u0000" + contact_id` → canonical contact id */
  mapping: Map<string, string>;
  merges: ContactMerge[];
  /** number of distinct input records and of people after merging */
  records: number;
  people: number;
}

/**
 * Normalised e-mail: trimmed and lower-cased; empty, without "@" or with inner
 * white space gives null.
 *
 * Why: the same person appears in several systems with differently typed addresses.
 * Complexity: O(length of the address).
 *
 * @example
 * ```ts
 * import { normaliseEmail } from "./contacts.ts";
 * normaliseEmail("  Ann@Example.COM "); // => "ann@example.com"
 * normaliseEmail("no address"); // => null
 * ```
 */
export function normaliseEmail(email: string | null | undefined): string | null {
  const e = (email ?? "").trim().toLowerCase();
  return e.includes("@") && !/\s/.test(e) ? e : null;
}

/**
 * Normalised person name: accents removed, lower case, punctuation dropped,
 * white space collapsed, and the words sorted (so "Smith, Ann" = "Ann Smith").
 *
 * Why: a name is the fallback match key when records have no e-mail.
 * Complexity: O(n log n) in the number of words.
 *
 * @example
 * ```ts
 * import { normaliseName } from "./contacts.ts";
 * normaliseName("Smith, Ánn"); // => "ann smith"
 * normaliseName("  "); // => null
 * ```
 */
export function normaliseName(name: string | null | undefined): string | null {
  const n = (name ?? "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, " ").trim();
  if (n === "") return null;
  return n.split(/\s+/).sort().join(" ");
}

/** The mapping key of a record. */
export const contactKey = (source: string, contactId: string): string =>
  `${source}\u0000${contactId}`;

/**
 * Groups contact records that are the same person.
 *
 * Complexity: O(n α(n)) with union–find over the two keys.
 *
 * @example
 * ```ts
 * import { contactKey, dedupeContacts } from "./contacts.ts";
 * const r = dedupeContacts([
 *   { source_system: "crm", contact_id: "C1", account_id: "A", email: "Ann@X.com", name: "Ann Smith" },
 *   { source_system: "marketing", contact_id: "m9", account_id: "A", email: " ann@x.com" },
 *   { source_system: "service", contact_id: "t4", account_id: "A", name: "smith, ann" },
 * ]);
 * r.people; // => 1
 * r.mapping.get(contactKey("service", "t4")); // => "C1"
 * ```
 */
export function dedupeContacts(records: readonly ContactRecord[]): ContactDedupe {
  const ids: string[] = [];
  const index = new Map<string, number>();
  const parent: number[] = [];
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const union = (a: number, b: number) => {
    const ra = find(a), rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb); // the earlier record is the root
  };
  const byEmail = new Map<string, number>();
  const byName = new Map<string, number>();
  const how: ({ on: ContactMerge["matched_on"]; key: string } | undefined)[] = [];
  for (const r of records) {
    const k = contactKey(r.source_system, r.contact_id);
    let i = index.get(k);
    if (i === undefined) {
      i = ids.length;
      ids.push(r.contact_id);
      index.set(k, i);
      parent.push(i);
      how.push(undefined);
    }
    const email = normaliseEmail(r.email);
    if (email) {
      const j = byEmail.get(email);
      if (j === undefined) byEmail.set(email, i);
      else if (find(j) !== find(i)) {
        how[i] ??= { on: "email", key: email };
        how[j] ??= { on: "email", key: email };
        union(i, j);
      }
    }
    const name = normaliseName(r.name);
    if (name) {
      const nk = `${name}|${r.account_id}`;
      const j = byName.get(nk);
      if (j === undefined) byName.set(nk, i);
      else if (find(j) !== find(i)) {
        how[i] ??= { on: "name+account", key: nk };
        how[j] ??= { on: "name+account", key: nk };
        union(i, j);
      }
    }
  }
  const mapping = new Map<string, string>();
  const merges: ContactMerge[] = [];
  const roots = new Set<number>();
  for (const [k, i] of index) {
    const root = find(i);
    roots.add(root);
    mapping.set(k, ids[root]);
    if (root !== i) {
      merges.push({
        canonical_contact_id: ids[root],
        source_system: k.split("\u0000")[0],
        merged_contact_id: ids[i],
        matched_on: how[i]!.on,
        key: how[i]!.key,
      });
    }
  }
  return { mapping, merges, records: index.size, people: roots.size };
}
