// The one thing both back ends of the history store provide: PostgreSQL SQL with bound parameters, and
// transactions. The embedded store is PostgreSQL too (PGlite, PostgreSQL compiled to WebAssembly), so the schema,
// the migrations and every query are written once, in one dialect.

export interface SqlExecutor {
  /** One statement; `$1…` parameters are bound, never spliced into the text. */
  query<Row extends object>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Several statements, no parameters (migrations). */
  exec(text: string): Promise<void>;
}

export interface SqlClient extends SqlExecutor {
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** For messages: the file path, or the URL without its password. */
  readonly label: string;
}

/** The store could not be reached or used; the message names the database and the problem. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

