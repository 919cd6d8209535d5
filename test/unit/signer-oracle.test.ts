/**
 * Our signer against independent oracles: the official Alibaba packages' own signing functions
 * (@alicloud/openapi-util, @alicloud/openapi-core, @alicloud/rpc-util). Plus the record of seed
 * 003's worked example, whose printed signature does not reproduce.
 */
import OpenApiUtil from "@alicloud/openapi-util";
import * as $tea from "@alicloud/tea-typescript";
import { flattenParams } from "../../provider/flatten";
import { canonicalQuery, percentEncode, signAcs3, signV1, stringToSignV1 } from "../../provider/signer";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const RpcUtil = require("@alicloud/rpc-util").default;
// eslint-disable-next-line @typescript-eslint/no-var-requires
const OpenApiCoreUtil = require("@alicloud/openapi-core").OpenApiUtil;

const common = {
  Format: "JSON", Version: "2017-08-01", AccessKeyId: "testid", SignatureMethod: "HMAC-SHA1",
  SignatureVersion: "1.0", SignatureNonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", Timestamp: "2026-01-02T03:04:05Z",
};

const vectors: Array<[string, Record<string, unknown>]> = [
  ["plain", { Action: "DescribeRegions" }],
  ["chinese description", { Action: "ModifyDBClusterDescription", DBClusterId: "pc-abc", DBClusterDescription: "订单库 生产环境" }],
  ["spaces and reserved characters", { Action: "ModifyAccountDescription", AccountDescription: "a b*c~d+e/f=g&h%i!j'k(l)m" }],
  ["emoji and accents", { Action: "ModifyDBClusterDescription", DBClusterDescription: "café ☕ 🚀 naïve" }],
  ["list parameters", { Action: "CreateDBNodes", DBClusterId: "pc-x", DBNode: [{ TargetClass: "polar.pg.x4.medium" }, { TargetClass: "polar.pg.x8.large", ZoneId: "cn-hangzhou-h" }] }],
  ["ten list items sort as text", { Action: "DeleteDBNodes", DBNodeId: Array.from({ length: 11 }, (_, i) => `pi-${i}`) }],
  ["tags", { Action: "TagResources", ResourceId: ["pc-a"], Tag: [{ Key: "team", Value: "pay ments" }, { Key: "env", Value: "prod/eu" }] }],
  ["security token", { Action: "DescribeDBClusters", RegionId: "cn-hangzhou", SecurityToken: "CAIS+token/with=special&chars" }],
  ["numbers and booleans", { Action: "DescribeDBClusters", PageSize: 30, PageNumber: 2, AutoRenew: true }],
  ["empty value", { Action: "ModifyDBClusterAccessWhitelist", SecurityIps: "" }],
];

describe("signature v1 (HMAC-SHA1) agrees with the official packages", () => {
  for (const [name, p] of vectors) {
    for (const method of ["GET", "POST"]) {
      test(`${name}, ${method}`, () => {
        const params = { ...common, ...flattenParams(p) };
        const secret = "test&secret/with+chars=";
        const ours = signV1(method, params, secret);
        expect(ours).toBe(OpenApiUtil.getRPCSignature(params, method, secret));
        expect(ours).toBe(OpenApiCoreUtil.getRPCSignature(params, method, secret));
        const req = new $tea.Request();
        req.method = method;
        req.query = params;
        expect(ours).toBe(RpcUtil.getSignature(req, secret));
      });
    }
  }

  test("flattening matches the official query() for nested lists and objects", () => {
    const p = { DBNode: [{ TargetClass: "a", ZoneId: "z" }], Tag: [{ Key: "k", Value: "v" }], N: 3, B: false };
    expect(flattenParams(p)).toEqual(OpenApiUtil.query(p));
  });

  test("percent-encoding is RFC 3986: space %20, * %2A, ~ kept, + / = & escaped", () => {
    expect(percentEncode("a b*c~d+e/f=g&h")).toBe("a%20b%2Ac~d%2Be%2Ff%3Dg%26h");
    expect(percentEncode("订")).toBe("%E8%AE%A2");
  });

  test("parameters are sorted by byte order (upper case before _ before lower case)", () => {
    expect(canonicalQuery({ b: "1", B: "2", _a: "3", "DBNodeId.10": "x", "DBNodeId.2": "y" }))
      .toBe("B=2&DBNodeId.10=x&DBNodeId.2=y&_a=3&b=1");
  });
});

describe("ACS3-HMAC-SHA256 agrees with the official packages", () => {
  for (const [name, p] of vectors) {
    test(name, () => {
      const query = flattenParams(p);
      const headers: Record<string, string> = {
        host: "127.0.0.1:8080", "x-acs-action": "DescribeRegions", "x-acs-version": "2017-08-01",
        "x-acs-date": "2026-01-02T03:04:05Z", "x-acs-signature-nonce": "abc123",
        "x-acs-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "x-acs-security-token": "sts-token", "user-agent": "not signed", accept: "application/json",
      };
      const ours = signAcs3({ method: "POST", query, headers, accessKeyId: "ak-id", accessKeySecret: "sk-secret" });
      const req = new $tea.Request();
      req.method = "POST";
      req.pathname = "/";
      req.headers = { ...headers };
      req.query = { ...query };
      const official = OpenApiUtil.getAuthorization(req, "ACS3-HMAC-SHA256", headers["x-acs-content-sha256"], "ak-id", "sk-secret");
      expect(ours.authorization).toBe(official);
    });
  }
});

describe("seed 003's worked example (doc §4.3)", () => {
  const seedParams = {
    Timestamp: "2013-06-01T10:33:56Z", Format: "XML", AccessKeyId: "testid", Action: "DescribeDBClusters",
    SignatureMethod: "HMAC-SHA1", RegionId: "region1", SignatureNonce: "NwDAxvLU6tFE0DVb", Version: "2014-08-15", SignatureVersion: "1.0",
  };

  test("our StringToSign is the correct one for the seed's parameters", () => {
    expect(stringToSignV1("GET", seedParams)).toBe(
      "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeDBClusters%26Format%3DXML%26RegionId%3Dregion1%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3DNwDAxvLU6tFE0DVb%26SignatureVersion%3D1.0%26Timestamp%3D2013-06-01T10%253A33%253A56Z%26Version%3D2014-08-15");
  });

  test("the seed's printed signature does not reproduce; the official functions agree with us", () => {
    const ours = signV1("GET", seedParams, "testsecret");
    expect(ours).toBe("FwIOjkvTG0pa+31ztGJ5Wpx+SGs=");
    expect(ours).toBe(OpenApiUtil.getRPCSignature(seedParams, "GET", "testsecret"));
    expect(ours).not.toBe("BIPOMlu8LXBeZtLQkJTw6iFvw1E="); // what seed 003 prints
    expect(signV1("GET", { ...seedParams, Version: "2017-08-01" }, "testsecret")).toBe("tZbHK/r6hO9JCouCuTrYmPqxS2Q=");
  });
});
