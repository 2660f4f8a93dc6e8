// Types for scripts/build-catalog.mjs (plain Node ESM, imported by the tests).

export interface CatalogRow {
  status: number;
  name: string;
  message: string;
  description: string;
  retryable: boolean;
}

/** Seed file names, relative to data/seeds/. */
export const SEED_002: string;
export const SEED_004: string;

/** Fixed PascalCase names by status; for 4xx/5xx the http-errors class names. */
export const NAMES: Readonly<Record<number, string>>;

/** Statuses where the same request may succeed later without modification. */
export const RETRYABLE: readonly number[];

/** Strips inline reStructuredText markup (`**GET**` -> `GET`, `1\ *xx*` -> `1xx`). */
export function stripRst(text: string): string;

/** Parses seed 002's grid table: message and description by status. */
export function parseSeed002(text: string): Map<number, { message: string; description: string }>;

/** Parses seed 004 (markers dropped, line-break artefacts mended): message and description by status. */
export function parseSeed004(text: string): Map<number, { message: string; description: string }>;

/** Builds the catalogue (sorted by status) from the texts of seeds 002 and 004. */
export function parseCatalog(a: string, b: string): Array<{ status: number; name: string; message: string; description: string; retryable: boolean }>;

/** Renders the source of src/catalog/statuses.ts for the given rows. */
export function renderCatalog(entries: readonly CatalogRow[]): string;
