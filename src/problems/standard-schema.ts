// The Standard Schema v1 interfaces errata reads (https://standardschema.dev), copied as the spec asks libraries
// to do, so that errata's types need no package at run time or in a user's install.

/**
 * A Standard Schema v1: what zod 4, valibot 1, arktype 2 and others implement.
 *
 * @example
 * const members: StandardSchemaV1<{ balance: number }> = z.object({ balance: z.number() });
 * const Insufficient = defineProblem({ type: 'https://api.example.com/problems/insufficient', status: 403, title: 'Insufficient funds', description: 'Top up, then try again.', members });
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': StandardSchemaV1.Props<Input, Output>;
}

// eslint-disable-next-line @typescript-eslint/no-namespace -- the spec's own shape: `StandardSchemaV1.Issue` and so on.
export declare namespace StandardSchemaV1 {
  /** The properties every Standard Schema carries. */
  export interface Props<Input = unknown, Output = Input> {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => Result<Output> | Promise<Result<Output>>;
    readonly types?: Types<Input, Output> | undefined;
    /** Standard JSON Schema (zod 4, arktype 2): the schema as JSON Schema. */
    readonly jsonSchema?: JsonSchemaConverter | undefined;
  }
  /** The result of `validate`. */
  export type Result<Output> = SuccessResult<Output> | FailureResult;
  /** A value that passed. */
  export interface SuccessResult<Output> {
    readonly value: Output;
    readonly issues?: undefined;
  }
  /** A value that failed, with why. */
  export interface FailureResult {
    readonly issues: ReadonlyArray<Issue>;
  }
  /** One reason a value failed. */
  export interface Issue {
    readonly message: string;
    readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined;
  }
  /** A path segment given as an object. */
  export interface PathSegment {
    readonly key: PropertyKey;
  }
  /** The input and output types, for inference only. */
  export interface Types<Input = unknown, Output = Input> {
    readonly input: Input;
    readonly output: Output;
  }
  /** Standard JSON Schema's converter (`~standard.jsonSchema`). */
  export interface JsonSchemaConverter {
    readonly input: (options: { readonly target: string }) => Record<string, unknown>;
    readonly output: (options: { readonly target: string }) => Record<string, unknown>;
  }
  /** The input type of a schema. */
  export type InferInput<Schema extends StandardSchemaV1> = NonNullable<Schema['~standard']['types']>['input'];
  /** The output type of a schema. */
  export type InferOutput<Schema extends StandardSchemaV1> = NonNullable<Schema['~standard']['types']>['output'];
}
