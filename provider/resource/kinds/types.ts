/**
 * The shape of a resource kind's table: its inputs (type, default, allowed values, whether required,
 * docs), its outputs with docs, its type tokens and handler module, and the policy its rules read.
 * `check()`, the Args types, schema.json, `pulumi import`, `Invitees` and the plugin's dispatch all
 * read a kind from its table, so a new kind is a table and its rules.
 */
import type { Input } from "@pulumi/pulumi";
import type { Person } from "../person";

/** What a change of an input does: replace the resource, or update it in place. */
export type ChangeBy = "replace" | "update";

interface FieldBase {
  /** The input's docs, as the Args type and the schema give them. */
  docs: string;
  /** What a change does: replace the resource, or update it in place. @default "update" */
  change?: ChangeBy;
}

/** A text input, checked by the rule for what is sent (the client's). */
export interface StringField extends FieldBase {
  type: "string";
  /** Why a given value (not `null`, not unknown) cannot be used, or `undefined` when it can. */
  rule: (value: unknown) => string | undefined;
  /** Set when the input is required: the reason given when it is missing. */
  required?: string;
  /** Surrounding white space is removed before the value is used. */
  trim?: boolean;
}

/** A true/false input, `default` when absent. */
export interface BooleanField extends FieldBase {
  type: "boolean";
  default: boolean;
}

/** An input that takes one of `values` (listed in that order by messages), `default` when absent. */
export interface EnumField<V extends string = string> extends FieldBase {
  type: "enum";
  values: readonly V[];
  default: V;
  /** What the choice means, as the refusal of a bad value explains it. */
  meaning: string;
}

/** A list of objects, each checked by its own fields. */
export interface ListField<
  Items extends Readonly<Record<string, FieldSpec>> = Readonly<Record<string, FieldSpec>>,
> extends FieldBase {
  type: "list";
  /** The fields of each element. */
  items: Items;
  /** The schema's object type of each element (its token and docs); plain objects without it. */
  itemType?: { token: string; docs: string };
  /** Set when the list must hold at least one element: the reason given when it is missing or empty. */
  required?: string;
  /** Why an element whose fields are each valid cannot be used, or `undefined` when it can. */
  itemRule?: (item: Readonly<Record<string, unknown>>) => string | undefined;
}

/** A list of strings. */
export interface StringsField extends FieldBase {
  type: "strings";
  /** Set when the list must hold at least one string: the reason given when it is missing or empty. */
  required?: string;
}

/** One input of a kind. */
export type FieldSpec = StringField | BooleanField | EnumField | ListField | StringsField;

/**
 * One output of a kind, as the schema and the generated output types (`output-fields.ts`) declare it;
 * `nullable` ones are not required in the schema and may be `null` in state.
 */
export interface OutputSpec {
  type: "string" | "boolean" | "array";
  /** A string output that takes only these values (its TypeScript type is their union). */
  values?: readonly string[];
  /**
   * An array's element type: the schema's object type (its token) and the TypeScript type the client
   * exports for it; strings without it.
   */
  items?: { token: string; typeName: string };
  /** The output's docs. */
  docs: string;
  nullable?: boolean;
}

type Fields = Readonly<Record<string, FieldSpec>>;
type Required<F extends Fields> = { [K in keyof F]: F[K] extends { required: string } ? K : never }[keyof F];

/** A field's value type: what the program gives and the provider receives. */
export type ValueOf<F extends FieldSpec> = F extends BooleanField
  ? boolean
  : F extends EnumField<infer V>
    ? V
    : F extends ListField<infer Items>
      ? Array<InputsOf<Items>>
      : F extends StringsField
        ? string[]
        : string;

/** The resolved inputs of a kind's fields: required ones present, the rest optional. */
export type InputsOf<F extends Fields> = { [K in Required<F>]: ValueOf<F[K]> } & {
  [K in Exclude<keyof F, Required<F>>]?: ValueOf<F[K]>;
};

/** The arguments a program gives a kind's resource: every input, each a Pulumi input. */
export type ArgsOf<F extends Fields> = { [K in Required<F>]: Input<ValueOf<F[K]>> } & {
  [K in Exclude<keyof F, Required<F>>]?: Input<ValueOf<F[K]>>;
};

/** The defaults of a kind's switches (its boolean and enum inputs), each the table's value. */
export type DefaultsOf<F extends Fields> = {
  readonly [K in keyof F as F[K] extends BooleanField | EnumField ? K : never]: F[K] extends {
    default: infer D;
  }
    ? D
    : never;
};

/** The switches of a kind (its boolean and enum inputs) with their defaults applied. */
export type SwitchesOf<F extends Fields> = {
  [K in keyof F as F[K] extends BooleanField | EnumField ? K : never]: ValueOf<F[K]>;
};

/**
 * What tells kinds of the person lifecycle apart. An `Invite` is a `Member` with access management
 * off: it records someone who joined, and never changes or removes a membership.
 */
export interface PersonPolicy {
  /** Reactivate, set roles and deactivate memberships (`owner`, `onRemove`); an inactive member counts. */
  manageAccess: boolean;
}

/** A resource kind, declared once: the part every kind's table has. */
export interface KindSpec<Name extends string = string> {
  /** The kind's name, as messages and the SDKs say it. */
  name: Name;
  /** The type tokens: the dynamic provider's, and the native plugin's. */
  tokens: { dynamic: string; native: string };
  /** The package subpath exporting the kind's dynamic provider (see `exports` in package.json). */
  handlerModule: string;
  /** The schema's description of the resource. */
  docs: string;
  /** Inputs, in the order messages, Args and the schema list them. */
  fields: Fields;
  /** Outputs programs see, in schema order (the switches in effect follow them). */
  outputs: Readonly<Record<string, OutputSpec>>;
}

/** A kind of the person lifecycle: its table, and how it shows a person as its outputs. */
export interface PersonKindSpec<Name extends string = string> extends KindSpec<Name> {
  /** The policy switches the lifecycle reads. */
  policy: PersonPolicy;
  /** The kind's outputs for a person. */
  present(person: Person): object;
}
