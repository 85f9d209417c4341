import type * as pulumi from "@pulumi/pulumi";

/** A list whose elements may be Outputs too; other values as they are. */
type ElementsAsInputs<V> = V extends readonly (infer E)[] ? pulumi.Input<E>[] : V;

/** The arguments of a `…Output` function: each may be an Output, and so may each element of a list. */
export type OutputArgs<T> = {
  [K in keyof T]: pulumi.Input<ElementsAsInputs<T[K]>>;
};
