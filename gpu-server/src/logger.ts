/** A tiny levelled logger: one line per record, `level message {json fields}`, to stderr. */
import type { LogLevel } from "./config";

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

function describe(fields: Record<string, unknown> | undefined): string {
  if (!fields) return "";
  const plain = Object.fromEntries(
    Object.entries(fields).map(([k, v]) =>
      v instanceof Error ? [k, { name: v.name, message: v.message, stack: v.stack }] : [k, v],
    ),
  );
  return ` ${JSON.stringify(plain)}`;
}

/** Logs records at `level` and above; "silent" logs nothing. */
export function makeLogger(level: LogLevel): Logger {
  const write =
    (at: Exclude<LogLevel, "silent">) => (message: string, fields?: Record<string, unknown>) => {
      if (rank[at] < rank[level]) return;
      console.error(
        `${new Date().toISOString()} ${at.toUpperCase()} ${message}${describe(fields)}`,
      );
    };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}
