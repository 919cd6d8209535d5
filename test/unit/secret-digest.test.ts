import { digestMatches, digestOf, verifyDigests } from "../../provider/secret-digest";

describe("secret digests", () => {
  test("a digest matches its secret only; other schemes and malformed text never match", () => {
    const d = digestOf("Passw0rd-One");
    expect(d).toMatch(/^scrypt\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(d).not.toContain("Passw0rd-One");
    expect(digestMatches(d, "Passw0rd-One")).toBe(true);
    expect(digestMatches(d, "Passw0rd-Two")).toBe(false);
    expect(digestMatches(`bcrypt${d.slice(6)}`, "Passw0rd-One")).toBe(false);
    expect(digestMatches("scrypt$$", "Passw0rd-One")).toBe(false);
    expect(digestMatches(undefined, "Passw0rd-One")).toBe(false);
    expect(digestMatches(d, undefined)).toBe(false);
    expect(digestOf("Passw0rd-One")).not.toBe(d); // salted
  });

  test("verifyDigests checks on the thread pool, in parallel, and digestMatches then answers from memory", async () => {
    // Digests made elsewhere (another process): a fresh module has none of them in memory.
    const made = Array.from({ length: 6 }, (_, i) => [digestOf(`Secret-${i}`), `Secret-${i}`] as const);
    jest.resetModules();
    // No event-loop scrypt allowed from here on: every answer must come from the pool's checks.
    jest.doMock("node:crypto", () => ({ ...jest.requireActual("node:crypto"), scryptSync: () => { throw new Error("scryptSync called"); } }));
    const fresh = await import("../../provider/secret-digest");
    await fresh.verifyDigests([...made.map(([d, s]) => [d, s] as [unknown, unknown]), [made[0][0], "wrong"], [undefined, "x"], ["junk", "x"]]);
    for (const [d, s] of made) expect(fresh.digestMatches(d, s)).toBe(true);
    expect(fresh.digestMatches(made[0][0], "wrong")).toBe(false);
    expect(() => fresh.digestMatches(made[1][0], "never checked")).toThrow("scryptSync called");
    jest.dontMock("node:crypto");
  });

  test("secretUnchanged: the last change's input first, else the stored digest; primeSecretChecks leaves only memory lookups", async () => {
    const stored = { secretDigests: { accountPassword: digestOf("Same-Passw0rd-1") } };
    jest.resetModules();
    jest.doMock("node:crypto", () => ({ ...jest.requireActual("node:crypto"), scryptSync: () => { throw new Error("scryptSync called"); } }));
    const fresh = await import("../../provider/secret-digest");
    const { UNKNOWN } = await import("../../provider/spec");
    // The last input says so: no digest needed, none checked.
    expect(fresh.secretUnchanged("accountPassword", {}, "Same-Passw0rd-1", { accountPassword: "Same-Passw0rd-1" })).toBe(true);
    // An unknown value is never sent to scrypt; a known one is checked on the pool, then from memory.
    await fresh.primeSecretChecks(["accountPassword"], stored, { accountPassword: UNKNOWN });
    expect(() => fresh.secretUnchanged("accountPassword", stored, UNKNOWN)).toThrow("scryptSync called"); // not primed: skipped
    await fresh.primeSecretChecks(["accountPassword"], stored, { accountPassword: "Same-Passw0rd-1" });
    expect(fresh.secretUnchanged("accountPassword", stored, "Same-Passw0rd-1")).toBe(true);
    await fresh.primeSecretChecks(["accountPassword"], stored, { accountPassword: "Other-Passw0rd-2" }, { accountPassword: "Same-Passw0rd-1" });
    expect(fresh.secretUnchanged("accountPassword", stored, "Other-Passw0rd-2", { accountPassword: "Same-Passw0rd-1" })).toBe(false);
    jest.dontMock("node:crypto");
  });
});
