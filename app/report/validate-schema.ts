/**
 * A minimal JSON Schema (draft 2020-12) validator for exactly the subset used by
 * docs/report-schema.v1.json: type (string or list), const, enum, properties, required,
 * additionalProperties: false, items, oneOf, $ref to "#/$defs/…", minimum, maxItems, maxLength,
 * pattern. Unknown keywords ("$schema", "$id", "title", "description") are ignored.
 * Returns a list of errors ("" = valid), each with the JSON path of the offending value.
 */
export type JsonSchema = Record<string, unknown>;

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  if (type === "number") return actual === "number" || actual === "integer";
  return actual === type;
}

export function validateJsonSchema(root: JsonSchema, value: unknown): string[] {
  const errors: string[] = [];
  const resolve = (ref: string): JsonSchema => {
    if (!ref.startsWith("#/")) throw new Error(`unsupported $ref ${ref}`);
    let node: unknown = root;
    for (const part of ref.slice(2).split("/")) node = (node as Record<string, unknown>)[part];
    if (!node || typeof node !== "object") throw new Error(`unresolved $ref ${ref}`);
    return node as JsonSchema;
  };

  const check = (schema: JsonSchema, v: unknown, path: string, out: string[]): void => {
    if (typeof schema.$ref === "string") {
      check(resolve(schema.$ref), v, path, out);
      return;
    }
    if ("const" in schema && JSON.stringify(schema.const) !== JSON.stringify(v)) out.push(`${path}: expected ${JSON.stringify(schema.const)}`);
    if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) out.push(`${path}: ${JSON.stringify(v)} is not one of ${JSON.stringify(schema.enum)}`);
    if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
      if (!types.some((t) => matchesType(v, t))) {
        out.push(`${path}: expected ${types.join(" | ")}, got ${typeOf(v)}`);
        return;
      }
    }
    if (Array.isArray(schema.oneOf)) {
      const passing = (schema.oneOf as JsonSchema[]).filter((s) => {
        const sub: string[] = [];
        check(s, v, path, sub);
        return sub.length === 0;
      }).length;
      if (passing !== 1) out.push(`${path}: matches ${passing} of the oneOf alternatives, expected exactly 1`);
    }
    if (typeof v === "number" && typeof schema.minimum === "number" && v < schema.minimum) out.push(`${path}: ${v} < minimum ${schema.minimum}`);
    if (typeof v === "string") {
      if (typeof schema.maxLength === "number" && [...v].length > schema.maxLength) out.push(`${path}: longer than ${schema.maxLength} characters`);
      if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(v)) out.push(`${path}: does not match ${schema.pattern}`);
    }
    if (Array.isArray(v)) {
      if (typeof schema.maxItems === "number" && v.length > schema.maxItems) out.push(`${path}: more than ${schema.maxItems} items`);
      if (schema.items && typeof schema.items === "object") v.forEach((item, i) => check(schema.items as JsonSchema, item, `${path}[${i}]`, out));
    }
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const obj = v as Record<string, unknown>;
      const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
      for (const key of (schema.required ?? []) as string[]) if (!(key in obj)) out.push(`${path}: missing required property "${key}"`);
      for (const [key, val] of Object.entries(obj)) {
        if (props[key]) check(props[key]!, val, `${path}.${key}`, out);
        else if (schema.additionalProperties === false) out.push(`${path}: unexpected property "${key}"`);
      }
    }
  };

  check(root, value, "$", errors);
  return errors;
}
