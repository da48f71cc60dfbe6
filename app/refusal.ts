/**
 * The one way an expected failure travels (docs/decisions/026): domain code throws a `Refusal`
 * (a 4xx status, a sentence from app/i18n/en.ts, and for forms the fields at fault with what the
 * user typed); one adapter in the server turns it into a response (app/server/refusal-adapter.ts),
 * the collab server into a close code. No framework here, so any layer may throw one.
 */
import { t, type MessageKey } from "./i18n/i18n";

export type { MessageKey } from "./i18n/i18n";

export type RefusalStatus = 400 | 401 | 403 | 404 | 405 | 409 | 410 | 413 | 415 | 422 | 429;

/** Per field, its messages (already sentences: they come from the form's schema). */
export type FieldErrors = Record<string, string[]>;
/** What the user typed, echoed back so the form keeps it. */
export type EchoedValues = Record<string, string | string[]>;

/** What a page's `useActionData` holds after a refused form (the adapter answers it with status 400). */
export interface RefusedForm {
  refused: true;
  message: string;
  form: string | null;
  errors: FieldErrors;
  values: EchoedValues;
}

export interface RefusalOptions {
  params?: Record<string, unknown>;
  fieldErrors?: FieldErrors;
  values?: EchoedValues;
  /** which form of the page was refused, when a page has several */
  form?: string;
  /** e.g. Retry-After with a 429 */
  headers?: Record<string, string>;
}

/*
 * The server (app/server) and the route modules of the Remix build each bundle their own copy of
 * this module, so `instanceof` cannot tell a Refusal across them: a brand in the global symbol
 * registry can.
 */
const BRAND = Symbol.for("accord.refusal");

/** An expected failure: its `message` is the sentence a person reads. */
export class Refusal extends Error {
  readonly [BRAND] = true;
  readonly status: RefusalStatus;
  readonly key: MessageKey;
  readonly params: Record<string, unknown>;
  readonly fieldErrors: FieldErrors | null;
  readonly values: EchoedValues | null;
  readonly form: string | null;
  readonly headers: Record<string, string>;

  constructor(status: RefusalStatus, key: MessageKey, options: RefusalOptions = {}) {
    const params = options.params ?? {};
    super(t(key, params));
    this.name = "Refusal";
    this.status = status;
    this.key = key;
    this.params = params;
    this.fieldErrors = options.fieldErrors ?? null;
    this.values = options.values ?? null;
    this.form = options.form ?? null;
    this.headers = options.headers ?? {};
  }

  /** The same refusal with some of its options changed. */
  with(changes: RefusalOptions): Refusal {
    const { status, key, params, fieldErrors, values, form, headers } = this;
    const current: RefusalOptions = { params, fieldErrors: fieldErrors ?? undefined, values: values ?? undefined, form: form ?? undefined, headers };
    return new Refusal(status, key, { ...current, ...changes });
  }

  /** The same refusal, keeping what the user typed (a service refuses fields of input it received parsed). */
  keeping(values: EchoedValues): Refusal {
    return this.with({ values });
  }

  /**
   * The same refusal answered next to `form` on the page that sent it, instead of replacing the
   * page with the error boundary (a fetcher's form, or a button whose page should stay): the
   * page action's adapter returns any refusal that carries field errors, even none.
   */
  inline(form: string, values?: EchoedValues): Refusal {
    return this.with({ form, fieldErrors: this.fieldErrors ?? {}, values: this.values ?? values });
  }
}

export function isRefusal(error: unknown): error is Refusal {
  return typeof error === "object" && error !== null && (error as { [BRAND]?: unknown })[BRAND] === true;
}

/** Refuse with this status and sentence. */
export function refuse(status: RefusalStatus, key: MessageKey, options?: RefusalOptions): never {
  throw new Refusal(status, key, options);
}

/** Refuse a form: 400, the messages per field, and what the user typed so the form keeps it. */
export function refuseFields(fieldErrors: FieldErrors, values?: EchoedValues, options: Omit<RefusalOptions, "fieldErrors" | "values"> = {}): never {
  throw new Refusal(400, "validation.fixBelow", { ...options, fieldErrors, values });
}

/** Unless `condition` holds, refuse with this status and sentence; afterwards TypeScript knows it holds. */
export function refuseUnless(condition: unknown, status: RefusalStatus, key: MessageKey, options?: RefusalOptions): asserts condition {
  if (!condition) throw new Refusal(status, key, options);
}

/** 404 unless `value` exists; afterwards TypeScript knows it does. */
export function assertFound<T>(value: T, key: MessageKey, options?: RefusalOptions): asserts value is NonNullable<T> {
  if (value === null || value === undefined) throw new Refusal(404, key, options);
}

/** 403 unless `condition` holds. */
export function assertAllowed(condition: unknown, key: MessageKey, options?: RefusalOptions): asserts condition {
  if (!condition) throw new Refusal(403, key, options);
}

/** 400 unless `condition` holds (a request no form of ours sends). */
export function assertValid(condition: unknown, key: MessageKey, options?: RefusalOptions): asserts condition {
  if (!condition) throw new Refusal(400, key, options);
}

/** 409 unless `condition` holds (the state moved on: a phase, a status, someone else's change). */
export function assertNoConflict(condition: unknown, key: MessageKey, options?: RefusalOptions): asserts condition {
  if (!condition) throw new Refusal(409, key, options);
}
