import type { AuditAction, ErrorCode, Role } from '@ecabinet/shared/contracts';

/** UI languages. Vietnamese is the default; English is offered on request. */
export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** A nested tree of messages; leaves are message strings with optional `{param}` placeholders. */
export interface MessageTree {
  readonly [key: string]: string | MessageTree;
}

/**
 * What every dictionary must cover exhaustively, whatever else it holds: each role, each API
 * error code and each audit action has a label, so adding one to the contracts fails the
 * build until it is translated.
 */
export interface RequiredMessages {
  readonly roles: Readonly<Record<Role, string>>;
  readonly errors: Readonly<Record<ErrorCode, string>>;
  readonly auditActions: Readonly<Record<AuditAction, string>>;
}

/** Same shape as `T` with every leaf widened to `string` (the type of a translation). */
export type Widen<T> = { readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** Every leaf of a dictionary as a dotted key: `'login.title'`, `'roles.admin'`, … */
export type MessageKey<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${MessageKey<T[K]>}`;
}[keyof T & string];

/** Flattens a dictionary into dotted keys (`auditActions.auth.login.succeeded`) for lookup. */
export function flattenMessages(tree: MessageTree, prefix = '', into = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') {
      into.set(path, value);
    } else {
      flattenMessages(value, path, into);
    }
  }
  return into;
}
