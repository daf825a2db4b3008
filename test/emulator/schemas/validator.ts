import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { schemas, type SchemaName } from "../../../emulator/schemas";

/** One ajv instance holding every project schema, so cross-schema `$ref`s resolve. */
export function createSchemaAjv(): Ajv {
  // strict: a typo in a schema keyword should fail the suite, not be ignored.
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  for (const schema of Object.values(schemas)) ajv.addSchema(schema);
  return ajv;
}

const ajv = createSchemaAjv();
const validators = new Map<SchemaName, ValidateFunction>();

/** The compiled validator of a project schema. */
export function validatorFor(name: SchemaName): ValidateFunction {
  let validate = validators.get(name);
  if (!validate) {
    const id = schemas[name].$id;
    if (typeof id !== "string") throw new Error(`schema ${name} has no $id`);
    const found = ajv.getSchema(id);
    if (!found) throw new Error(`schema ${name} is not registered`);
    validate = found;
    validators.set(name, validate);
  }
  return validate;
}

/** Problems of `value` against a project schema; empty when it is valid. */
export function schemaErrors(name: SchemaName, value: unknown): string[] {
  const validate = validatorFor(name);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message ?? "is invalid"}`);
}

/** Throws, listing every problem, unless `value` is valid against a project schema. */
export function assertSchema(name: SchemaName, value: unknown): void {
  const errors = schemaErrors(name, value);
  if (errors.length > 0) {
    throw new Error(`body does not match the ${name} schema: ${errors.join("; ")}\n${JSON.stringify(value)}`);
  }
}
