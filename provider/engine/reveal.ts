/**
 * Secrets given encrypted (spec.encryptedSecrets): decrypted with KMS for the calls that send
 * them only. The plain value is never stored, logged or put in a message.
 */
import { z } from "zod";
import { isApiError, withHint } from "../errors";
import { Props, UpdateGroup } from "../spec";
import { EngineContext } from "./context";

/** KMS Decrypt's answer: the plain value (never logged: the client logs no answer). */
const DECRYPTED = z.looseObject({ Plaintext: z.string() });

/** An update group that sends a secret which may be given encrypted. */
export function sendsEncrypted(ctx: EngineContext, g: UpdateGroup<Props>): boolean {
  return (ctx.spec.encryptedSecrets ?? []).some((e) => g.fields.includes(e.ciphertext) || g.fields.includes(e.secret));
}

/**
 * The inputs with each secret given encrypted (spec.encryptedSecrets) decrypted by KMS, for the
 * calls that send it only: callers keep using the inputs without it for everything stored.
 */
export async function reveal(ctx: EngineContext, regionId: string, idOf: () => string, inputs: Props): Promise<Props> {
  const { deps, label } = ctx;
  let out = inputs;
  for (const e of ctx.spec.encryptedSecrets ?? []) {
    const blob = inputs[e.ciphertext];
    if (typeof blob !== "string" || inputs[e.secret] !== undefined) continue;
    const context = e.context ? inputs[e.context] as Record<string, string> | undefined : undefined;
    let plain: string;
    try {
      const r = await deps.api(regionId, "kms").request("Decrypt", {
        CiphertextBlob: blob, ...(context && Object.keys(context).length ? { EncryptionContext: JSON.stringify(context) } : {}),
      }, { schema: DECRYPTED, idempotent: true });
      plain = r.Plaintext;
    } catch (err) {
      if (!isApiError(err)) throw err;
      throw withHint(err, `${label(idOf())}: ${e.ciphertext} could not be decrypted with KMS in ${regionId}. Check that it is the CiphertextBlob that KMS Encrypt returned `
        + `in this region${e.context ? `, that ${e.context} is exactly the EncryptionContext it was encrypted with` : ""}, that its key is enabled, and that these credentials may use it (kms:Decrypt).`);
    }
    // The plain value obeys the secret's own rules; the message never contains it.
    const checked = (ctx.shape[e.secret] as z.ZodType).safeParse(plain);
    if (!checked.success) throw new Error(`${label(idOf())}: the value decrypted from ${e.ciphertext} is not a valid ${e.secret}: it ${checked.error.issues[0]?.message ?? "is not valid"}. Encrypt a valid one and set ${e.ciphertext} to the new CiphertextBlob.`);
    out = { ...out, [e.secret]: plain };
  }
  return out;
}
