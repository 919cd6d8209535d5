/**
 * The gRPC library and the generated Pulumi protocol classes, loaded from @pulumi/pulumi's own
 * dependency tree: the service definition, the messages and the Struct class must come from the
 * same copies of grpc-js and google-protobuf the stubs were generated against.
 */
import { createRequire } from "node:module";

const fromSdk = createRequire(require.resolve("@pulumi/pulumi"));

/* eslint-disable @typescript-eslint/no-explicit-any */
export const grpc: typeof import("@grpc/grpc-js") = fromSdk("@grpc/grpc-js");
export const services: any = fromSdk("./proto/provider_grpc_pb");
export const messages: typeof import("@pulumi/pulumi/proto/provider_pb") = fromSdk("./proto/provider_pb");
export const pluginMessages: typeof import("@pulumi/pulumi/proto/plugin_pb") = fromSdk("./proto/plugin_pb");
export const statusMessages: any = fromSdk("./proto/status_pb");
export const structs: typeof import("google-protobuf/google/protobuf/struct_pb") = fromSdk("google-protobuf/google/protobuf/struct_pb");
export const anys: typeof import("google-protobuf/google/protobuf/any_pb") = fromSdk("google-protobuf/google/protobuf/any_pb");
export const empties: typeof import("google-protobuf/google/protobuf/empty_pb") = fromSdk("google-protobuf/google/protobuf/empty_pb");

export type Struct = import("google-protobuf/google/protobuf/struct_pb").Struct;
