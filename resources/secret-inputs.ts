/**
 * Resource classes with a password input: the value is wrapped in `pulumi.secret` whatever the
 * program passes, and the input and its digest are secret outputs, so Pulumi encrypts both in
 * the state.
 */
import * as pulumi from "@pulumi/pulumi";

export function withSecretInputs<A extends object>(props: Record<string, unknown>, args: A, opts: pulumi.CustomResourceOptions | undefined, fields: readonly (keyof A & string)[]):
  { props: Record<string, unknown>; opts: pulumi.CustomResourceOptions } {
  const out = { ...props };
  for (const f of fields) if (args[f] !== undefined) out[f] = pulumi.secret(args[f] as pulumi.Input<unknown>);
  const secretOutputs = [...fields, "secretDigests"];
  return { props: out, opts: { ...opts, additionalSecretOutputs: [...new Set([...(opts?.additionalSecretOutputs ?? []), ...secretOutputs])] } };
}
